//! Shops and plans made through the API, in the states the tests need.

use serde_json::{Value, json};

use super::accounts::Member;

/// Creates a shop and returns its id.
pub async fn shop(member: &Member, name: &str) -> String {
    let response = member
        .api
        .post_json(
            "/api/v1/shops",
            &json!({"name": name, "platform": "tmall", "store_type": "franchise"}),
        )
        .await;
    response.assert_status(201);
    response.json()["id"].as_str().unwrap().to_string()
}

/// Creates a plan from the template and returns its document.
pub async fn plan(member: &Member, shop: &str, body: Value) -> Value {
    let response = member
        .api
        .post_json(&format!("/api/v1/shops/{shop}/plans"), &body)
        .await;
    response.assert_status(201);
    response.json()
}

/// A six-month plan (2027-01 to 2027-06) with targets and a 直通车 budget.
pub async fn simple_plan(member: &Member, shop: &str) -> Value {
    let doc = plan(
        member,
        shop,
        json!({"name": "2027 上半年", "start_month": "2027-01", "end_month": "2027-06",
               "gross_margin": "0.4", "roi_target_min": "3", "roi_target_max": "5"}),
    )
    .await;
    put(member, &doc, |d| {
        d["targets"] = json!([
            {"month": "2027-01", "uv": 24000, "conversion_rate": "0.03", "aov": "101"},
            {"month": "2027-02", "uv": 30000, "conversion_rate": "0.03", "aov": "110"},
        ]);
        d["budgets"] = json!([{"month": "2027-01", "category": "ztc", "amount": "3000"}]);
    })
    .await
}

/// Reads a plan, changes it with `edit`, saves it; returns the saved document.
pub async fn put(member: &Member, doc: &Value, edit: impl FnOnce(&mut Value)) -> Value {
    let id = doc["id"].as_str().unwrap();
    let mut current = member.api.get(&format!("/api/v1/plans/{id}")).await.json();
    edit(&mut current);
    let response = member
        .api
        .put_json(&format!("/api/v1/plans/{id}"), &current)
        .await;
    response.assert_status(200);
    response.json()
}

/// Moves a plan through a workflow step as `member`.
pub async fn step(member: &Member, plan: &str, action: &str, body: Value) -> Value {
    let response = member
        .api
        .post_json(&format!("/api/v1/plans/{plan}/{action}"), &body)
        .await;
    response.assert_status(200);
    response.json()
}

/// Opens a draft revision of an approved plan as `member`; returns its document.
pub async fn revision(member: &Member, plan: &str, reason: &str) -> Value {
    let response = member
        .api
        .post_json(
            &format!("/api/v1/plans/{plan}/revisions"),
            &json!({ "reason": reason }),
        )
        .await;
    response.assert_status(201);
    response.json()
}
