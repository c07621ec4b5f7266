//! Imports of daily figures and spend through the API, with the real sample exports: all or
//! nothing, idempotent, undoable, and the monthly rollup kept in step.

use serde_json::{Value, json};
use sqlx::{Connection, PgConnection};

use crate::support::TestApp;
use crate::support::accounts::{Member, api_member, api_signup};

pub const SYCM_GBK: &[u8] = include_bytes!("../fixtures/sycm-daily-2026Q2.gbk.csv");
pub const SYCM_XLSX: &[u8] = include_bytes!("../fixtures/sycm-daily-2026Q2.xlsx");
pub const ZTC: &[u8] = include_bytes!("../fixtures/ztc-report-2026Q2.csv");
pub const XLSX_TYPE: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// An organization's admin and one shop of it.
pub async fn shop(app: &TestApp) -> (Member, String) {
    let admin = api_signup(app, "婚庆用品电商部", "admin@example.com").await;
    let id = new_shop(&admin, "婚庆用品旗舰店").await;
    (admin, id)
}

pub async fn new_shop(member: &Member, name: &str) -> String {
    let response = member
        .api
        .post_json("/api/v1/shops", &json!({"name": name, "platform": "tmall"}))
        .await;
    response.assert_status(201);
    response.json()["id"].as_str().unwrap().to_string()
}

/// Imports a file of daily figures and returns the answer's body.
pub async fn import(member: &Member, shop: &str, content_type: &str, bytes: &[u8]) -> Value {
    let response = member
        .api
        .post_bytes(
            &format!("/api/v1/shops/{shop}/actuals"),
            content_type,
            bytes.to_vec(),
        )
        .await;
    response.assert_status(200);
    response.json()
}

/// `(rows, sum of uv, sum of sales)` of a table, read behind the application.
async fn totals(owner: &mut PgConnection, table: &str) -> (i64, i64, String) {
    let sql = format!(
        "SELECT count(*), COALESCE(sum(uv), 0)::bigint, COALESCE(sum(sales), 0)::text FROM {table}"
    );
    sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .fetch_one(owner)
        .await
        .unwrap()
}

#[tokio::test]
async fn the_gbk_business_advisor_export_with_title_lines_imports_as_it_is() {
    let app = TestApp::spawn().await;
    let (admin, shop) = shop(&app).await;
    let body = import(&admin, &shop, "text/csv", SYCM_GBK).await;
    assert_eq!(body["rows"], 91);
    assert_eq!(body["inserted"], 91);
    assert_eq!(body["updated"], 0);
    assert_eq!(body["first_date"], "2026-04-01");
    assert_eq!(body["last_date"], "2026-06-30");
    assert!(body["import_id"].is_string());

    let mut owner = app.db.owner().await;
    assert_eq!(
        totals(&mut owner, "daily_actual").await,
        (91, 267_105, "947899.98".into())
    );
    let months: Vec<(String, i64, i64, String, String, i32)> = sqlx::query_as(
        "SELECT to_char(month, 'YYYY-MM'), uv, orders, sales::text, refunds::text, days
         FROM actual_month ORDER BY month",
    )
    .fetch_all(&mut owner)
    .await
    .unwrap();
    assert_eq!(months.len(), 3);
    assert_eq!(
        months.iter().map(|m| m.5).collect::<Vec<_>>(),
        vec![30, 31, 30]
    );
    let day: (i32, i32, Option<i32>, String, Option<String>, Option<i32>) = sqlx::query_as(
        "SELECT uv, buyers, orders, sales::text, refunds::text, pv FROM daily_actual WHERE date = '2026-04-01'",
    )
    .fetch_one(&mut owner)
    .await
    .unwrap();
    assert_eq!(
        day,
        (
            2043,
            72,
            Some(73),
            "9469.44".into(),
            Some("520.82".into()),
            Some(6086)
        )
    );
    owner.close().await.unwrap();

    let read = admin
        .api
        .get(&format!(
            "/api/v1/shops/{shop}/actuals?from=2026-04-01&to=2026-04-30"
        ))
        .await
        .json();
    assert_eq!(read["days"].as_array().unwrap().len(), 30);
    assert_eq!(read["days"][0]["sales"], "9469.44");
    assert_eq!(read["days"][0]["conversion_rate"], "0.0352");
    assert_eq!(read["days"][0]["aov"], "131.52");
    assert_eq!(read["months"][0]["month"], "2026-04");
    assert_eq!(read["months"][0]["days"], 30);
}

