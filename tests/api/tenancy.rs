//! Tenant isolation: another organization's data answers 404 on every route that takes an
//! id, lists show nothing of it, and row-level security holds on its own.

use axum::http::Method;
use serde_json::{Value, json};
use sqlx::Connection;

use crate::support::TestApp;
use crate::support::accounts::{Member, api_member, api_signup, browser_login, invite};

/// Two organizations, each with an admin and an operator, an open invitation, a shop and a
/// platform of its own.
pub struct TwoTenants {
    pub a: Member,
    pub a_operator: Member,
    pub a_invitation_id: String,
    pub a_shop_id: String,
    pub a_plan_id: String,
    pub a_milestone_id: String,
    pub a_import_id: String,
    pub b: Member,
}

pub async fn two_tenants(app: &TestApp) -> TwoTenants {
    let a = api_signup(app, "甲公司电商部", "admin-a@example.com").await;
    let a_operator = api_member(app, &a, "operator", "op-a@example.com").await;
    invite(&a, "viewer", "pending-a@example.com").await;
    let a_invitation_id = a.api.get("/api/v1/invitations").await.json()[0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let shop = a
        .api
        .post_json(
            "/api/v1/shops",
            &json!({"name": "甲天猫店", "platform": "tmall"}),
        )
        .await
        .json();
    a.api
        .post_json(
            "/api/v1/reference/platforms",
            &json!({"code": "a_only", "name_zh": "甲专属平台"}),
        )
        .await
        .assert_status(201);
    let a_shop_id = shop["id"].as_str().unwrap().to_string();
    let plan = crate::support::plans::simple_plan(&a, &a_shop_id).await;
    let import = a
        .api
        .post_json(
            &format!("/api/v1/shops/{a_shop_id}/actuals"),
            &json!([{"date": "2026-04-01", "uv": 100, "buyers": 2, "sales": "200.00"}]),
        )
        .await
        .json();
    let b = api_signup(app, "乙代运营", "admin-b@example.com").await;
    api_member(app, &b, "operator", "op-b@example.com").await;
    TwoTenants {
        a,
        a_operator,
        a_invitation_id,
        a_shop_id,
        a_plan_id: plan["id"].as_str().unwrap().to_string(),
        a_milestone_id: plan["phases"][0]["milestones"][0]["id"]
            .as_str()
            .unwrap()
            .to_string(),
        a_import_id: import["import_id"].as_str().unwrap().to_string(),
        b,
    }
}

/// The path of an API route with organization A's ids in it; `None` for routes whose
/// parameters are not ids (a list's name).
fn concrete(path: &str, t: &TwoTenants) -> Option<String> {
    if path == "/api/v1/reference/{list}" {
        return None;
    }
    let id = if path.starts_with("/api/v1/plans/") {
        &t.a_plan_id
    } else if path.starts_with("/api/v1/shops/") {
        &t.a_shop_id
    } else if path.starts_with("/api/v1/invitations/") {
        &t.a_invitation_id
    } else if path.starts_with("/api/v1/imports/") {
        &t.a_import_id
    } else {
        ""
    };
    let concrete = path
        .replace("{id}", id)
        .replace("{shop_id}", &t.a_shop_id)
        .replace("{other_id}", &t.a_plan_id)
        .replace("{user_id}", &t.a_operator.user_id)
        .replace("{milestone_id}", &t.a_milestone_id)
        .replace("{kind}", "launch")
        .replace("{list}", "platforms")
        .replace("{code}", "a_only")
        .replace("{date}", "2026-04-01")
        .replace("{category}", "ztc");
    assert!(
        !concrete.contains('{') && !concrete.contains("//"),
        "the tenancy suite knows no id of organization A for {path}: add one"
    );
    Some(concrete)
}

/// A body that passes validation for each mutating route, so the answer is about the id.
fn valid_body(method: &str, path: &str) -> Value {
    match (method, path) {
        ("patch", "/api/v1/members/{user_id}") => json!({"role": "viewer"}),
        ("patch", "/api/v1/shops/{id}") => json!({"name": "改名"}),
        ("patch", "/api/v1/reference/{list}/{code}") => json!({"name_zh": "改名"}),
        ("post", "/api/v1/plans/{id}/return") => json!({"comment": "改"}),
        ("post", "/api/v1/plans/{id}/revisions") => json!({"reason": "改"}),
        ("post", "/api/v1/plans/{id}/phases/{kind}/gate") => json!({"decision": "approve"}),
        ("patch", "/api/v1/plans/{id}/milestones/{milestone_id}") => json!({"status": "done"}),
        ("post", "/api/v1/plans/{id}/split") => {
            json!({"total": "100", "method": "even", "conversion_rate": "1%", "aov": "100"})
        }
        ("post", "/api/v1/shops/{shop_id}/plans") => {
            json!({"name": "x", "start_month": "2027-01", "end_month": "2027-02"})
        }
        ("post", "/api/v1/shops/{shop_id}/actuals") => {
            json!([{"date": "2026-04-02", "uv": 10, "buyers": 1, "sales": "9.90"}])
        }
        ("post", "/api/v1/shops/{shop_id}/spend") => {
            json!([{"date": "2026-04-02", "category": "ztc", "amount": "1.00"}])
        }
        ("put", "/api/v1/shops/{shop_id}/actuals/{date}") => {
            json!({"uv": 10, "buyers": 1, "sales": "9.90"})
        }
        ("put", "/api/v1/shops/{shop_id}/spend/{date}/{category}") => json!({"amount": "1.00"}),
        ("post", "/api/v1/shops/{shop_id}/notes") => json!({"month": "2026-04", "body": "复盘"}),
        _ => json!({}),
    }
}

/// Routes keyed by a secret rather than an id: holding the secret is the permission.
const SECRET_KEYED: &[&str] = &["/api/v1/invitations/{token}/accept"];

#[tokio::test]
async fn every_api_route_with_an_id_answers_404_for_another_organizations_data() {
    let app = TestApp::spawn().await;
    let t = two_tenants(&app).await;
    let doc = t.b.api.get("/api/v1/openapi.json").await.json();
    let mut checked = 0;
    for (path, item) in doc["paths"].as_object().unwrap() {
        if !path.contains('{') || SECRET_KEYED.contains(&path.as_str()) {
            continue;
        }
        let Some(concrete) = concrete(path, &t) else {
            continue;
        };
        for method in item.as_object().unwrap().keys() {
            let m = Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
            let body = valid_body(method, path);
            let response = t.b.api.json(m, &concrete, &body).await;
            assert_eq!(
                response.status.as_u16(),
                404,
                "{method} {path} as another organization's admin: {}",
                response.text()
            );
            assert_eq!(response.error_code(), "not_found");
            checked += 1;
        }
    }
    assert!(checked >= 20, "checked {checked} routes");
    // And A's own admin still reaches them (the 404 was about the tenant, not the id).
    t.a.api
        .patch_json(
            &format!("/api/v1/members/{}", t.a_operator.user_id),
            &json!({"role": "viewer"}),
        )
        .await
        .assert_status(200);
}

#[tokio::test]
async fn every_page_with_an_id_answers_404_for_another_organizations_data() {
    let app = TestApp::spawn().await;
    let t = two_tenants(&app).await;
    let b_browser = browser_login(&app, "admin-b@example.com").await;
    let a_token_id = {
        let browser = browser_login(&app, "admin-a@example.com").await;
        browser
            .post_form(
                "/account/tokens",
                &[("name", "甲的令牌"), ("valid_days", "30")],
            )
            .await
            .assert_status(201);
        let page = browser.get("/account/tokens").await.page();
        let action = page.attrs("#tokens form", "action").remove(0);
        action.split('/').nth(3).unwrap().to_string()
    };
    let routes = [
        (
            format!("/members/{}/role", t.a_operator.user_id),
            vec![("role", "viewer")],
        ),
        (format!("/members/{}/remove", t.a_operator.user_id), vec![]),
        (
            format!("/members/invitations/{}/revoke", t.a_invitation_id),
            vec![],
        ),
        (format!("/account/tokens/{a_token_id}/revoke"), vec![]),
    ];
    for path in [
        format!("/shops/{}", t.a_shop_id),
        format!("/shops/{}/edit", t.a_shop_id),
        format!("/plans/{}", t.a_plan_id),
        format!("/plans/{}/edit", t.a_plan_id),
        format!("/plans/{}/targets", t.a_plan_id),
        format!("/plans/{}/budgets", t.a_plan_id),
        format!("/plans/{}/phases", t.a_plan_id),
        format!("/plans/{}/revisions", t.a_plan_id),
        format!("/plans/{}/compare?other={}", t.a_plan_id, t.a_plan_id),
        format!("/plans/{}/dashboard", t.a_plan_id),
        format!("/plans/{}/dashboard.csv", t.a_plan_id),
        format!("/plans/{}/dashboard.xlsx", t.a_plan_id),
    ] {
        let response = b_browser.get(&path).await;
        assert_eq!(response.status.as_u16(), 404, "GET {path}");
    }
    let plan = &t.a_plan_id;
    let routes = routes.into_iter().chain([
        (
            format!("/shops/{}/plans", t.a_shop_id),
            vec![
                ("name", "x"),
                ("start_month", "2027-01"),
                ("end_month", "2027-02"),
            ],
        ),
        (format!("/plans/{plan}/submit"), vec![]),
        (format!("/plans/{plan}/approve"), vec![]),
        (format!("/plans/{plan}/return"), vec![("comment", "x")]),
        (format!("/plans/{plan}/archive"), vec![]),
        (format!("/plans/{plan}/revisions"), vec![("reason", "x")]),
        (format!("/plans/{plan}/targets"), vec![("version", "1")]),
        (
            format!("/plans/{plan}/phases/launch/gate"),
            vec![("decision", "approve")],
        ),
        (
            format!("/plans/{plan}/milestones/{}", t.a_milestone_id),
            vec![("status", "done")],
        ),
        (
            format!("/plans/{plan}/notes"),
            vec![("month", "2027-01"), ("body", "x")],
        ),
    ]);
    for (path, form) in routes {
        let response = b_browser.post_form(&path, &form).await;
        assert_eq!(
            response.status.as_u16(),
            404,
            "POST {path}: {}",
            response.text()
        );
        assert!(response.page().exists(".error-page"));
    }
    // Nothing was changed in A.
    let members = t.a.api.get("/api/v1/members").await.json();
    let operator = members
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["user_id"] == t.a_operator.user_id.as_str())
        .unwrap();
    assert_eq!(operator["role"], "operator");
    assert_eq!(
        t.a.api
            .get("/api/v1/invitations")
            .await
            .json()
            .as_array()
            .unwrap()
            .len(),
        1
    );
}

