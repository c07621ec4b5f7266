//! The layout, error pages, static assets, the API's error format and the OpenAPI document.

use axum::body::Body;
use axum::http::Method;

use crate::support::TestApp;

#[tokio::test]
async fn the_home_page_has_the_layout_navigation_and_language_switch() {
    let app = TestApp::spawn().await;
    let response = app.client().get("/").await;
    response.assert_status(200);
    let page = response.page();
    assert_eq!(page.text("header.topbar .brand-name"), "ShopPlan");
    assert!(page.exists("nav.mainnav a[href='/']"));
    assert_eq!(
        page.attrs(".lang-switch form input[name=lang]", "value"),
        vec!["zh-CN", "en"]
    );
    assert!(page.exists("main#main h1"));
    assert!(page.exists("footer.footer"));
}

#[tokio::test]
async fn an_unknown_page_is_a_404_page_that_looks_like_the_product() {
    let app = TestApp::spawn().await;
    let response = app.client().with_language("en").get("/no/such/page").await;
    response.assert_status(404);
    assert!(
        response
            .header("content-type")
            .unwrap()
            .starts_with("text/html")
    );
    let page = response.page();
    assert_eq!(page.text(".error-page .error-status"), "404");
    assert_eq!(page.text(".error-page h1"), "Page not found");
    assert!(
        page.exists("header.topbar .brand"),
        "the error page keeps the layout"
    );
    assert!(page.exists(".error-page a.button[href='/']"));
}

/// The Fortunes page exists only in builds made for benchmarking (`--features bench`).
#[cfg(not(feature = "bench"))]
#[tokio::test]
async fn the_benchmark_baseline_is_not_served_by_production_builds() {
    let app = TestApp::spawn().await;
    app.client().get("/bench/fortunes").await.assert_status(404);
}

#[tokio::test]
async fn api_errors_follow_the_contract_format() {
    let app = TestApp::spawn().await;
    let response = app.client().get("/api/v1/no-such-thing").await;
    response.assert_status(404);
    assert!(
        response
            .header("content-type")
            .unwrap()
            .starts_with("application/json")
    );
    let body = response.json();
    assert_eq!(body["error"]["code"], "not_found");
    assert!(body["error"]["message"].as_str().unwrap().len() > 20);
    assert!(body["error"].get("details").is_none());
}

#[tokio::test]
async fn a_wrong_method_is_refused_with_405_in_the_callers_format() {
    let app = TestApp::spawn().await;
    let response = app
        .client()
        .send(Method::DELETE, "/healthz", None, Body::empty())
        .await;
    response.assert_status(405);
    assert!(response.page().exists(".error-page"));
}

#[tokio::test]
async fn an_upload_over_the_size_limit_is_refused_with_413() {
    let app = TestApp::spawn_with(|c| c.max_upload_bytes = 1024).await;
    let response = app
        .client()
        .post_bytes("/api/v1/anything", "text/csv", vec![b'x'; 4096])
        .await;
    response.assert_status(413);
    assert_eq!(response.error_code(), "payload_too_large");
}

#[tokio::test]
async fn static_assets_are_cache_busted_and_cached_for_a_year() {
    let app = TestApp::spawn().await;
    let client = app.client();
    let page = client.get("/").await.page();
    let css = page.attr("link[rel=stylesheet][href*='/static/app.']", "href");
    assert!(css.ends_with(".css"));
    let response = client.get(&css).await;
    response.assert_status(200);
    assert_eq!(
        response.header("cache-control"),
        Some("public, max-age=31536000, immutable")
    );
    assert!(
        response
            .header("content-type")
            .unwrap()
            .starts_with("text/css")
    );
    assert!(response.text().contains("--brand"));

    // The plain name still works, briefly cached; an unknown file is a 404.
    let plain = client.get("/static/app.css").await;
    plain.assert_status(200);
    assert_eq!(plain.header("cache-control"), Some("public, max-age=60"));
    client.get("/static/nothing.css").await.assert_status(404);
}

#[tokio::test]
async fn the_openapi_document_is_served_and_generated_from_the_code() {
    let app = TestApp::spawn().await;
    let response = app.client().get("/api/v1/openapi.json").await;
    response.assert_status(200);
    let doc = response.json();
    assert_eq!(doc["openapi"], "3.1.0");
    assert_eq!(doc["info"]["title"], "ShopPlan API");
    assert!(doc["paths"]["/readyz"]["get"]["responses"]["503"].is_object());
}

