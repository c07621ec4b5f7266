//! Invitations (single use, seven days), joining, roles, removal and the last admin.

use serde_json::json;

use crate::support::TestApp;
use crate::support::accounts::{PASSWORD, api_member, api_signup, browser_signup, invite};

#[tokio::test]
async fn an_admin_invites_in_the_browser_and_the_person_joins_with_the_link() {
    let app = TestApp::spawn().await;
    let admin = browser_signup(&app, "某茶业电商部", "wang@example.com").await;
    let response = admin
        .post_form(
            "/members/invite",
            &[("email", "Li.Na@Example.com"), ("role", "finance")],
        )
        .await;
    response.assert_status(201);
    let link = response
        .page()
        .attr("#invitation-link input.copy-field", "value");
    assert!(link.starts_with("http://localhost/invitations/"), "{link}");
    let path = link.trim_start_matches("http://localhost");

    let newcomer = app.client().with_language("en");
    let page = newcomer.get(path).await.page();
    assert_eq!(
        page.text("#invitation-summary"),
        "You are invited to join 某茶业电商部 as Finance."
    );
    let response = newcomer
        .post_form(
            &format!("{path}/accept"),
            &[("name", "李娜"), ("password", "短")],
        )
        .await;
    response.assert_status(422);
    assert!(response.page().text("#e-password").contains("at least 10"));
    let response = newcomer
        .post_form(
            &format!("{path}/accept"),
            &[("name", "李娜"), ("password", PASSWORD)],
        )
        .await;
    response.assert_status(303);
    let home = newcomer.get("/").await.page();
    assert_eq!(home.text(".topbar .org-name"), "某茶业电商部");
    assert_eq!(home.attr(".topbar .user-name", "title"), "Finance");

    // The link works once.
    let again = app.client().with_language("en").get(path).await;
    again.assert_status(410);
    assert!(
        again
            .page()
            .text(".alert-error")
            .contains("already been used")
    );
    let members = admin.get("/members").await.page();
    assert_eq!(members.count("#members tbody tr"), 2);
    assert!(
        !members.exists("#invitations"),
        "no open invitation is left"
    );
}

#[tokio::test]
async fn an_invitation_expires_after_seven_days() {
    let app = TestApp::spawn().await;
    let admin = api_signup(&app, "店", "wang@example.com").await;
    let token = invite(&admin, "viewer", "li@example.com").await;
    let listed = admin.api.get("/api/v1/invitations").await.json();
    let expires = listed[0]["expires_at"].as_str().unwrap();
    let created = listed[0]["created_at"].as_str().unwrap();
    let days = chrono::DateTime::parse_from_rfc3339(expires).unwrap()
        - chrono::DateTime::parse_from_rfc3339(created).unwrap();
    assert_eq!(days.num_days(), 7);

    let mut owner = app.db.owner().await;
    sqlx::query("UPDATE invitation SET expires_at = now() - interval '1 minute'")
        .execute(&mut owner)
        .await
        .unwrap();
    let response = app
        .client()
        .post_json(
            &format!("/api/v1/invitations/{token}/accept"),
            &json!({"name": "李", "password": PASSWORD}),
        )
        .await;
    response.assert_status(409);
    assert_eq!(response.error_code(), "invitation_expired");
    let page = app
        .client()
        .with_language("en")
        .get(&format!("/invitations/{token}"))
        .await;
    page.assert_status(410);
    assert!(page.page().text(".alert-error").contains("expired"));
}

#[tokio::test]
async fn an_invitation_is_accepted_once_even_through_the_api() {
    let app = TestApp::spawn().await;
    let admin = api_signup(&app, "店", "wang@example.com").await;
    let token = invite(&admin, "operator", "li@example.com").await;
    let accept = |name: &'static str| {
        let client = app.client();
        let path = format!("/api/v1/invitations/{token}/accept");
        async move {
            client
                .post_json(&path, &json!({"name": name, "password": PASSWORD}))
                .await
        }
    };
    accept("李").await.assert_status(201);
    let second = accept("李二").await;
    second.assert_status(409);
    assert_eq!(second.error_code(), "invitation_used");
    let unknown = app
        .client()
        .post_json(
            &format!(
                "/api/v1/invitations/{}.{}/accept",
                admin.tenant_id,
                "0".repeat(64)
            ),
            &json!({"name": "x", "password": PASSWORD}),
        )
        .await;
    unknown.assert_status(404);
}