#[tokio::test]
async fn actual_data_pages_answer_404_for_another_organizations_shop_import_and_upload() {
    let app = TestApp::spawn().await;
    let t = two_tenants(&app).await;
    let a_browser = browser_login(&app, "admin-a@example.com").await;
    let preview = a_browser
        .post_multipart(
            &format!("/shops/{}/uploads", t.a_shop_id),
            &[("kind", "actuals")],
            Some((
                "file",
                "a.csv",
                b"date,uv,buyers,sales\n2026-04-03,10,1,5\n",
            )),
        )
        .await
        .page();
    let confirm = preview.attr("#preview-confirm form:first-child", "action");
    let cancel = preview.attr("#preview-confirm form:last-child", "action");
    let b_browser = browser_login(&app, "admin-b@example.com").await;
    let shop = &t.a_shop_id;
    for path in [
        format!("/shops/{shop}/actuals?month=2026-04"),
        format!("/shops/{shop}/actuals/2026-04-01"),
        format!("/shops/{shop}/upload"),
    ] {
        b_browser.get(&path).await.assert_status(404);
    }
    let posts = [
        (confirm.clone(), vec![]),
        (cancel, vec![]),
        (format!("/imports/{}/undo", t.a_import_id), vec![]),
        (
            format!("/shops/{shop}/actuals/2026-04-01"),
            vec![("uv", "1"), ("buyers", "0"), ("sales", "0")],
        ),
        (
            format!("/shops/{shop}/spend"),
            vec![("date", "2026-04-01"), ("category", "ztc"), ("amount", "1")],
        ),
    ];
    for (path, form) in posts {
        let response = b_browser.post_form(&path, &form).await;
        assert_eq!(
            response.status.as_u16(),
            404,
            "POST {path}: {}",
            response.text()
        );
    }
    b_browser
        .post_multipart(
            &format!("/shops/{shop}/uploads"),
            &[("kind", "actuals")],
            Some((
                "file",
                "b.csv",
                b"date,uv,buyers,sales\n2026-04-03,10,1,5\n",
            )),
        )
        .await
        .assert_status(404);
    // A's own upload is still waiting, and A's data is as it was.
    a_browser.post_form(&confirm, &[]).await.assert_status(303);
    let days =
        t.a.api
            .get(&format!(
                "/api/v1/shops/{shop}/actuals?from=2026-04-01&to=2026-04-30"
            ))
            .await
            .json();
    assert_eq!(days["days"].as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn lists_show_nothing_of_another_organization() {
    let app = TestApp::spawn().await;
    let t = two_tenants(&app).await;
    for path in ["/api/v1/members", "/api/v1/invitations", "/api/v1/audit"] {
        let response = t.b.api.get(path).await;
        response.assert_status(200);
        let text = response.text();
        for leaked in ["admin-a@", "op-a@", "pending-a@", "甲公司"] {
            assert!(!text.contains(leaked), "{path} shows {leaked}: {text}");
        }
    }
    let b_browser = browser_login(&app, "admin-b@example.com").await;
    for path in ["/members", "/audit", "/organizations", "/account/tokens"] {
        let text = b_browser.get(path).await.text();
        for leaked in ["admin-a@", "op-a@", "pending-a@", "甲公司"] {
            assert!(!text.contains(leaked), "{path} shows {leaked}");
        }
    }
    let members = t.b.api.get("/api/v1/members").await.json();
    assert_eq!(members.as_array().unwrap().len(), 2);
}

/// Runs statements through the application role, as requests do.
async fn as_app_role(
    app: &TestApp,
    tenant: Option<&str>,
) -> sqlx::Transaction<'static, sqlx::Postgres> {
    let mut tx = app.state.db.begin().await.unwrap();
    if let Some(tenant) = tenant {
        sqlx::query("SELECT set_config('app.tenant_id', $1, true)")
            .bind(tenant)
            .execute(&mut *tx)
            .await
            .unwrap();
    }
    tx
}

#[tokio::test]
async fn row_level_security_holds_without_any_tenant_filter() {
    let app = TestApp::spawn().await;
    let t = two_tenants(&app).await;

    // The role requests run as can bypass nothing.
    let mut tx = as_app_role(&app, None).await;
    let (role, superuser, bypass): (String, bool, bool) = sqlx::query_as(
        "SELECT current_user::text, rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user",
    )
    .fetch_one(&mut *tx)
    .await
    .unwrap();
    assert_eq!(role, "shopplan_app");
    assert!(!superuser && !bypass);
    // With no tenant set, tenant tables show nothing at all.
    for table in [
        "audit_log",
        "invitation",
        "membership",
        "daily_actual",
        "actual_month",
        "data_import",
    ] {
        let n: i64 =
            sqlx::query_scalar(sqlx::AssertSqlSafe(format!("SELECT count(*) FROM {table}")))
                .fetch_one(&mut *tx)
                .await
                .unwrap();
        assert_eq!(n, 0, "{table} without a tenant");
    }
    drop(tx);

    // Scoped to A, queries without a WHERE clause see only A's rows.
    let mut tx = as_app_role(&app, Some(&t.a.tenant_id)).await;
    for table in ["audit_log", "invitation", "membership"] {
        let tenants: Vec<String> = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
            "SELECT DISTINCT tenant_id::text FROM {table}"
        )))
        .fetch_all(&mut *tx)
        .await
        .unwrap();
        assert_eq!(tenants, vec![t.a.tenant_id.clone()], "{table}");
    }
    // Writing a row for another tenant is refused by the policy.
    let refused =
        sqlx::query("INSERT INTO audit_log (tenant_id, action) VALUES ($1::uuid, 'forged')")
            .bind(&t.b.tenant_id)
            .execute(&mut *tx)
            .await;
    assert!(
        refused
            .unwrap_err()
            .to_string()
            .contains("row-level security")
    );
    drop(tx);

    // The owner connection (a superuser) does see both: the filter above was RLS's doing.
    let mut owner = app.db.owner().await;
    let n: i64 = sqlx::query_scalar("SELECT count(DISTINCT tenant_id) FROM audit_log")
        .fetch_one(&mut owner)
        .await
        .unwrap();
    assert_eq!(n, 2);
    owner.close().await.unwrap();
}

