//! Every role against every mutating route: allowed or 403, exactly as domain.md's table of
//! roles says. The expectations are written here, independently of the code's table.

use axum::http::Method;
use serde_json::{Value, json};

use crate::support::TestApp;
use crate::support::accounts::{Member, api_member, api_signup, invite};

const ROLES: [&str; 5] = ["admin", "manager", "operator", "finance", "viewer"];

/// One organization with a member of every role.
struct Team {
    admin: Member,
    by_role: Vec<(&'static str, Member)>,
}

async fn team(app: &TestApp) -> Team {
    let admin = api_signup(app, "店", "admin@example.com").await;
    let mut by_role = vec![("admin", admin.clone())];
    for role in &ROLES[1..] {
        let member = api_member(app, &admin, role, &format!("{role}@example.com")).await;
        by_role.push((role, member));
    }
    Team { admin, by_role }
}

/// A route, the roles allowed, and how to make a fresh target for each attempt.
struct Case {
    method: Method,
    template: &'static str,
    allowed: &'static [&'static str],
}

const ADMIN: &[&str] = &["admin"];
const EDITORS: &[&str] = &["admin", "manager", "operator"];
const PLAN_SAVERS: &[&str] = &["admin", "manager", "operator", "finance"];
const APPROVERS: &[&str] = &["admin", "manager"];
const EVERYONE: &[&str] = &ROLES;
const SPENDERS: &[&str] = &["admin", "operator", "finance"];
const NOTE_WRITERS: &[&str] = &["admin", "manager", "operator", "finance"];

/// Mutating API routes and who may call them. Public routes (sign-up, log-in, accepting an
/// invitation) need no role and are not listed.
const CASES: &[Case] = &[
    Case {
        method: Method::POST,
        template: "/api/v1/invitations",
        allowed: ADMIN,
    },
    Case {
        method: Method::DELETE,
        template: "/api/v1/invitations/{id}",
        allowed: ADMIN,
    },
    Case {
        method: Method::PATCH,
        template: "/api/v1/members/{user_id}",
        allowed: ADMIN,
    },
    Case {
        method: Method::DELETE,
        template: "/api/v1/members/{user_id}",
        allowed: ADMIN,
    },
    Case {
        method: Method::DELETE,
        template: "/api/v1/tokens/current",
        allowed: EVERYONE,
    },
    Case {
        method: Method::POST,
        template: "/api/v1/shops",
        allowed: EDITORS,
    },
    Case {
        method: Method::PATCH,
        template: "/api/v1/shops/{id}",
        allowed: EDITORS,
    },
    Case {
        method: Method::DELETE,
        template: "/api/v1/shops/{id}",
        allowed: EDITORS,
    },
    Case {
        method: Method::POST,
        template: "/api/v1/reference/{list}",
        allowed: ADMIN,
    },
    Case {
        method: Method::PATCH,
        template: "/api/v1/reference/{list}/{code}",
        allowed: ADMIN,
    },
    Case {
        method: Method::POST,
        template: "/api/v1/shops/{shop_id}/plans",
        allowed: EDITORS,
    },
    Case {
        method: Method::PUT,
        template: "/api/v1/plans/{id}",
        allowed: PLAN_SAVERS,
    },
    Case {
        method: Method::POST,
        template: "/api/v1/plans/{id}/submit",
        allowed: EDITORS,
    },
    Case {
        method: Method::POST,
        template: "/api/v1/plans/{id}/approve",
        allowed: APPROVERS,
    },
    Case {
        method: Method::POST,
        template: "/api/v1/plans/{id}/return",
        allowed: APPROVERS,
    },
    Case {
        method: Method::POST,
        template: "/api/v1/plans/{id}/archive",
        allowed: APPROVERS,
    },
    Case {
        method: Method::POST,
        template: "/api/v1/plans/{id}/revisions",
        allowed: EDITORS,
    },
    Case {
        method: Method::POST,
        template: "/api/v1/plans/{id}/phases/{kind}/gate",
        allowed: APPROVERS,
    },
    Case {
        method: Method::PATCH,
        template: "/api/v1/plans/{id}/milestones/{milestone_id}",
        allowed: EDITORS,
    },
    Case {
        method: Method::POST,
        template: "/api/v1/plans/{id}/split",
        allowed: EVERYONE,
    },
    Case {
        method: Method::POST,
        template: "/api/v1/shops/{shop_id}/notes",
        allowed: NOTE_WRITERS,
    },
    Case {
        method: Method::POST,
        template: "/api/v1/shops/{shop_id}/actuals",
        allowed: EDITORS,
    },
    Case {
        method: Method::POST,
        template: "/api/v1/actuals",
        allowed: EDITORS,
    },
    Case {
        method: Method::PUT,
        template: "/api/v1/shops/{shop_id}/actuals/{date}",
        allowed: EDITORS,
    },
    Case {
        method: Method::POST,
        template: "/api/v1/imports/{id}/undo",
        allowed: EDITORS,
    },
    Case {
        method: Method::POST,
        template: "/api/v1/shops/{shop_id}/spend",
        allowed: SPENDERS,
    },
    Case {
        method: Method::PUT,
        template: "/api/v1/shops/{shop_id}/spend/{date}/{category}",
        allowed: SPENDERS,
    },
];

