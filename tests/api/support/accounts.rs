//! Organizations and members made through the product's own API and pages.

use serde_json::json;

use super::{Client, TestApp};

/// The password every test person uses.
pub const PASSWORD: &str = "plenty long passphrase";

/// A member acting through the API with a bearer token.
#[derive(Clone)]
pub struct Member {
    pub api: Client,
    pub token: String,
    pub user_id: String,
    pub tenant_id: String,
    pub email: String,
}

/// Signs up a new organization through the API; its admin.
pub async fn api_signup(app: &TestApp, organization: &str, email: &str) -> Member {
    let response = app
        .client()
        .post_json(
            "/api/v1/signup",
            &json!({"organization": organization, "name": "管理员", "email": email, "password": PASSWORD}),
        )
        .await;
    response.assert_status(201);
    member_from(app, &response.json(), email)
}

fn member_from(app: &TestApp, body: &serde_json::Value, email: &str) -> Member {
    let token = body["token"].as_str().expect("token").to_string();
    Member {
        api: app.client().with_bearer(&token),
        token,
        user_id: body["user"]["id"].as_str().unwrap().to_string(),
        tenant_id: body["organization"]["id"].as_str().unwrap().to_string(),
        email: email.to_string(),
    }
}

/// Invites a new person with a role and accepts as them, through the API.
pub async fn api_member(app: &TestApp, admin: &Member, role: &str, email: &str) -> Member {
    let token = invite(admin, role, email).await;
    let response = app
        .client()
        .post_json(
            &format!("/api/v1/invitations/{token}/accept"),
            &json!({"name": format!("{role} 成员"), "password": PASSWORD}),
        )
        .await;
    response.assert_status(201);
    member_from(app, &response.json(), email)
}

/// Creates an invitation and returns its token.
pub async fn invite(admin: &Member, role: &str, email: &str) -> String {
    let response = admin
        .api
        .post_json(
            "/api/v1/invitations",
            &json!({"email": email, "role": role}),
        )
        .await;
    response.assert_status(201);
    response.json()["token"].as_str().unwrap().to_string()
}

/// Signs up through the sign-up page; the returned browser holds the session cookie.
pub async fn browser_signup(app: &TestApp, organization: &str, email: &str) -> Client {
    let browser = app.client();
    let response = browser
        .post_form(
            "/signup",
            &[
                ("organization", organization),
                ("name", "王芳"),
                ("email", email),
                ("password", PASSWORD),
            ],
        )
        .await;
    response.assert_status(303);
    assert!(browser.cookie("sp_session").is_some(), "signed up and in");
    browser
}

/// Logs a browser in through the log-in page.
pub async fn browser_login(app: &TestApp, email: &str) -> Client {
    let browser = app.client();
    browser
        .post_form("/login", &[("email", email), ("password", PASSWORD)])
        .await
        .assert_status(303);
    browser
}