#[tokio::test]
async fn the_xlsx_export_reimported_replaces_the_same_days_idempotently() {
    let app = TestApp::spawn().await;
    let (admin, shop) = shop(&app).await;
    let first = import(&admin, &shop, XLSX_TYPE, SYCM_XLSX).await;
    assert_eq!(
        (first["rows"].clone(), first["inserted"].clone()),
        (json!(91), json!(91))
    );
    let mut owner = app.db.owner().await;
    let before = totals(&mut owner, "daily_actual").await;
    let months_before = totals(&mut owner, "actual_month").await;

    let again = import(&admin, &shop, "text/csv", SYCM_GBK).await;
    assert_eq!(again["rows"], 91);
    assert_eq!(again["inserted"], 0);
    assert_eq!(again["updated"], 91, "every day was there already");
    assert_eq!(totals(&mut owner, "daily_actual").await, before);
    assert_eq!(totals(&mut owner, "actual_month").await, months_before);
    owner.close().await.unwrap();

    let history = admin
        .api
        .get(&format!("/api/v1/shops/{shop}/imports"))
        .await
        .json();
    assert_eq!(history.as_array().unwrap().len(), 2);
    assert_eq!(history[0]["rows"], 91);
}

#[tokio::test]
async fn the_utf8_bom_paid_search_report_imports_as_spend_of_the_chosen_category() {
    let app = TestApp::spawn().await;
    let (admin, shop) = shop(&app).await;
    let without = admin
        .api
        .post_bytes(
            &format!("/api/v1/shops/{shop}/spend"),
            "text/csv",
            ZTC.to_vec(),
        )
        .await;
    without.assert_status(422);
    assert_eq!(without.error_code(), "invalid_file");

    let response = admin
        .api
        .post_bytes(
            &format!("/api/v1/shops/{shop}/spend?category=ztc"),
            "text/csv",
            ZTC.to_vec(),
        )
        .await;
    response.assert_status(200);
    let body = response.json();
    assert_eq!(body["rows"], 91);
    assert_eq!(body["first_date"], "2026-04-01");

    let read = admin
        .api
        .get(&format!(
            "/api/v1/shops/{shop}/spend?from=2026-04-01&to=2026-04-02"
        ))
        .await
        .json();
    assert_eq!(read["entries"][0]["category"], "ztc");
    assert_eq!(read["entries"][0]["amount"], "349.75");
    assert_eq!(read["entries"][0]["attributed_sales"], "1359.26");
    let mut owner = app.db.owner().await;
    let (amount, attributed): (String, String) = sqlx::query_as(
        "SELECT (SELECT sum(amount) FROM spend_entry)::text, (SELECT sum(amount) FROM spend_month)::text",
    )
    .fetch_one(&mut owner)
    .await
    .unwrap();
    assert_eq!(amount, attributed, "the rollup holds the same money");
    owner.close().await.unwrap();
}

