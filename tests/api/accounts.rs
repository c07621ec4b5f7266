//! Signing up, in and out; sessions; passwords; throttling; profile and tokens; the audit log.

use serde_json::json;

use crate::support::TestApp;
use crate::support::accounts::{PASSWORD, api_member, api_signup, browser_login, browser_signup};

#[tokio::test]
async fn signing_up_creates_the_organization_and_signs_the_admin_in() {
    let app = TestApp::spawn().await;
    let browser = browser_signup(&app, "某茶业电商部", "wang@example.com").await;
    let page = browser.get("/").await.page();
    assert_eq!(page.text(".topbar .org-name"), "某茶业电商部");
    assert_eq!(page.text(".topbar .user-name"), "王芳");
    let members = browser.get("/members").await.page();
    assert_eq!(
        members.texts("#members tbody tr td:nth-child(2)"),
        vec!["wang@example.com"]
    );
    assert_eq!(
        members.attr("#members select[name=role] option[selected]", "value"),
        "admin"
    );
}

#[tokio::test]
async fn sign_up_shows_every_problem_next_to_its_field_and_keeps_the_input() {
    let app = TestApp::spawn().await;
    let response = app
        .client()
        .with_language("en")
        .post_form(
            "/signup",
            &[
                ("organization", ""),
                ("name", "王芳"),
                ("email", "wang@example"),
                ("password", "1234567890"),
            ],
        )
        .await;
    response.assert_status(422);
    let page = response.page();
    assert_eq!(page.text("#e-organization"), "Fill this in.");
    assert!(page.text("#e-email").contains("e-mail address"));
    assert!(page.text("#e-password").contains("most common"));
    assert_eq!(page.attr("#f-name", "value"), "王芳");
    assert_eq!(page.attr("#f-email", "value"), "wang@example");
    assert_eq!(
        page.attr("#f-password", "value"),
        "",
        "passwords are never echoed"
    );
    assert!(response.header("set-cookie").is_none());
}

#[tokio::test]
async fn passwords_outside_10_to_128_characters_are_refused_with_the_limit() {
    let app = TestApp::spawn().await;
    let long = "长".repeat(129);
    for (password, expected) in [("short pw", "at least 10"), (long.as_str(), "at most 128")] {
        let response = app
            .client()
            .with_language("en")
            .post_json(
                "/api/v1/signup",
                &json!({"organization": "店", "name": "王", "email": "a@example.com", "password": password}),
            )
            .await;
        response.assert_status(422);
        let body = response.json();
        assert_eq!(body["error"]["details"][0]["field"], "password");
        assert!(
            body["error"]["details"][0]["message"]
                .as_str()
                .unwrap()
                .contains(expected)
        );
    }
}

#[tokio::test]
async fn an_email_can_sign_up_only_once() {
    let app = TestApp::spawn().await;
    browser_signup(&app, "甲", "wang@example.com").await;
    let response = app
        .client()
        .with_language("en")
        .post_form(
            "/signup",
            &[
                ("organization", "乙"),
                ("name", "王芳"),
                ("email", "Wang@Example.com"),
                ("password", PASSWORD),
            ],
        )
        .await;
    response.assert_status(422);
    assert!(response.page().text("#e-email").contains("already exists"));
}

#[tokio::test]
async fn malformed_requests_get_the_contract_errors() {
    let app = TestApp::spawn().await;
    let client = app.client();
    let response = client
        .post_bytes("/api/v1/signup", "application/json", b"{not json".to_vec())
        .await;
    response.assert_status(400);
    assert_eq!(response.error_code(), "bad_request");
    let response = client
        .post_bytes("/api/v1/signup", "text/plain", b"{}".to_vec())
        .await;
    response.assert_status(415);
    let response = client
        .post_json("/api/v1/signup", &json!({"name": 1}))
        .await;
    response.assert_status(422);
    let long_name = "名".repeat(81);
    let response = client
        .post_json(
            "/api/v1/signup",
            &json!({"organization": "店", "name": long_name, "email": "x@example.com", "password": PASSWORD}),
        )
        .await;
    response.assert_status(422);
    assert_eq!(response.json()["error"]["details"][0]["field"], "name");
}