#[tokio::test]
async fn the_audit_log_is_append_only_for_the_application() {
    let app = TestApp::spawn().await;
    let t = two_tenants(&app).await;
    for statement in ["UPDATE audit_log SET action = 'x'", "DELETE FROM audit_log"] {
        let mut tx = as_app_role(&app, Some(&t.a.tenant_id)).await;
        let error = sqlx::query(statement).execute(&mut *tx).await.unwrap_err();
        assert!(
            error.to_string().contains("permission denied"),
            "{statement}: {error}"
        );
    }
}

#[tokio::test]
async fn a_session_cannot_point_at_a_membership_that_does_not_exist() {
    let app = TestApp::spawn().await;
    let t = two_tenants(&app).await;
    // A's operator in B's organization, written as that person: the composite foreign key
    // refuses it (as anyone else, the policy would).
    let mut tx = as_app_role(&app, Some(&t.b.tenant_id)).await;
    sqlx::query("SELECT set_config('app.user_id', $1, true)")
        .bind(&t.a_operator.user_id)
        .execute(&mut *tx)
        .await
        .unwrap();
    let error = sqlx::query(
        "INSERT INTO session (id_hash, tenant_id, user_id, role, idle_expires_at, expires_at)
         VALUES ('\\x00', $1::uuid, $2::uuid, 'admin', now() + interval '1 hour', now() + interval '1 hour')",
    )
    .bind(&t.b.tenant_id)
    .bind(&t.a_operator.user_id)
    .execute(&mut *tx)
    .await
    .unwrap_err();
    assert!(error.to_string().contains("foreign key"), "{error}");
}