#[tokio::test]
async fn a_file_with_several_bad_rows_reports_each_with_line_and_column_and_stores_nothing() {
    let app = TestApp::spawn().await;
    let (admin, shop) = shop(&app).await;
    let file = "店铺整体\n统计日期,访客数,支付买家数,支付金额\n\
                2026-04-01,100,3,300.00\n\
                2026-04-02,-5,0,0\n\
                2026-04-03,10,20,500\n\
                2026-04-01,100,3,300.00\n\
                2099-01-01,1,0,0\n";
    let response = admin
        .api
        .post_bytes(
            &format!("/api/v1/shops/{shop}/actuals"),
            "text/csv",
            file.as_bytes().to_vec(),
        )
        .await;
    response.assert_status(422);
    let error = &response.json()["error"];
    assert_eq!(error["code"], "invalid_rows");
    let details: Vec<(u64, String)> = error["details"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["line"].as_u64().unwrap(),
                d["column"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        details,
        vec![
            (4, "访客数".to_string()),
            (5, "支付买家数".to_string()),
            (6, "统计日期".to_string()),
            (7, "统计日期".to_string()),
        ]
    );
    assert!(
        error["details"][2]["message"]
            .as_str()
            .unwrap()
            .contains('3'),
        "names the first line"
    );

    let mut owner = app.db.owner().await;
    for table in [
        "daily_actual",
        "actual_month",
        "data_import",
        "import_replaced_actual",
    ] {
        let n: i64 =
            sqlx::query_scalar(sqlx::AssertSqlSafe(format!("SELECT count(*) FROM {table}")))
                .fetch_one(&mut owner)
                .await
                .unwrap();
        assert_eq!(n, 0, "{table} holds nothing");
    }
    owner.close().await.unwrap();
}

#[tokio::test]
async fn undo_restores_exactly_what_the_import_replaced() {
    let app = TestApp::spawn().await;
    let (admin, shop) = shop(&app).await;
    let first = import(&admin, &shop, "text/csv", SYCM_GBK).await;
    let mut owner = app.db.owner().await;
    let snapshot = |table: &'static str| {
        format!(
            "SELECT string_agg(concat_ws(',', shop_id, date, uv, buyers, orders, sales, refunds, pv, import_id, updated_at), ';' ORDER BY date) FROM {table}"
        )
    };
    let before: Option<String> = sqlx::query_scalar(sqlx::AssertSqlSafe(snapshot("daily_actual")))
        .fetch_one(&mut owner)
        .await
        .unwrap();
    let months_before = totals(&mut owner, "actual_month").await;

    let changed =
        "date,uv,buyers,sales\n2026-04-01,1,1,1.00\n2026-04-02,2,1,2.00\n2026-07-01,3,1,3.00\n";
    let second = import(&admin, &shop, "text/csv", changed.as_bytes()).await;
    assert_eq!(
        (second["inserted"].clone(), second["updated"].clone()),
        (json!(1), json!(2))
    );
    let second_id = second["import_id"].as_str().unwrap();

    // The first import cannot be undone while the second has replaced some of its days.
    let refused = admin
        .api
        .post_json(
            &format!(
                "/api/v1/imports/{}/undo",
                first["import_id"].as_str().unwrap()
            ),
            &json!({}),
        )
        .await;
    refused.assert_status(409);
    assert_eq!(refused.error_code(), "import_superseded");
    // The history says so beforehand, so the page offers no undo that would be refused.
    let history = admin
        .api
        .get(&format!("/api/v1/shops/{shop}/imports"))
        .await
        .json();
    let undoable: Vec<(String, bool)> = history
        .as_array()
        .unwrap()
        .iter()
        .map(|i| (i["id"].as_str().unwrap().to_string(), i["undoable"] == true))
        .collect();
    assert_eq!(
        undoable,
        [
            (second_id.to_string(), true),
            (first["import_id"].as_str().unwrap().to_string(), false)
        ]
    );

    admin
        .api
        .post_json(&format!("/api/v1/imports/{second_id}/undo"), &json!({}))
        .await
        .assert_status(204);
    let after: Option<String> = sqlx::query_scalar(sqlx::AssertSqlSafe(snapshot("daily_actual")))
        .fetch_one(&mut owner)
        .await
        .unwrap();
    assert_eq!(
        after, before,
        "every value, import id and timestamp is back"
    );
    assert_eq!(
        totals(&mut owner, "actual_month").await,
        months_before,
        "July is gone again"
    );
    owner.close().await.unwrap();

    let again = admin
        .api
        .post_json(&format!("/api/v1/imports/{second_id}/undo"), &json!({}))
        .await;
    again.assert_status(409);
    assert_eq!(again.error_code(), "import_already_undone");
    // Now the first import's days are its own again: it can be undone, leaving nothing.
    admin
        .api
        .post_json(
            &format!(
                "/api/v1/imports/{}/undo",
                first["import_id"].as_str().unwrap()
            ),
            &json!({}),
        )
        .await
        .assert_status(204);
    let read = admin
        .api
        .get(&format!(
            "/api/v1/shops/{shop}/actuals?from=2026-04-01&to=2026-07-31"
        ))
        .await
        .json();
    assert_eq!(read["days"], json!([]));
    assert_eq!(read["months"], json!([]));
    let history = admin
        .api
        .get(&format!("/api/v1/shops/{shop}/imports"))
        .await
        .json();
    assert!(
        history
            .as_array()
            .unwrap()
            .iter()
            .all(|i| i["undone_at"].is_string())
    );
}