#[tokio::test]
async fn passwords_are_stored_as_argon2id_hashes() {
    let app = TestApp::spawn().await;
    api_signup(&app, "店", "wang@example.com").await;
    let mut owner = app.db.owner().await;
    let hash: String = sqlx::query_scalar("SELECT password_hash FROM app_user")
        .fetch_one(&mut owner)
        .await
        .unwrap();
    assert!(
        hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
        "{hash}"
    );
    assert!(!hash.contains(PASSWORD));
}

#[tokio::test]
async fn logging_in_starts_a_new_session_and_the_old_one_ends() {
    let app = TestApp::spawn().await;
    let browser = browser_signup(&app, "店", "wang@example.com").await;
    let before = browser.cookie("sp_session").unwrap();
    let response = browser
        .post_form(
            "/login",
            &[
                ("email", "wang@example.com"),
                ("password", PASSWORD),
                ("next", "/members"),
            ],
        )
        .await;
    response.assert_status(303);
    assert_eq!(response.location(), "/members");
    let cookie = response.header("set-cookie").unwrap();
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );
    assert!(!cookie.contains("Secure"), "plain HTTP in tests");
    let after = browser.cookie("sp_session").unwrap();
    assert_ne!(before, after, "the session id is rotated at log-in");

    let stale = app.client();
    stale.set_cookie("sp_session", &before);
    let response = stale.get("/account").await;
    response.assert_status(303);
    assert_eq!(response.location(), "/login?next=/account");
    browser.get("/account").await.assert_status(200);
}

#[tokio::test]
async fn session_cookies_are_secure_when_served_over_https() {
    let app = TestApp::spawn_with(|c| c.public_url = Some("https://plan.example.com".into())).await;
    let response = app
        .client()
        .post_form(
            "/signup",
            &[
                ("organization", "店"),
                ("name", "王"),
                ("email", "w@example.com"),
                ("password", PASSWORD),
            ],
        )
        .await;
    response.assert_status(303);
    assert!(response.header("set-cookie").unwrap().contains("; Secure"));
}

#[tokio::test]
async fn a_wrong_password_is_refused_on_the_form_and_leaves_an_audit_entry() {
    let app = TestApp::spawn().await;
    let admin = browser_signup(&app, "店", "wang@example.com").await;
    let response = app
        .client()
        .with_language("en")
        .post_form(
            "/login",
            &[
                ("email", "wang@example.com"),
                ("password", "not the password"),
            ],
        )
        .await;
    response.assert_status(401);
    let page = response.page();
    assert_eq!(
        page.text(".alert-error p"),
        "The e-mail or the password is wrong."
    );
    assert_eq!(page.attr("#f-email", "value"), "wang@example.com");
    let audit = admin.get("/audit?action=auth.sign_in_failed").await.page();
    assert_eq!(
        audit.count("#audit tbody tr[data-action='auth.sign_in_failed']"),
        1
    );
}

#[tokio::test]
async fn an_unknown_email_and_a_wrong_password_get_the_same_answer() {
    let app = TestApp::spawn().await;
    api_signup(&app, "店", "wang@example.com").await;
    let unknown = app
        .client()
        .post_json(
            "/api/v1/tokens",
            &json!({"email": "nobody@example.com", "password": PASSWORD}),
        )
        .await;
    let wrong = app
        .client()
        .post_json(
            "/api/v1/tokens",
            &json!({"email": "wang@example.com", "password": "wrong password!"}),
        )
        .await;
    unknown.assert_status(401);
    wrong.assert_status(401);
    assert_eq!(unknown.text(), wrong.text());
    assert_eq!(unknown.error_code(), "invalid_credentials");
}