#[tokio::test]
async fn a_read_transaction_leaves_nothing_behind_on_its_connection() {
    let test_db = crate::support::db::TestDb::create().await;
    // One connection, so the statement after the transaction runs where it ran.
    let pool = shopplan::db::app_pool_with(
        test_db.owner_options(),
        true,
        1,
        std::time::Duration::from_secs(3),
    );
    let tenant = shopplan::domain::ids::TenantId::new();
    let mut tx = shopplan::db::TenantTx::begin_read(&pool, tenant, None)
        .await
        .unwrap();
    let (scope, planning): (String, String) = sqlx::query_as(
        "SELECT current_setting('app.tenant_id'), current_setting('plan_cache_mode')",
    )
    .fetch_one(tx.conn())
    .await
    .unwrap();
    assert_eq!(scope, tenant.0.to_string());
    assert_eq!(planning, "force_generic_plan");
    tx.end_read();

    // Had the transaction not ended, its settings would still show here.
    let mut conn = pool.acquire().await.unwrap();
    let (scope, planning): (String, String) = sqlx::query_as(
        "SELECT current_setting('app.tenant_id', true), current_setting('plan_cache_mode')",
    )
    .fetch_one(&mut *conn)
    .await
    .unwrap();
    assert_eq!(scope, "", "the tenant scope outlived its transaction");
    assert_eq!(
        planning, "auto",
        "generic planning outlived its transaction"
    );
}

