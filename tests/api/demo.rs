//! `shopplan demo`: the demo organization, loaded by the binary through the product's own
//! services, tells the stories the dashboards are for, and loading it again changes nothing.

use std::process::Command;

use chrono::Days;
use serde_json::{Value, json};

use crate::support::TestApp;

const PASSWORD: &str = "shopplan demo 2026";

fn demo(app: &TestApp) -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_shopplan"))
        .arg("demo")
        .env("DATABASE_URL", app.db.url())
        .env_remove("APP_DATABASE_URL")
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

async fn token(app: &TestApp, email: &str) -> crate::support::Client {
    let response = app
        .client()
        .post_json(
            "/api/v1/tokens",
            &json!({"email": email, "password": PASSWORD, "name": "demo test"}),
        )
        .await;
    response.assert_status(201);
    app.client()
        .with_bearer(response.json()["token"].as_str().unwrap())
}

fn dec(v: &Value) -> f64 {
    v.as_str().unwrap().parse().unwrap()
}

/// The month's effect that explains most of its miss.
fn main_cause(month: &Value) -> &'static str {
    let v = &month["variance"];
    [
        ("uv", dec(&v["uv_effect"])),
        ("conversion", dec(&v["conversion_effect"])),
        ("aov", dec(&v["aov_effect"])),
    ]
    .into_iter()
    .min_by(|a, b| a.1.total_cmp(&b.1))
    .unwrap()
    .0
}

/// What explains most of October 2026's miss on a plan (which must have missed).
async fn october_cause(member: &crate::support::Client, plan: &str) -> &'static str {
    let board = member
        .get(&format!("/api/v1/plans/{plan}/dashboard?as_of=2026-10-31"))
        .await
        .json();
    let october = &board["months"][3];
    assert_eq!(october["month"], "2026-10");
    assert!(dec(&october["variance"]["sales"]) < 0.0, "{october}");
    main_cause(october)
}

#[tokio::test]
async fn the_demo_loads_once_tells_its_stories_and_loads_again_without_change() {
    let app = TestApp::spawn().await;
    let printed = demo(&app);
    for line in [
        "admin@demo.example",
        "manager@demo.example",
        "operator@demo.example",
        "finance@demo.example",
        "viewer@demo.example",
        PASSWORD,
    ] {
        assert!(printed.contains(line), "{printed}");
    }
    let manager = token(&app, "manager@demo.example").await;
    let members = manager.get("/api/v1/members").await.json();
    let mut roles: Vec<&str> = members
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["role"].as_str().unwrap())
        .collect();
    roles.sort();
    assert_eq!(roles, ["admin", "finance", "manager", "operator", "viewer"]);

    let shops = manager.get("/api/v1/shops").await.json();
    let shop_id = |name: &str| {
        shops
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["name"] == name)
            .unwrap_or_else(|| panic!("no shop {name}: {shops}"))["id"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let plan_of = |plans: &Value, name: &str, status: &str| {
        plans
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["name"] == name && p["status"] == status)
            .unwrap_or_else(|| panic!("no {status} plan {name}: {plans}"))["id"]
            .as_str()
            .unwrap()
            .to_string()
    };

    // Figures reach yesterday, on the organization's clock.
    let today = chrono::Utc::now()
        .with_timezone(&chrono_tz_shanghai())
        .date_naive();
    let yesterday = today - Days::new(1);
    let jinxiu = shop_id("锦绣家纺天猫专卖店");
    let days = manager
        .get(&format!(
            "/api/v1/shops/{jinxiu}/actuals?from={}&to={yesterday}",
            yesterday - Days::new(6)
        ))
        .await
        .json();
    let listed = days["days"].as_array().expect("days");
    assert_eq!(
        listed.last().unwrap()["date"],
        yesterday.to_string(),
        "{days}"
    );

    // October 2026 missed on conversion at the franchise store, on traffic at the tea shop.
    let plans = manager
        .get(&format!("/api/v1/shops/{jinxiu}/plans"))
        .await
        .json();
    let plan = plan_of(&plans, "开店第一年（2026.7–2027.4）", "approved");
    assert_eq!(october_cause(&manager, &plan).await, "conversion");

    let tea = shop_id("山野茶天猫旗舰店");
    let plans = manager
        .get(&format!("/api/v1/shops/{tea}/plans"))
        .await
        .json();
    let plan = plan_of(&plans, "2026 下半年 300 万", "approved");
    plan_of(&plans, "2026 下半年 300 万", "submitted");
    assert_eq!(october_cause(&manager, &plan).await, "uv");

    // The wedding shop's second quarter is the sample 生意参谋 export, exactly.
    let wedding = shop_id("喜庆婚品淘宝店");
    let april = manager
        .get(&format!(
            "/api/v1/shops/{wedding}/actuals?from=2026-04-01&to=2026-04-30"
        ))
        .await
        .json();
    let first = &april["days"][0];
    assert_eq!(first["date"], "2026-04-01");
    assert_eq!(first["uv"], 2043);
    assert_eq!(first["sales"], "9469.44");

    // Nothing in it models fake orders.
    let categories = manager.get("/api/v1/reference/categories").await.text();
    assert!(!categories.contains("刷单"));

    // Again: nothing new to load, nothing doubled.
    let again = demo(&app);
    assert!(again.contains("already there"), "{again}");
    assert!(again.contains("Imported 0 days"), "{again}");
    let plans = manager
        .get(&format!("/api/v1/shops/{tea}/plans"))
        .await
        .json();
    assert_eq!(plans.as_array().unwrap().len(), 2, "{plans}");
    let notes = manager
        .get(&format!(
            "/api/v1/shops/{jinxiu}/notes?from=2026-01&to=2026-12"
        ))
        .await
        .json();
    assert_eq!(notes.as_array().unwrap().len(), 2, "{notes}");
}

/// Asia/Shanghai: UTC+8 all year, no summer time.
fn chrono_tz_shanghai() -> chrono::FixedOffset {
    chrono::FixedOffset::east_opt(8 * 3600).unwrap()
}
