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
