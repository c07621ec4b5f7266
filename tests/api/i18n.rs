//! Language negotiation, the language switch, and completeness of the translations.

use std::collections::BTreeSet;

use shopplan::i18n::Lang;

use crate::support::TestApp;

#[tokio::test]
async fn without_a_choice_the_page_follows_accept_language() {
    let app = TestApp::spawn().await;
    let cases = [
        ("en-US,en;q=0.9", "en", "Home"),
        ("zh-TW,zh;q=0.9", "zh-CN", "首页"),
        ("fr-FR, en;q=0.5, zh-CN;q=0.8", "zh-CN", "首页"),
        ("de-DE", "zh-CN", "首页"),
    ];
    for (header, lang, home) in cases {
        let page = app.client().with_language(header).get("/").await.page();
        assert_eq!(page.lang(), lang, "{header}");
        assert_eq!(page.text("nav.mainnav a[href='/']"), home, "{header}");
    }
    let page = app.client().get("/").await.page();
    assert_eq!(page.lang(), "zh-CN", "Chinese is the default");
}

#[tokio::test]
async fn the_language_switch_remembers_the_choice_and_returns_to_the_page() {
    let app = TestApp::spawn().await;
    let client = app.client().with_language("zh-CN");
    let response = client
        .post_form("/language", &[("lang", "en"), ("next", "/missing?x=1")])
        .await;
    response.assert_status(303);
    assert_eq!(response.location(), "/missing?x=1");
    let cookie = response.header("set-cookie").unwrap();
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );

    let page = client.get("/").await.page();
    assert_eq!(page.lang(), "en", "the cookie beats Accept-Language");
    assert_eq!(
        page.attr(".lang-switch button[aria-current=true]", "lang"),
        "en"
    );
}

#[tokio::test]
async fn the_language_switch_never_redirects_off_the_site() {
    let app = TestApp::spawn().await;
    for next in ["https://evil.example/", "//evil.example/x", ""] {
        let response = app
            .client()
            .post_form("/language", &[("lang", "zh-CN"), ("next", next)])
            .await;
        response.assert_status(303);
        assert_eq!(response.location(), "/", "{next}");
    }
}

#[tokio::test]
async fn an_unknown_language_is_a_clear_400() {
    let app = TestApp::spawn().await;
    let response = app
        .client()
        .with_language("en")
        .post_form("/language", &[("lang", "tlh"), ("next", "/")])
        .await;
    response.assert_status(400);
    assert!(
        response
            .page()
            .text(".error-page .lead")
            .contains("English")
    );
}

#[tokio::test]
async fn a_cross_site_form_post_is_refused() {
    let app = TestApp::spawn().await;
    let response = app
        .client()
        .cross_site()
        .post_form("/language", &[("lang", "en"), ("next", "/")])
        .await;
    response.assert_status(403);
    assert!(response.header("set-cookie").is_none());
}

fn ftl_keys(lang: &str) -> BTreeSet<String> {
    let dir = format!("{}/src/i18n/locales/{lang}", env!("CARGO_MANIFEST_DIR"));
    let mut keys = BTreeSet::new();
    for entry in std::fs::read_dir(&dir).expect("locale dir") {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        for line in text.lines() {
            if let Some((key, _)) = line.split_once(" = ")
                && !key.starts_with([' ', '#', '-'])
                && !key.is_empty()
            {
                keys.insert(key.trim().to_string());
            }
        }
    }
    keys
}

#[test]
fn both_languages_translate_the_same_keys() {
    let zh = ftl_keys("zh-CN");
    let en = ftl_keys("en");
    let only_zh: Vec<_> = zh.difference(&en).collect();
    let only_en: Vec<_> = en.difference(&zh).collect();
    assert!(
        only_zh.is_empty() && only_en.is_empty(),
        "zh only: {only_zh:?}; en only: {only_en:?}"
    );
}

/// Every `t("key")` in the templates and every `Msg::new("key")` in the code is translated.
#[test]
fn every_key_used_in_templates_and_code_is_translated() {
    let root = env!("CARGO_MANIFEST_DIR");
    let mut used = BTreeSet::new();
    let mut stack = vec![format!("{root}/templates"), format!("{root}/src")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path.to_string_lossy().into_owned());
                continue;
            }
            let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
            if ext != "html" && ext != "rs" {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            for marker in [".t(\"", "Msg::new(\"", ".t_args(\""] {
                for piece in text.split(marker).skip(1) {
                    let key = piece.split('"').next().unwrap_or("");
                    let is_key = !key.is_empty()
                        && key
                            .chars()
                            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
                    if is_key {
                        used.insert(key.to_string());
                    }
                }
            }
        }
    }
    assert!(used.len() > 20, "the scan found the keys: {used:?}");
    for lang in Lang::ALL {
        let defined = ftl_keys(lang.code());
        let missing: Vec<_> = used.iter().filter(|k| !defined.contains(*k)).collect();
        assert!(missing.is_empty(), "{lang:?} misses {missing:?}");
    }
}
