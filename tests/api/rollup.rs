//! The monthly rollup the dashboards read equals a recomputation from the daily rows, after
//! any sequence of imports, re-imports, edits by hand, recorded spend and undos.

use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, TestRunner};
use serde_json::json;
use sqlx::{Connection, PgConnection};

use crate::imports::{new_shop, shop};
use crate::support::TestApp;
use crate::support::accounts::Member;

#[derive(Clone, Debug)]
enum Op {
    /// Daily figures for `len` days from day `start` (of 90 from 2026-01-15).
    Import {
        shop: usize,
        start: u32,
        len: u32,
        seed: u32,
    },
    /// Both shops' figures in one organization-wide file.
    Bulk {
        start: u32,
        len: u32,
        seed: u32,
    },
    /// Spend of one category for a run of days.
    Spend {
        shop: usize,
        start: u32,
        len: u32,
        category: usize,
        seed: u32,
    },
    Edit {
        shop: usize,
        day: u32,
        uv: u32,
    },
    Record {
        shop: usize,
        day: u32,
        category: usize,
        cents: u32,
    },
    /// Undo the n-th import made so far (refused when superseded or done already).
    Undo {
        nth: usize,
    },
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        3 => (0..2usize, 0..80u32, 1..30u32, any::<u32>())
            .prop_map(|(shop, start, len, seed)| Op::Import { shop, start, len, seed }),
        2 => (0..2usize, 0..80u32, 1..20u32, 0..2usize, any::<u32>())
            .prop_map(|(shop, start, len, category, seed)| Op::Spend { shop, start, len, category, seed }),
        1 => (0..80u32, 1..20u32, any::<u32>()).prop_map(|(start, len, seed)| Op::Bulk { start, len, seed }),
        1 => (0..2usize, 0..90u32, 1..5000u32).prop_map(|(shop, day, uv)| Op::Edit { shop, day, uv }),
        1 => (0..2usize, 0..90u32, 0..2usize, 0..1_000_000u32)
            .prop_map(|(shop, day, category, cents)| Op::Record { shop, day, category, cents }),
        2 => (0..8usize).prop_map(|nth| Op::Undo { nth }),
    ]
}

fn day(n: u32) -> String {
    let start = chrono::NaiveDate::from_ymd_opt(2026, 1, 15).unwrap();
    (start + chrono::TimeDelta::days(i64::from(n))).to_string()
}

/// Deterministic, valid figures for a day.
fn figures(seed: u32, n: u32) -> (u32, u32, String) {
    let uv = 100 + seed.wrapping_mul(31).wrapping_add(n * 7919) % 5000;
    let buyers = uv / 40;
    let sales = if buyers == 0 {
        "0".to_string()
    } else {
        format!("{}.{:02}", buyers * 97, (seed + n) % 100)
    };
    (uv, buyers, sales)
}

async fn apply(admin: &Member, shops: &[String], imports: &mut Vec<String>, op: &Op) {
    let response = match op {
        Op::Import {
            shop,
            start,
            len,
            seed,
        } => {
            let mut csv = String::from("date,uv,buyers,sales,refunds\n");
            for n in *start..start + len {
                let (uv, buyers, sales) = figures(*seed, n);
                csv.push_str(&format!("{},{uv},{buyers},{sales},{}\n", day(n), n % 3));
            }
            let path = format!("/api/v1/shops/{}/actuals", shops[*shop]);
            admin
                .api
                .post_bytes(&path, "text/csv", csv.into_bytes())
                .await
        }
        Op::Spend {
            shop,
            start,
            len,
            category,
            seed,
        } => {
            let mut csv = String::from("日期,花费,成交金额\n");
            for n in *start..start + len {
                csv.push_str(&format!(
                    "{},{}.{:02},{}\n",
                    day(n),
                    seed % 1000,
                    n % 100,
                    n * 3
                ));
            }
            let path = format!(
                "/api/v1/shops/{}/spend?category={}",
                shops[*shop],
                ["ztc", "live"][*category]
            );
            admin
                .api
                .post_bytes(&path, "text/csv", csv.into_bytes())
                .await
        }
        Op::Bulk { start, len, seed } => {
            let mut csv = String::from("店铺,日期,访客数,支付买家数,支付金额\n");
            for shop in shops {
                for n in *start..start + len {
                    let (uv, buyers, sales) = figures(*seed, n);
                    csv.push_str(&format!("{shop},{},{uv},{buyers},{sales}\n", day(n)));
                }
            }
            admin
                .api
                .post_bytes("/api/v1/actuals", "text/csv", csv.into_bytes())
                .await
        }
        Op::Edit { shop, day: d, uv } => {
            let path = format!("/api/v1/shops/{}/actuals/{}", shops[*shop], day(*d));
            let body = json!({"uv": uv, "buyers": uv / 50, "sales": if uv / 50 == 0 { "0" } else { "77.70" }});
            admin.api.put_json(&path, &body).await
        }
        Op::Record {
            shop,
            day: d,
            category,
            cents,
        } => {
            let name = ["ztc", "live"][*category];
            let path = format!("/api/v1/shops/{}/spend/{}/{name}", shops[*shop], day(*d));
            let amount = format!("{}.{:02}", cents / 100, cents % 100);
            admin.api.put_json(&path, &json!({"amount": amount})).await
        }
        Op::Undo { nth } => {
            let Some(id) = imports.get(*nth) else { return };
            let response = admin
                .api
                .post_json(&format!("/api/v1/imports/{id}/undo"), &json!({}))
                .await;
            let status = response.status.as_u16();
            assert!(status == 204 || status == 409, "undo: {}", response.text());
            return;
        }
    };
    response.assert_status(200);
    if let Some(id) = response.json()["import_id"].as_str() {
        imports.push(id.to_string());
    }
}