#[tokio::test]
async fn a_refused_page_keeps_the_members_header_and_speaks_their_language() {
    let app = TestApp::spawn().await;
    let browser =
        crate::support::accounts::browser_signup(&app, "山野茶电商部", "wang@example.com").await;
    // A filter that cannot be read (an edited or old link), and a page that is not there.
    for (path, status) in [("/audit?before=yesterday", 400), ("/no/such/page", 404)] {
        let response = browser.get(path).await;
        response.assert_status(status);
        let page = response.page();
        assert_eq!(page.lang(), "zh-CN");
        assert_eq!(page.text("header .org-name"), "山野茶电商部", "{path}");
        assert_eq!(page.text("header .user-name"), "王芳");
        assert!(
            !page.exists("header a[href='/login']"),
            "{path} looks signed out"
        );
    }
    // The member's own language beats the browser's.
    browser
        .submit(
            "/account",
            "form[action='/account/profile']",
            &[("language", "en")],
        )
        .await
        .assert_status(303);
    let page = browser.get("/no/such/page").await.page();
    assert_eq!(page.lang(), "en");
    assert_eq!(page.text(".error-page h1"), "Page not found");
    assert_eq!(page.text("header .user-name"), "王芳");
}

#[tokio::test]
async fn an_unreadable_query_gets_a_page_that_says_what_to_do_not_the_parsers_words() {
    let app = TestApp::spawn().await;
    let browser =
        crate::support::accounts::browser_signup(&app, "山野茶电商部", "wang@example.com").await;
    let response = browser.get("/audit?action=a&action=b").await;
    response.assert_status(400);
    let page = response.page();
    assert_eq!(page.text("header .org-name"), "山野茶电商部");
    let text = page.text(".error-page");
    for english in ["Failed to deserialize", "duplicate field", "query string"] {
        assert!(!text.contains(english), "{text}");
    }
    assert!(text.contains("请返回上一页"), "{text}");
}

#[tokio::test]
async fn times_are_shown_on_the_organizations_clock_without_a_utc_suffix() {
    use crate::support::accounts::{api_signup, browser_login};
    use crate::support::plans::{shop, simple_plan};
    let app = TestApp::spawn().await;
    let admin = api_signup(&app, "海外店铺部", "wang@example.com").await;
    let browser = browser_login(&app, "wang@example.com").await;
    browser
        .submit(
            "/settings",
            "form[action='/settings/organization']",
            &[("time_zone", "America/Los_Angeles")],
        )
        .await
        .assert_status(303);
    let shop = shop(&admin, "亚马逊店").await;
    let plan = simple_plan(&admin, &shop).await;
    let id = plan["id"].as_str().unwrap();
    let mut owner = app.db.owner().await;
    let created: chrono::DateTime<chrono::Utc> =
        sqlx::query_scalar("SELECT created_at FROM plan WHERE id = $1::uuid")
            .bind(id)
            .fetch_one(&mut owner)
            .await
            .unwrap();
    let expected = created
        .with_timezone(&chrono_tz::America::Los_Angeles)
        .format("%Y-%m-%d %H:%M")
        .to_string();
    let page = browser.get(&format!("/plans/{id}/revisions")).await.page();
    let row = page.text(&format!("#revisions tr[data-plan='{id}']"));
    assert!(row.contains(&expected), "{row} shows {expected}");
    for path in [
        format!("/plans/{id}/revisions"),
        "/account/tokens".into(),
        format!("/plans/{id}"),
    ] {
        let text = browser.get(&path).await.text();
        assert!(!text.contains(" UTC"), "{path} shows a UTC time");
    }
}

#[tokio::test]
async fn the_audit_log_reads_in_the_members_language_without_internal_ids() {
    use crate::support::accounts::{api_member, api_signup, browser_login};
    use crate::support::plans::{shop, simple_plan, step};
    let app = TestApp::spawn().await;
    let admin = api_signup(&app, "山野茶电商部", "wang@example.com").await;
    let manager = api_member(&app, &admin, "manager", "mgr@example.com").await;
    let operator = api_member(&app, &admin, "operator", "op@example.com").await;
    let shop = shop(&admin, "山野茶天猫店").await;
    let plan = simple_plan(&operator, &shop).await;
    let id = plan["id"].as_str().unwrap().to_string();
    step(&operator, &id, "submit", serde_json::json!({})).await;
    step(&manager, &id, "approve", serde_json::json!({})).await;
    manager
        .api
        .post_json(
            &format!("/api/v1/plans/{id}/phases/launch/gate"),
            &serde_json::json!({"decision": "approve", "conditional": true, "comment": "先放行"}),
        )
        .await
        .assert_status(204);
    let page = browser_login(&app, "wang@example.com")
        .await
        .get("/audit")
        .await
        .page();
    let objects = page.texts("#audit tbody td:nth-child(4)");
    assert!(objects.contains(&"计划".to_string()), "{objects:?}");
    assert!(objects.contains(&"成员".to_string()), "{objects:?}");
    let details = page.texts("#audit tbody td:nth-child(5)").join("\n");
    assert!(details.contains("角色：运营"), "{details}");
    assert!(details.contains("阶段：开张期"), "{details}");
    assert!(details.contains("有条件：是"), "{details}");
    let uuid = |t: &str| {
        t.split(|c: char| !(c.is_ascii_hexdigit() || c == '-'))
            .any(|w| w.len() == 36 && w.matches('-').count() == 4)
    };
    assert!(!uuid(&page.text("#audit")), "an id is shown: {details}");
}