#[tokio::test]
async fn a_withdrawn_invitation_cannot_be_used() {
    let app = TestApp::spawn().await;
    let admin = api_signup(&app, "店", "wang@example.com").await;
    let token = invite(&admin, "operator", "li@example.com").await;
    let id = admin.api.get("/api/v1/invitations").await.json()[0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    admin
        .api
        .delete(&format!("/api/v1/invitations/{id}"))
        .await
        .assert_status(204);
    let response = app
        .client()
        .post_json(
            &format!("/api/v1/invitations/{token}/accept"),
            &json!({"name": "李", "password": PASSWORD}),
        )
        .await;
    response.assert_status(409);
    assert_eq!(response.error_code(), "invitation_revoked");
}

#[tokio::test]
async fn an_existing_person_joins_with_their_own_account_and_only_if_invited() {
    let app = TestApp::spawn().await;
    let shop_a = api_signup(&app, "甲", "wang@example.com").await;
    let shop_b = api_signup(&app, "乙", "li@example.com").await;
    let token = invite(&shop_b, "manager", "wang@example.com").await;
    // A person with an account cannot create a second one through the link.
    let response = app
        .client()
        .post_json(
            &format!("/api/v1/invitations/{token}/accept"),
            &json!({"name": "王", "password": PASSWORD}),
        )
        .await;
    response.assert_status(409);
    assert_eq!(response.error_code(), "account_exists");
    // Someone else's account cannot take it.
    let stranger = api_signup(&app, "丙", "zhao@example.com").await;
    let response = stranger
        .api
        .post_bytes(
            &format!("/api/v1/invitations/{token}/accept"),
            "application/json",
            Vec::new(),
        )
        .await;
    response.assert_status(409);
    assert_eq!(response.error_code(), "invitation_for_another");
    // The invited person can.
    let response = shop_a
        .api
        .post_bytes(
            &format!("/api/v1/invitations/{token}/accept"),
            "application/json",
            Vec::new(),
        )
        .await;
    response.assert_status(201);
    let joined = response.json();
    assert_eq!(joined["organization"]["name"], "乙");
    assert_eq!(joined["role"], "manager");
    let members = shop_b.api.get("/api/v1/members").await.json();
    assert_eq!(members.as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn inviting_a_member_twice_or_with_an_unknown_role_is_refused() {
    let app = TestApp::spawn().await;
    let admin = api_signup(&app, "店", "wang@example.com").await;
    let response = admin
        .api
        .post_json(
            "/api/v1/invitations",
            &json!({"email": "wang@example.com", "role": "viewer"}),
        )
        .await;
    response.assert_status(422);
    assert_eq!(response.json()["error"]["details"][0]["field"], "email");
    let response = admin
        .api
        .post_json(
            "/api/v1/invitations",
            &json!({"email": "new@example.com", "role": "owner"}),
        )
        .await;
    response.assert_status(422);
    assert_eq!(response.json()["error"]["details"][0]["field"], "role");
}

#[tokio::test]
async fn the_last_admin_can_be_neither_demoted_nor_removed() {
    let app = TestApp::spawn().await;
    let admin = api_signup(&app, "店", "wang@example.com").await;
    let path = format!("/api/v1/members/{}", admin.user_id);
    let response = admin
        .api
        .patch_json(&path, &json!({"role": "manager"}))
        .await;
    response.assert_status(409);
    assert_eq!(response.error_code(), "last_admin");
    admin.api.delete(&path).await.assert_status(409);

    let second = api_member(&app, &admin, "operator", "li@example.com").await;
    admin
        .api
        .patch_json(
            &format!("/api/v1/members/{}", second.user_id),
            &json!({"role": "admin"}),
        )
        .await
        .assert_status(200);
    let response = admin
        .api
        .patch_json(&path, &json!({"role": "manager"}))
        .await;
    response.assert_status(200);
    assert_eq!(response.json()["role"], "manager");
}

#[tokio::test]
async fn the_members_page_explains_the_last_admin_rule() {
    let app = TestApp::spawn().await;
    let admin = browser_signup(&app, "店", "wang@example.com")
        .await
        .with_language("en");
    let page = admin.get("/members").await.page();
    let form = page.attr("#members form.inline-form", "action");
    let response = admin.post_form(&form, &[("role", "viewer")]).await;
    response.assert_status(409);
    assert!(
        response
            .page()
            .text(".alert-error")
            .contains("at least one administrator")
    );
}

#[tokio::test]
async fn a_role_change_applies_to_existing_tokens_at_once() {
    let app = TestApp::spawn().await;
    let admin = api_signup(&app, "店", "wang@example.com").await;
    let deputy = api_member(&app, &admin, "admin", "li@example.com").await;
    deputy
        .api
        .get("/api/v1/invitations")
        .await
        .assert_status(200);
    admin
        .api
        .patch_json(
            &format!("/api/v1/members/{}", deputy.user_id),
            &json!({"role": "viewer"}),
        )
        .await
        .assert_status(200);
    deputy
        .api
        .get("/api/v1/invitations")
        .await
        .assert_status(403);
    assert_eq!(deputy.api.get("/api/v1/me").await.json()["role"], "viewer");
}

#[tokio::test]
async fn a_removed_member_loses_access_at_once() {
    let app = TestApp::spawn().await;
    let admin = api_signup(&app, "店", "wang@example.com").await;
    let leaving = api_member(&app, &admin, "operator", "li@example.com").await;
    let browser = crate::support::accounts::browser_login(&app, "li@example.com").await;
    browser.get("/members").await.assert_status(200);
    admin
        .api
        .delete(&format!("/api/v1/members/{}", leaving.user_id))
        .await
        .assert_status(204);
    leaving.api.get("/api/v1/me").await.assert_status(401);
    browser.get("/members").await.assert_status(303);
    let members = admin.api.get("/api/v1/members").await.json();
    assert_eq!(members.as_array().unwrap().len(), 1);
}