#[tokio::test]
async fn an_edit_by_hand_makes_the_import_of_that_day_final() {
    let app = TestApp::spawn().await;
    let (admin, shop) = shop(&app).await;
    let first = import(&admin, &shop, "text/csv", SYCM_GBK).await;
    admin
        .api
        .put_json(
            &format!("/api/v1/shops/{shop}/actuals/2026-05-01"),
            &json!({"uv": 100, "buyers": 5, "sales": "500.00"}),
        )
        .await
        .assert_status(200);
    let refused = admin
        .api
        .post_json(
            &format!(
                "/api/v1/imports/{}/undo",
                first["import_id"].as_str().unwrap()
            ),
            &json!({}),
        )
        .await;
    refused.assert_status(409);
    assert!(
        refused.json()["error"]["message"]
            .as_str()
            .unwrap()
            .contains("91")
    );
}

#[tokio::test]
async fn json_rows_follow_the_same_rules_and_point_at_fields() {
    let app = TestApp::spawn().await;
    let (admin, shop) = shop(&app).await;
    let path = format!("/api/v1/shops/{shop}/actuals");
    let bad = admin
        .api
        .post_json(
            &path,
            &json!([{"date": "2026-04-01", "uv": 10, "buyers": 20, "sales": "5.00"},
                    {"date": "2026/4/2", "uv": 10, "buyers": 1, "sales": "-1"}]),
        )
        .await;
    bad.assert_status(422);
    assert_eq!(bad.json()["error"]["details"].as_array().unwrap().len(), 2);
    assert_eq!(bad.json()["error"]["details"][0]["field"], "[0].buyers");
    assert_eq!(bad.json()["error"]["details"][1]["field"], "[1].sales");

    let good = admin
        .api
        .post_json(
            &path,
            &json!([{"date": "2026-04-01", "uv": 10, "buyers": 2, "sales": "5.00", "refunds": "1.50"},
                    {"date": "20260402", "uv": "1,200", "buyers": 0, "sales": 0}]),
        )
        .await;
    good.assert_status(200);
    assert_eq!(good.json()["rows"], 2);
    admin
        .api
        .post_json(&path, &json!([]))
        .await
        .assert_status(422);
    admin
        .api
        .post_json(&path, &json!({"date": 1}))
        .await
        .assert_status(400);
}

#[tokio::test]
async fn sizes_types_and_empty_files_get_their_own_statuses() {
    let app = TestApp::spawn_with(|c| c.max_upload_bytes = 4096).await;
    let (admin, shop) = shop(&app).await;
    let path = format!("/api/v1/shops/{shop}/actuals");
    let big = admin
        .api
        .post_bytes(&path, "text/csv", SYCM_GBK.to_vec())
        .await;
    big.assert_status(413);
    assert_eq!(big.error_code(), "payload_too_large");
    let wrong = admin
        .api
        .post_bytes(&path, "image/png", b"date,uv\n".to_vec())
        .await;
    wrong.assert_status(415);
    assert_eq!(wrong.error_code(), "unsupported_media_type");
    let empty = admin.api.post_bytes(&path, "text/csv", Vec::new()).await;
    empty.assert_status(422);
    assert_eq!(empty.error_code(), "empty_file");
    let blank = admin
        .api
        .post_bytes(&path, "text/csv", b"\xEF\xBB\xBF\r\n".to_vec())
        .await;
    blank.assert_status(422);
    let header_only = admin
        .api
        .post_bytes(&path, "text/csv", b"date,uv,buyers,sales\n".to_vec())
        .await;
    header_only.assert_status(422);
    assert_eq!(header_only.error_code(), "invalid_file");
}