#[tokio::test]
async fn the_request_login_the_server_makes_can_never_become_the_owner() {
    let app = TestApp::spawn().await;
    let url = app.db.url();
    let config =
        shopplan::config::Config::from_lookup(|name| (name == "DATABASE_URL").then(|| url.clone()))
            .unwrap();
    let mut owner = app.db.owner().await;
    let owner_name: String = sqlx::query_scalar("SELECT current_user::text")
        .fetch_one(&mut owner)
        .await
        .unwrap();
    let pool = shopplan::db::app_pool(&config, &mut owner).await.unwrap();
    let mut conn = pool.acquire().await.unwrap();
    let (login, role): (String, String) =
        sqlx::query_as("SELECT session_user::text, current_user::text")
            .fetch_one(&mut *conn)
            .await
            .unwrap();
    assert!(login.starts_with("shopplan_request_"), "{login}");
    assert_eq!(role, "shopplan_app");
    // Resetting the role goes back to the login, which is no superuser and owns nothing.
    sqlx::query("RESET ROLE").execute(&mut *conn).await.unwrap();
    let (now, superuser, bypass): (String, bool, bool) = sqlx::query_as(
        "SELECT current_user::text, rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user",
    )
    .fetch_one(&mut *conn)
    .await
    .unwrap();
    assert_eq!(now, login);
    assert!(!superuser && !bypass);
    let become_owner = sqlx::query(sqlx::AssertSqlSafe(format!("SET ROLE \"{owner_name}\"")))
        .execute(&mut *conn)
        .await;
    assert!(become_owner.is_err(), "the login became {owner_name}");
    let secret = sqlx::query("SELECT password FROM request_login")
        .execute(&mut *conn)
        .await;
    assert!(secret.is_err(), "the login reads its own password table");
    drop(conn);
    pool.close().await;

    // A second server finds the same login.
    let again = shopplan::db::app_pool(&config, &mut owner).await.unwrap();
    let second: String = sqlx::query_scalar("SELECT session_user::text")
        .fetch_one(&again)
        .await
        .unwrap();
    assert_eq!(second, login);
    again.close().await;
}