/// Rows where the rollup and a recomputation from the daily rows differ, both ways.
async fn differences(owner: &mut PgConnection) -> (i64, i64) {
    let actual: i64 = sqlx::query_scalar(
        "WITH recomputed AS (
             SELECT tenant_id, shop_id, date_trunc('month', date)::date AS month, sum(uv) AS uv,
                    sum(buyers) AS buyers, COALESCE(sum(orders), 0) AS orders, sum(sales) AS sales,
                    COALESCE(sum(refunds), 0) AS refunds, COALESCE(sum(pv), 0) AS pv, count(*)::int AS days,
                    max(date) AS last_date
             FROM daily_actual GROUP BY 1, 2, 3),
         stored AS (SELECT tenant_id, shop_id, month, uv, buyers, orders, sales, refunds, pv, days, last_date
                    FROM actual_month)
         SELECT count(*) FROM ((SELECT * FROM recomputed EXCEPT SELECT * FROM stored)
                               UNION ALL (SELECT * FROM stored EXCEPT SELECT * FROM recomputed)) d",
    )
    .fetch_one(&mut *owner)
    .await
    .unwrap();
    let spend: i64 = sqlx::query_scalar(
        "WITH recomputed AS (
             SELECT tenant_id, shop_id, date_trunc('month', date)::date AS month, category_code,
                    sum(amount) AS amount, COALESCE(sum(attributed_sales), 0) AS attributed_sales,
                    max(date) AS last_date
             FROM spend_entry GROUP BY 1, 2, 3, 4),
         stored AS (SELECT tenant_id, shop_id, month, category_code, amount, attributed_sales, last_date
                    FROM spend_month)
         SELECT count(*) FROM ((SELECT * FROM recomputed EXCEPT SELECT * FROM stored)
                               UNION ALL (SELECT * FROM stored EXCEPT SELECT * FROM recomputed)) d",
    )
    .fetch_one(&mut *owner)
    .await
    .unwrap();
    (actual, spend)
}

#[tokio::test]
async fn the_rollup_equals_a_recomputation_from_the_daily_rows_after_any_sequence_of_writes() {
    let app = TestApp::spawn().await;
    let (admin, first) = shop(&app).await;
    let shops = vec![first, new_shop(&admin, "第二家店").await];
    let mut owner = app.db.owner().await;
    let mut runner = TestRunner::new(Config {
        cases: 25,
        ..Config::default()
    });
    let sequences = proptest::collection::vec(op(), 1..10);
    let mut writes = 0;
    for _ in 0..25 {
        let ops = sequences
            .new_tree(&mut runner)
            .expect("a sequence")
            .current();
        let mut imports = Vec::new();
        for op in &ops {
            apply(&admin, &shops, &mut imports, op).await;
            writes += 1;
        }
        assert_eq!(differences(&mut owner).await, (0, 0), "after {ops:?}");
    }
    let months: i64 = sqlx::query_scalar("SELECT count(*) FROM actual_month")
        .fetch_one(&mut owner)
        .await
        .unwrap();
    assert!(writes > 10 && months > 0, "the sequences wrote something");
    owner.close().await.unwrap();
}