/// Signs in through the API from `ip`; the answer's status.
async fn sign_in_from(app: &TestApp, ip: [u8; 4], email: &str, password: &str) -> u16 {
    app.client()
        .with_ip(ip)
        .post_json(
            "/api/v1/tokens",
            &json!({"email": email, "password": password}),
        )
        .await
        .status
        .as_u16()
}

#[tokio::test]
async fn wrong_passwords_hold_back_that_address_for_that_account_not_the_member_elsewhere() {
    let app = TestApp::spawn().await;
    api_signup(&app, "店", "wang@example.com").await;
    let attacker = [10, 1, 0, 1];
    for _ in 0..5 {
        let status = sign_in_from(&app, attacker, "wang@example.com", "wrong password!").await;
        assert_eq!(status, 401);
    }
    // The sixth try from there waits, even with the right password.
    let response = app
        .client()
        .with_ip(attacker)
        .post_json(
            "/api/v1/tokens",
            &json!({"email": "wang@example.com", "password": PASSWORD}),
        )
        .await;
    response.assert_status(429);
    assert_eq!(response.error_code(), "too_many_requests");
    let wait: u64 = response.header("retry-after").unwrap().parse().unwrap();
    assert!(wait > 0 && wait <= 15 * 60, "{wait}");
    // The member, from their own address, is not locked out.
    let member = [10, 1, 1, 1];
    assert_eq!(
        sign_in_from(&app, member, "wang@example.com", PASSWORD).await,
        201
    );
    // The browser form says so too, from the held-back address.
    let response = app
        .client()
        .with_ip(attacker)
        .with_language("en")
        .post_form(
            "/login",
            &[("email", "wang@example.com"), ("password", PASSWORD)],
        )
        .await;
    response.assert_status(429);
    assert!(response.header("retry-after").is_some());
    assert!(
        response
            .page()
            .text(".alert-error p")
            .contains("Too many failed attempts")
    );
}

#[tokio::test]
async fn forty_wrong_passwords_at_once_are_forty_attempts_and_five_checks() {
    let app = TestApp::spawn().await;
    api_signup(&app, "店", "wang@example.com").await;
    let attempts =
        (0..40).map(|_| sign_in_from(&app, [10, 3, 0, 1], "wang@example.com", "wrong password!"));
    let statuses = futures_util::future::join_all(attempts).await;
    let checked = statuses.iter().filter(|s| **s == 401).count();
    let held = statuses.iter().filter(|s| **s == 429).count();
    assert_eq!((checked, held), (5, 35), "{statuses:?}");
}

#[tokio::test]
async fn an_attack_on_one_account_from_many_addresses_spares_the_addresses_it_signs_in_from() {
    let app = TestApp::spawn().await;
    api_signup(&app, "店", "wang@example.com").await;
    let home = [10, 4, 0, 1];
    assert_eq!(
        sign_in_from(&app, home, "wang@example.com", PASSWORD).await,
        201
    );
    for i in 0..20u8 {
        let status = sign_in_from(&app, [10, 4, 1, i], "wang@example.com", "wrong password!").await;
        assert_eq!(status, 401, "attempt {i}");
    }
    // A new address waits while the attack goes on; the member's own does not.
    assert_eq!(
        sign_in_from(&app, [10, 4, 2, 1], "wang@example.com", PASSWORD).await,
        429
    );
    assert_eq!(
        sign_in_from(&app, home, "wang@example.com", PASSWORD).await,
        201
    );
}

#[tokio::test]
async fn sign_ups_from_one_address_are_limited_per_hour() {
    let app = TestApp::spawn().await;
    let sign_up = |i: usize, ip: [u8; 4]| {
        let client = app.client().with_ip(ip);
        async move {
            client
                .post_json(
                    "/api/v1/signup",
                    &json!({"organization": format!("店{i}"), "name": "王", "email": format!("w{i}@example.com"), "password": PASSWORD}),
                )
                .await
        }
    };
    for i in 0..10 {
        sign_up(i, [10, 5, 0, 1]).await.assert_status(201);
    }
    let held = sign_up(10, [10, 5, 0, 1]).await;
    held.assert_status(429);
    assert!(held.header("retry-after").is_some());
    sign_up(11, [10, 5, 0, 2]).await.assert_status(201);
}