const PUBLIC: &[&str] = &[
    "/api/v1/signup",
    "/api/v1/signup/confirm",
    "/api/v1/tokens",
    "/api/v1/invitations/{token}/accept",
];

/// A fresh target for one attempt, so an allowed call never spoils the next.
async fn prepare(app: &TestApp, team: &Team, case: &Case, n: usize) -> (String, Value) {
    match case.template {
        "/api/v1/invitations" => (
            case.template.to_string(),
            json!({"email": format!("new{n}@example.com"), "role": "viewer"}),
        ),
        "/api/v1/invitations/{id}" => {
            invite(&team.admin, "viewer", &format!("target{n}@example.com")).await;
            let list = team.admin.api.get("/api/v1/invitations").await.json();
            let id = list[0]["id"].as_str().unwrap().to_string();
            (case.template.replace("{id}", &id), json!({}))
        }
        "/api/v1/members/{user_id}" => {
            let target = api_member(
                app,
                &team.admin,
                "viewer",
                &format!("target{n}@example.com"),
            )
            .await;
            let body = if case.method == Method::PATCH {
                json!({"role": "finance"})
            } else {
                json!({})
            };
            (case.template.replace("{user_id}", &target.user_id), body)
        }
        "/api/v1/shops" => (
            case.template.to_string(),
            json!({"name": format!("店{n}"), "platform": "tmall"}),
        ),
        "/api/v1/shops/{id}" => {
            let shop = team
                .admin
                .api
                .post_json(
                    "/api/v1/shops",
                    &json!({"name": format!("目标店{n}"), "platform": "jd"}),
                )
                .await
                .json();
            let id = shop["id"].as_str().unwrap();
            (
                case.template.replace("{id}", id),
                json!({"category": "茶叶"}),
            )
        }
        "/api/v1/reference/{list}" => (
            "/api/v1/reference/platforms".to_string(),
            json!({"code": format!("p{n}"), "name_zh": format!("平台{n}")}),
        ),
        "/api/v1/reference/{list}/{code}" => (
            "/api/v1/reference/platforms/other".to_string(),
            json!({"name_zh": format!("其他{n}"), "name_en": "Other"}),
        ),
        plan_route if plan_route.contains("plans") => plan_case(team, case, n).await,
        "/api/v1/shops/{shop_id}/notes" => {
            let shop = crate::support::plans::shop(&team.admin, &format!("复盘店{n}")).await;
            (
                case.template.replace("{shop_id}", &shop),
                json!({"month": "2027-01", "body": "流量不够"}),
            )
        }
        _ => prepare_actuals(team, case, n).await,
    }
}

/// Targets for the actual-data routes: a shop, and a fresh import of its own day to undo.
async fn prepare_actuals(team: &Team, case: &Case, n: usize) -> (String, Value) {
    let shop = team
        .admin
        .api
        .post_json(
            "/api/v1/shops",
            &json!({"name": format!("数据店{n}"), "platform": "tmall"}),
        )
        .await
        .json()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let day = json!({"date": "2026-04-01", "uv": 100, "buyers": 2, "sales": "200.00"});
    let path = case.template.replace("{shop_id}", &shop);
    match case.template {
        "/api/v1/shops/{shop_id}/actuals" => (path, json!([day])),
        "/api/v1/actuals" => {
            let row =
                json!({"shop": shop, "date": "2026-04-01", "uv": 100, "buyers": 2, "sales": "200"});
            (path, json!([row]))
        }
        "/api/v1/shops/{shop_id}/actuals/{date}" => (
            path.replace("{date}", "2026-04-02"),
            json!({"uv": 10, "buyers": 1, "sales": "9.90"}),
        ),
        "/api/v1/imports/{id}/undo" => {
            let import = team
                .admin
                .api
                .post_json(&format!("/api/v1/shops/{shop}/actuals"), &json!([day]))
                .await
                .json();
            let id = import["import_id"].as_str().unwrap();
            (path.replace("{id}", id), json!({}))
        }
        "/api/v1/shops/{shop_id}/spend" => (
            path,
            json!([{"date": "2026-04-01", "category": "ztc", "amount": "12.50"}]),
        ),
        "/api/v1/shops/{shop_id}/spend/{date}/{category}" => (
            path.replace("{date}", "2026-04-01")
                .replace("{category}", "ztc"),
            json!({"amount": "12.50"}),
        ),
        _ => (case.template.to_string(), json!({})),
    }
}