#[tokio::test]
async fn an_organization_wide_file_imports_many_shops_and_refuses_a_repeated_shop_day() {
    let app = TestApp::spawn().await;
    let (admin, tea) = shop(&app).await;
    let wedding = new_shop(&admin, "婚庆天猫店").await;
    let file = format!(
        "店铺,日期,访客数,支付买家数,支付金额\n{tea},2026-04-01,100,3,300\n{tea},2026-04-02,200,4,400\n\
         婚庆天猫店,2026-04-01,50,1,99.5\n婚庆天猫店,2026-05-01,60,0,0\n"
    );
    let response = admin
        .api
        .post_bytes("/api/v1/actuals", "text/csv", file.into_bytes())
        .await;
    response.assert_status(200);
    let body = response.json();
    assert_eq!(
        (body["rows"].clone(), body["inserted"].clone()),
        (json!(4), json!(4))
    );
    let read = admin
        .api
        .get(&format!(
            "/api/v1/shops/{wedding}/actuals?from=2026-04-01&to=2026-05-31"
        ))
        .await
        .json();
    assert_eq!(read["days"].as_array().unwrap().len(), 2);
    assert_eq!(read["months"].as_array().unwrap().len(), 2);
    let history = admin
        .api
        .get(&format!("/api/v1/shops/{tea}/imports"))
        .await
        .json();
    assert_eq!(history[0]["rows"], 2, "the shop's own part of the file");
    assert_eq!(history[0]["organization_wide"], true);

    let repeated = format!(
        "shop,date,uv,buyers,sales\n{tea},2026-04-03,1,0,0\n婚庆天猫店,2026-04-03,1,0,0\n{tea},2026-04-03,2,0,0\n无此店,2026-04-04,1,0,0\n"
    );
    let refused = admin
        .api
        .post_bytes("/api/v1/actuals", "text/csv", repeated.into_bytes())
        .await;
    refused.assert_status(422);
    let details = refused.json()["error"]["details"].clone();
    assert_eq!(details.as_array().unwrap().len(), 2);
    assert_eq!(details[0]["line"], 4);
    assert_eq!(details[0]["column"], "date");
    assert_eq!(details[1]["line"], 5);
    assert_eq!(details[1]["column"], "shop");
}

#[tokio::test]
async fn days_and_spend_are_edited_by_hand_with_the_import_rules() {
    let app = TestApp::spawn().await;
    let (admin, shop) = shop(&app).await;
    let finance = api_member(&app, &admin, "finance", "finance@example.com").await;
    let day = format!("/api/v1/shops/{shop}/actuals/2026-04-01");
    let bad = admin
        .api
        .put_json(&day, &json!({"uv": 10, "buyers": 11, "sales": "1.00"}))
        .await;
    bad.assert_status(422);
    assert_eq!(bad.json()["error"]["details"][0]["field"], "buyers");
    let future = admin
        .api
        .put_json(
            &format!("/api/v1/shops/{shop}/actuals/2099-01-01"),
            &json!({"uv": 1, "buyers": 0, "sales": "0"}),
        )
        .await;
    future.assert_status(422);
    assert_eq!(future.json()["error"]["details"][0]["field"], "date");
    let saved = admin
        .api
        .put_json(
            &day,
            &json!({"uv": 1000, "buyers": 30, "sales": "3030.00", "orders": 31}),
        )
        .await;
    saved.assert_status(200);
    assert_eq!(saved.json()["conversion_rate"], "0.0300");
    assert_eq!(saved.json()["aov"], "101.00");

    // 直通车, percent-encoded as a client sends it in a path.
    let spend = format!("/api/v1/shops/{shop}/spend/2026-04-01/%E7%9B%B4%E9%80%9A%E8%BD%A6");
    finance
        .api
        .put_json(
            &spend,
            &json!({"amount": "300.00", "attributed_sales": "900"}),
        )
        .await
        .assert_status(200);
    let again = finance
        .api
        .put_json(
            &format!("/api/v1/shops/{shop}/spend/2026-04-01/ztc"),
            &json!({"amount": "250.5"}),
        )
        .await;
    again.assert_status(200);
    assert_eq!(again.json()["amount"], "250.50");
    let unknown = finance
        .api
        .put_json(
            &format!("/api/v1/shops/{shop}/spend/2026-04-01/tv"),
            &json!({"amount": "1"}),
        )
        .await;
    unknown.assert_status(422);
    assert_eq!(unknown.json()["error"]["details"][0]["field"], "category");

    let mut owner = app.db.owner().await;
    let rollup: (String, String, i64) = sqlx::query_as(
        "SELECT (SELECT amount::text FROM spend_month), (SELECT sales::text FROM actual_month),
                (SELECT count(*) FROM audit_log WHERE action IN ('actuals.edited', 'spend.recorded'))",
    )
    .fetch_one(&mut owner)
    .await
    .unwrap();
    assert_eq!(rollup, ("250.50".into(), "3030.00".into(), 3));
    owner.close().await.unwrap();
}