#[tokio::test]
async fn logging_out_ends_the_session() {
    let app = TestApp::spawn().await;
    let browser = browser_signup(&app, "店", "wang@example.com").await;
    let cookie = browser.cookie("sp_session").unwrap();
    let response = browser.post_form("/logout", &[]).await;
    response.assert_status(303);
    assert_eq!(response.location(), "/login?notice=signed-out");
    assert!(browser.cookie("sp_session").is_none());
    let replay = app.client();
    replay.set_cookie("sp_session", &cookie);
    replay.get("/account").await.assert_status(303);
}

#[tokio::test]
async fn logging_out_everywhere_ends_every_session_of_the_person() {
    let app = TestApp::spawn().await;
    let first = browser_signup(&app, "店", "wang@example.com").await;
    let second = browser_login(&app, "wang@example.com").await;
    second.get("/account").await.assert_status(200);
    let response = first.post_form("/account/logout-everywhere", &[]).await;
    response.assert_status(303);
    assert_eq!(response.location(), "/login?notice=signed-out-everywhere");
    second.get("/account").await.assert_status(303);
    first.get("/account").await.assert_status(303);
}

#[tokio::test]
async fn changing_the_password_ends_the_other_sessions_but_not_this_one() {
    let app = TestApp::spawn().await;
    let here = browser_signup(&app, "店", "wang@example.com").await;
    let elsewhere = browser_login(&app, "wang@example.com").await;
    let new_password = "another long passphrase";

    let response = here
        .clone()
        .with_language("en")
        .post_form(
            "/account/password",
            &[
                ("current_password", "not it at all"),
                ("new_password", new_password),
                ("confirm_password", new_password),
            ],
        )
        .await;
    response.assert_status(422);
    assert_eq!(
        response.page().text("#e-current_password"),
        "The current password is wrong."
    );
    elsewhere.get("/account").await.assert_status(200);

    let response = here
        .post_form(
            "/account/password",
            &[
                ("current_password", PASSWORD),
                ("new_password", new_password),
                ("confirm_password", new_password),
            ],
        )
        .await;
    response.assert_status(303);
    here.get("/account").await.assert_status(200);
    elsewhere.get("/account").await.assert_status(303);

    app.client()
        .post_json(
            "/api/v1/tokens",
            &json!({"email": "wang@example.com", "password": PASSWORD}),
        )
        .await
        .assert_status(401);
    app.client()
        .post_json(
            "/api/v1/tokens",
            &json!({"email": "wang@example.com", "password": new_password}),
        )
        .await
        .assert_status(201);
}

#[tokio::test]
async fn idle_and_absolute_expiry_end_a_session() {
    let app = TestApp::spawn().await;
    let idle = browser_signup(&app, "店", "wang@example.com").await;
    let old = browser_login(&app, "wang@example.com").await;
    let hash = |cookie: String| {
        use sha2::Digest;
        sha2::Sha256::digest(cookie.as_bytes()).to_vec()
    };
    let mut owner = app.db.owner().await;
    sqlx::query(
        "UPDATE session SET idle_expires_at = now() - interval '1 second' WHERE id_hash = $1",
    )
    .bind(hash(idle.cookie("sp_session").unwrap()))
    .execute(&mut owner)
    .await
    .unwrap();
    sqlx::query("UPDATE session SET expires_at = now() - interval '1 second' WHERE id_hash = $1")
        .bind(hash(old.cookie("sp_session").unwrap()))
        .execute(&mut owner)
        .await
        .unwrap();
    idle.get("/account").await.assert_status(303);
    old.get("/account").await.assert_status(303);
}