/// A fresh plan in the state the route needs, and the route's body.
async fn plan_case(team: &Team, case: &Case, n: usize) -> (String, Value) {
    use crate::support::plans::{simple_plan, step};
    let admin = &team.admin;
    let shop = crate::support::plans::shop(admin, &format!("计划店{n}")).await;
    if case.template == "/api/v1/shops/{shop_id}/plans" {
        let body = json!({"name": "新计划", "start_month": "2027-01", "end_month": "2027-03"});
        return (case.template.replace("{shop_id}", &shop), body);
    }
    let plan = simple_plan(admin, &shop).await;
    let id = plan["id"].as_str().unwrap().to_string();
    let state = match case.template {
        "/api/v1/plans/{id}/approve" | "/api/v1/plans/{id}/return" => "submitted",
        "/api/v1/plans/{id}/revisions" | "/api/v1/plans/{id}/phases/{kind}/gate" => "approved",
        _ => "draft",
    };
    if state != "draft" {
        step(admin, &id, "submit", json!({})).await;
    }
    if state == "approved" {
        step(admin, &id, "approve", json!({})).await;
    }
    let body = match case.template {
        "/api/v1/plans/{id}" => admin.api.get(&format!("/api/v1/plans/{id}")).await.json(),
        "/api/v1/plans/{id}/return" => json!({"comment": "再看看"}),
        "/api/v1/plans/{id}/revisions" => json!({"reason": "调整"}),
        "/api/v1/plans/{id}/phases/{kind}/gate" => json!({"decision": "approve"}),
        "/api/v1/plans/{id}/milestones/{milestone_id}" => json!({"status": "done"}),
        "/api/v1/plans/{id}/split" => {
            json!({"total": "100000", "method": "even", "conversion_rate": "1%", "aov": "100"})
        }
        _ => json!({}),
    };
    let milestone = plan["phases"][0]["milestones"][0]["id"].as_str().unwrap();
    let path = case
        .template
        .replace("{id}", &id)
        .replace("{kind}", "launch")
        .replace("{milestone_id}", milestone);
    (path, body)
}

#[tokio::test]
async fn every_role_against_every_mutating_route() {
    let app = TestApp::spawn().await;
    let team = team(&app).await;
    let mut n = 0;
    for case in CASES {
        for (role, member) in &team.by_role {
            n += 1;
            let (path, body) = prepare(&app, &team, case, n).await;
            // Token revocation would end the member's only credential: use a fresh token.
            let client = if case.template == "/api/v1/tokens/current" {
                let fresh = app
                    .client()
                    .post_json(
                        "/api/v1/tokens",
                        &json!({"email": member.email, "password": crate::support::accounts::PASSWORD}),
                    )
                    .await
                    .json();
                app.client().with_bearer(fresh["token"].as_str().unwrap())
            } else {
                member.api.clone()
            };
            let response = client.json(case.method.clone(), &path, &body).await;
            let status = response.status.as_u16();
            if case.allowed.contains(role) {
                assert!(
                    (200..300).contains(&status),
                    "{role} may {} {}: got {status} {}",
                    case.method,
                    case.template,
                    response.text()
                );
            } else {
                assert_eq!(
                    status, 403,
                    "{role} may not {} {}",
                    case.method, case.template
                );
                assert_eq!(response.error_code(), "forbidden");
            }
        }
    }
}

#[tokio::test]
async fn reading_the_audit_log_is_for_admins_and_managers() {
    let app = TestApp::spawn().await;
    let team = team(&app).await;
    for (role, member) in &team.by_role {
        let expected = if ["admin", "manager"].contains(role) {
            200
        } else {
            403
        };
        member
            .api
            .get("/api/v1/audit")
            .await
            .assert_status(expected);
    }
}

#[tokio::test]
async fn the_role_table_covers_every_mutating_route_of_the_api() {
    let app = TestApp::spawn().await;
    let doc = app.client().get("/api/v1/openapi.json").await.json();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for method in item.as_object().unwrap().keys() {
            if method == "get" || PUBLIC.contains(&path.as_str()) {
                continue;
            }
            let known = CASES
                .iter()
                .any(|c| c.template == path && c.method.as_str().eq_ignore_ascii_case(method));
            assert!(known, "{method} {path} is missing from the role suite");
        }
    }
}

#[tokio::test]
async fn member_pages_show_management_controls_only_to_admins() {
    let app = TestApp::spawn().await;
    let team = team(&app).await;
    for (role, member) in &team.by_role {
        let browser = crate::support::accounts::browser_login(&app, &member.email).await;
        let page = browser.get("/members").await.page();
        assert_eq!(
            page.exists("form[action='/members/invite']"),
            *role == "admin",
            "{role}"
        );
        assert_eq!(
            page.exists("nav a[href='/audit']"),
            ["admin", "manager"].contains(role),
            "{role}"
        );
        let forged = browser
            .post_form(
                "/members/invite",
                &[("email", "x@example.com"), ("role", "admin")],
            )
            .await;
        let expected = if *role == "admin" { 201 } else { 403 };
        assert_eq!(forged.status.as_u16(), expected, "{role}");
    }
}