#[tokio::test]
async fn a_configured_request_login_that_could_bypass_row_security_is_refused() {
    let app = TestApp::spawn().await;
    let url = app.db.url();
    // The owner (a superuser here) named as the request login.
    let config = shopplan::config::Config::from_lookup(|name| match name {
        "DATABASE_URL" | "APP_DATABASE_URL" => Some(url.clone()),
        _ => None,
    })
    .unwrap();
    let mut owner = app.db.owner().await;
    let refused = shopplan::db::app_pool(&config, &mut owner).await;
    assert!(
        matches!(
            refused,
            Err(shopplan::db::StartupError::UnsafeRequestLogin { .. })
        ),
        "{:?}",
        refused.err()
    );
}

/// Whether a statement run as the application role (in its own savepoint) was refused.
async fn refused(tx: &mut sqlx::Transaction<'static, sqlx::Postgres>, sql: &str) -> bool {
    sqlx::query("SAVEPOINT probe")
        .execute(&mut **tx)
        .await
        .unwrap();
    let result = sqlx::query(sqlx::AssertSqlSafe(sql.to_string()))
        .execute(&mut **tx)
        .await;
    sqlx::query("ROLLBACK TO SAVEPOINT probe")
        .execute(&mut **tx)
        .await
        .unwrap();
    result.is_err()
}