#[tokio::test]
async fn the_profile_sets_the_name_and_the_language_of_every_page() {
    let app = TestApp::spawn().await;
    let browser = browser_signup(&app, "店", "wang@example.com")
        .await
        .with_language("zh-CN");
    let response = browser
        .post_form(
            "/account/profile",
            &[("name", "王芳芳"), ("language", "en")],
        )
        .await;
    response.assert_status(303);
    let page = browser.get("/account?notice=profile-saved").await.page();
    assert_eq!(page.lang(), "en");
    assert_eq!(page.text(".topbar .user-name"), "王芳芳");
    assert_eq!(page.text(".flash .alert-success"), "Profile saved.");
    let response = browser
        .post_form("/account/profile", &[("name", " "), ("language", "en")])
        .await;
    response.assert_status(422);
    assert_eq!(response.page().text("#e-name"), "Fill this in.");
}

#[tokio::test]
async fn a_personal_token_is_shown_once_works_and_can_be_revoked() {
    let app = TestApp::spawn().await;
    let browser = browser_signup(&app, "店", "wang@example.com").await;
    let response = browser
        .post_form(
            "/account/tokens",
            &[("name", "每晚导入"), ("valid_days", "30")],
        )
        .await;
    response.assert_status(201);
    let page = response.page();
    let token = page.text("#new-token code.token");
    assert!(token.starts_with("spt_"));
    assert_eq!(page.texts("#tokens tbody td:first-child"), vec!["每晚导入"]);

    let api = app.client().with_bearer(&token);
    api.get("/api/v1/me").await.assert_status(200);
    let listed = browser.get("/account/tokens").await.page();
    assert!(!listed.exists("#new-token"), "shown only once");
    let revoke = listed.attr("#tokens form", "action");
    browser.post_form(&revoke, &[]).await.assert_status(303);
    api.get("/api/v1/me").await.assert_status(401);

    let mut owner = app.db.owner().await;
    let stored: Vec<u8> =
        sqlx::query_scalar("SELECT token_hash FROM api_token WHERE name = '每晚导入'")
            .fetch_one(&mut owner)
            .await
            .unwrap();
    assert_eq!(stored.len(), 32, "only a SHA-256 is stored");
}

#[tokio::test]
async fn an_api_token_revokes_itself() {
    let app = TestApp::spawn().await;
    let admin = api_signup(&app, "店", "wang@example.com").await;
    admin.api.get("/api/v1/me").await.assert_status(200);
    admin
        .api
        .delete("/api/v1/tokens/current")
        .await
        .assert_status(204);
    let response = admin.api.get("/api/v1/me").await;
    response.assert_status(401);
    assert_eq!(response.error_code(), "unauthenticated");
}

#[tokio::test]
async fn a_member_of_several_organizations_names_one_to_get_a_token() {
    let app = TestApp::spawn().await;
    let first = api_signup(&app, "甲店", "wang@example.com").await;
    let second_admin = api_signup(&app, "乙店", "li@example.com").await;
    let token =
        crate::support::accounts::invite(&second_admin, "operator", "wang@example.com").await;
    first
        .api
        .post_bytes(
            &format!("/api/v1/invitations/{token}/accept"),
            "application/json",
            Vec::new(),
        )
        .await
        .assert_status(201);

    // Without an organization, the last one used is taken.
    let response = app
        .client()
        .post_json(
            "/api/v1/tokens",
            &json!({"email": "wang@example.com", "password": PASSWORD}),
        )
        .await;
    response.assert_status(201);
    let response = app
        .client()
        .post_json(
            "/api/v1/tokens",
            &json!({"email": "wang@example.com", "password": PASSWORD, "organization_id": second_admin.tenant_id}),
        )
        .await;
    response.assert_status(201);
    assert_eq!(
        response.json()["organization_id"],
        second_admin.tenant_id.as_str()
    );
    let me = app
        .client()
        .with_bearer(response.json()["token"].as_str().unwrap())
        .get("/api/v1/me")
        .await
        .json();
    assert_eq!(me["role"], "operator");
    assert_eq!(me["organization"]["name"], "乙店");
}

