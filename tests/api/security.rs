//! Cross-site form posts are refused; same-site posts and API clients are not.

use axum::body::Body;
use axum::http::Method;

use crate::support::TestApp;
use crate::support::accounts::{PASSWORD, browser_signup};

#[tokio::test]
async fn a_cross_site_form_post_is_refused_and_a_same_site_one_accepted() {
    let app = TestApp::spawn().await;
    let browser = browser_signup(&app, "店", "wang@example.com").await;
    let forged = browser
        .clone()
        .cross_site()
        .post_form(
            "/members/invite",
            &[("email", "evil@example.com"), ("role", "admin")],
        )
        .await;
    forged.assert_status(403);
    assert!(forged.page().exists(".error-page"));
    // It says what happened, not that the member's role forbids it.
    let said = forged.page().text(".error-page");
    assert!(
        said.contains("另一个网站") || said.contains("其他网站") || said.contains("another site"),
        "{said}"
    );
    browser
        .post_form(
            "/members/invite",
            &[("email", "li@example.com"), ("role", "viewer")],
        )
        .await
        .assert_status(201);
    let invitations = browser.get("/members").await.page();
    assert_eq!(
        invitations.count("#invitations tbody tr"),
        1,
        "only the same-site invitation exists"
    );
}

#[tokio::test]
async fn an_origin_from_another_site_is_refused_even_without_fetch_metadata() {
    let app = TestApp::spawn().await;
    let request = axum::http::Request::builder()
        .method(Method::POST)
        .uri("/login")
        .header("host", "localhost")
        .header("origin", "https://evil.example")
        .header("content-type", "application/x-www-form-urlencoded")
        .body(Body::from(format!(
            "email=wang%40example.com&password={PASSWORD}"
        )))
        .unwrap();
    let response = tower::ServiceExt::oneshot(app.router.clone(), request)
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 403);
}

#[tokio::test]
async fn programs_without_browser_headers_may_post() {
    let app = TestApp::spawn().await;
    let request = axum::http::Request::builder()
        .method(Method::POST)
        .uri("/api/v1/signup")
        .header("host", "localhost")
        .header("content-type", "application/json")
        .body(Body::from(format!(
            r#"{{"organization":"店","name":"王","email":"w@example.com","password":"{PASSWORD}"}}"#
        )))
        .unwrap();
    let response = tower::ServiceExt::oneshot(app.router.clone(), request)
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 201);
}

#[tokio::test]
async fn after_sign_in_only_a_path_of_this_site_is_followed_and_a_bad_one_goes_home() {
    let app = TestApp::spawn().await;
    browser_signup(&app, "店", "wang@example.com").await;
    let cases = [
        ("/shops?tab=all", "/shops?tab=all"),
        ("/\t/evil.example", "/"),
        ("/\n/evil.example", "/"),
        ("/\r\nSet-Cookie: x=1", "/"),
        ("//evil.example", "/"),
        ("/\\evil.example", "/"),
        ("https://evil.example/", "/"),
        (" /shops", "/"),
        ("/商店", "/"),
    ];
    for (next, expected) in cases {
        let response = app
            .client()
            .post_form(
                "/login",
                &[
                    ("email", "wang@example.com"),
                    ("password", PASSWORD),
                    ("next", next),
                ],
            )
            .await;
        response.assert_status(303);
        assert_eq!(response.location(), expected, "next = {next:?}");
    }
}

#[tokio::test]
async fn what_a_member_is_shown_is_never_kept_by_a_cache_and_https_is_pinned() {
    let app = TestApp::spawn_with(|c| c.public_url = Some("https://plan.example.com".into())).await;
    let browser = browser_signup(&app, "店", "wang@example.com").await;
    for path in ["/", "/shops", "/overview.csv", "/account"] {
        let response = browser.get(path).await;
        let cache = response.header("cache-control").unwrap_or_default();
        assert!(cache.contains("no-store"), "{path}: {cache}");
        assert!(
            response
                .header("strict-transport-security")
                .is_some_and(|v| v.starts_with("max-age=")),
            "{path}"
        );
    }
    let member = crate::support::accounts::api_signup(&app, "另一家", "li@example.com").await;
    let api = member.api.get("/api/v1/shops").await;
    api.assert_status(200);
    assert_eq!(api.header("cache-control"), Some("no-store"));
    // A visitor's sign-in page is nobody's in particular.
    let login = app.client().get("/login").await;
    assert_eq!(login.header("cache-control"), None);
}

#[tokio::test]
async fn without_https_there_is_no_transport_pin() {
    let app = TestApp::spawn().await;
    let login = app.client().get("/login").await;
    assert_eq!(login.header("strict-transport-security"), None);
}