async fn count(tx: &mut sqlx::Transaction<'static, sqlx::Postgres>, sql: &str) -> i64 {
    sqlx::query_scalar(sqlx::AssertSqlSafe(sql.to_string()))
        .fetch_one(&mut **tx)
        .await
        .unwrap()
}

#[tokio::test]
async fn identity_rows_are_behind_narrow_doors_for_the_application_role() {
    let app = TestApp::spawn().await;
    let t = two_tenants(&app).await;
    // Sessions of both people exist (tokens too, from signing up through the API).
    crate::support::accounts::browser_login(&app, &t.a.email).await;
    crate::support::accounts::browser_login(&app, &t.b.email).await;

    // Acting for nobody: no session, no token, no stamp is visible, no hash readable.
    let mut tx = as_app_role(&app, None).await;
    assert_eq!(count(&mut tx, "SELECT count(*) FROM session").await, 0);
    assert_eq!(count(&mut tx, "SELECT count(*) FROM api_token").await, 0);
    assert_eq!(
        count(&mut tx, "SELECT count(*) FROM figures_stamp").await,
        0
    );
    assert!(refused(&mut tx, "SELECT password_hash FROM app_user").await);
    assert!(
        refused(
            &mut tx,
            "UPDATE session SET expires_at = now() + interval '10 years'"
        )
        .await
    );
    assert!(refused(&mut tx, "UPDATE api_token SET expires_at = NULL").await);
    assert!(refused(&mut tx, "UPDATE app_user SET email = 'x@evil.example'").await);
    assert!(refused(&mut tx, "DELETE FROM app_user").await);
    // Names and e-mails stay readable, for member lists and invitations.
    let mut owner = app.db.owner().await;
    let people: i64 = sqlx::query_scalar("SELECT count(*) FROM app_user")
        .fetch_one(&mut owner)
        .await
        .unwrap();
    assert_eq!(
        count(&mut tx, "SELECT count(*) FROM app_user").await,
        people
    );
    tx.rollback().await.unwrap();

    // Acting for A in A's organization: A's own rows only.
    let mut tx = as_app_role(&app, Some(&t.a.tenant_id)).await;
    sqlx::query("SELECT set_config('app.user_id', $1, true)")
        .bind(&t.a.user_id)
        .execute(&mut *tx)
        .await
        .unwrap();
    let sessions = count(&mut tx, "SELECT count(*) FROM session").await;
    let own = count(
        &mut tx,
        &format!(
            "SELECT count(*) FROM session WHERE user_id = '{}'",
            t.a.user_id
        ),
    )
    .await;
    assert!(
        sessions >= 1 && sessions == own,
        "{sessions} sessions, {own} of A's"
    );
    let updated = sqlx::query("UPDATE app_user SET name = 'renamed'")
        .execute(&mut *tx)
        .await
        .unwrap()
        .rows_affected();
    assert_eq!(updated, 1, "only A's own row");
    assert!(count(&mut tx, "SELECT count(*) FROM figures_stamp").await >= 1);
    let others = count(
        &mut tx,
        &format!(
            "SELECT count(*) FROM figures_stamp WHERE tenant_id <> '{}'",
            t.a.tenant_id
        ),
    )
    .await;
    assert_eq!(others, 0);
    assert!(
        refused(
            &mut tx,
            &format!(
                "INSERT INTO figures_stamp (tenant_id, scope) VALUES ('{0}', '{0}')",
                t.b.tenant_id
            )
        )
        .await
    );
    tx.rollback().await.unwrap();
}