#[tokio::test]
async fn a_person_switches_between_organizations_in_the_browser() {
    let app = TestApp::spawn().await;
    let browser = browser_signup(&app, "甲店", "wang@example.com").await;
    let response = browser
        .post_form("/organizations", &[("name", "乙品牌")])
        .await;
    response.assert_status(303);
    assert_eq!(
        browser.get("/").await.page().text(".topbar .org-name"),
        "乙品牌"
    );
    let page = browser.get("/organizations").await.page();
    assert_eq!(
        page.texts("#organizations tbody td:first-child"),
        vec!["乙品牌", "甲店"]
    );
    let switch_to = page.attr("#organizations form input[name=tenant_id]", "value");
    browser
        .post_form("/organizations/switch", &[("tenant_id", &switch_to)])
        .await
        .assert_status(303);
    assert_eq!(
        browser.get("/").await.page().text(".topbar .org-name"),
        "甲店"
    );
    // An organization one does not belong to cannot be switched to.
    let other = api_signup(&app, "丙", "zhao@example.com").await;
    browser
        .post_form("/organizations/switch", &[("tenant_id", &other.tenant_id)])
        .await
        .assert_status(404);
}

#[tokio::test]
async fn the_audit_log_records_changes_and_filters_them() {
    let app = TestApp::spawn().await;
    let admin = api_signup(&app, "店", "wang@example.com").await;
    let operator = api_member(&app, &admin, "operator", "li@example.com").await;
    admin
        .api
        .patch_json(
            &format!("/api/v1/members/{}", operator.user_id),
            &json!({"role": "finance"}),
        )
        .await
        .assert_status(200);
    let page = admin
        .api
        .get("/api/v1/audit?action=member.role_changed")
        .await
        .json();
    let entries = page["entries"].as_array().unwrap();
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0]["details"]["from"], "operator");
    assert_eq!(entries[0]["details"]["to"], "finance");
    assert_eq!(entries[0]["actor"], "管理员");
    let all = admin.api.get("/api/v1/audit").await.json();
    let actions: Vec<&str> = all["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    for expected in [
        "organization.created",
        "token.created",
        "member.invited",
        "member.joined",
        "member.role_changed",
    ] {
        assert!(
            actions.contains(&expected),
            "{expected} missing from {actions:?}"
        );
    }
    operator.api.get("/api/v1/audit").await.assert_status(403);
}

/// A new API token for the member, from the sign-in endpoint.
async fn new_token(app: &TestApp, email: &str, password: &str) -> String {
    let response = app
        .client()
        .post_json(
            "/api/v1/tokens",
            &json!({"email": email, "password": password}),
        )
        .await;
    response.assert_status(201);
    response.json()["token"].as_str().unwrap().to_string()
}

#[tokio::test]
async fn a_password_change_and_signing_out_everywhere_revoke_the_api_tokens_too() {
    let app = TestApp::spawn().await;
    let browser = browser_signup(&app, "店", "wang@example.com").await;
    let token = new_token(&app, "wang@example.com", PASSWORD).await;
    let api = app.client().with_bearer(&token);
    api.get("/api/v1/shops").await.assert_status(200);

    let new_password = "another long passphrase";
    browser
        .post_form(
            "/account/password",
            &[
                ("current_password", PASSWORD),
                ("new_password", new_password),
                ("confirm_password", new_password),
            ],
        )
        .await
        .assert_status(303);
    api.get("/api/v1/shops").await.assert_status(401);

    let token = new_token(&app, "wang@example.com", new_password).await;
    let api = app.client().with_bearer(&token);
    api.get("/api/v1/shops").await.assert_status(200);
    browser
        .post_form("/account/logout-everywhere", &[])
        .await
        .assert_status(303);
    api.get("/api/v1/shops").await.assert_status(401);
}
