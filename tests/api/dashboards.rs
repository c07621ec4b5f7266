//! The dashboards: the contract's figures recomputed here, independently, from the very
//! days and spend rows imported; the HTML showing the same numbers; the CSV and XLSX
//! downloads agreeing with the JSON to the fen; the organization views and review notes.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use rust_decimal::{Decimal, RoundingStrategy};
use rust_decimal_macros::dec;
use serde_json::{Value, json};

use crate::support::accounts::{Member, api_member, api_signup, browser_login};
use crate::support::plans::{plan, put, revision, shop, step};
use crate::support::{Client, Page, TestApp};

fn half_up(d: Decimal, places: u32) -> Decimal {
    d.round_dp_with_strategy(places, RoundingStrategy::MidpointAwayFromZero)
}

fn yuan(d: Decimal) -> String {
    format!("{:.2}", half_up(d, 2))
}

fn four(d: Decimal) -> String {
    format!("{:.4}", half_up(d, 4))
}

/// An amount as pages write it: "78,800.89".
fn thousands(d: Decimal) -> String {
    let text = yuan(d);
    let (whole, fen) = text.split_once('.').unwrap();
    let digits: Vec<char> = whole.chars().collect();
    let mut out = String::new();
    for (i, c) in digits.iter().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(*c);
    }
    format!("{out}.{fen}")
}

fn dec_of(v: &Value) -> Decimal {
    v.as_str()
        .unwrap_or_else(|| panic!("not a decimal string: {v}"))
        .parse()
        .unwrap()
}

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// One day of a shop's figures, made up deterministically from the date.
#[derive(Clone, Debug)]
struct Day {
    date: NaiveDate,
    uv: i64,
    buyers: i64,
    sales: Decimal,
    refunds: Decimal,
}

fn day(date: NaiveDate) -> Day {
    let n = i64::from(date.ordinal()) + i64::from(date.year() % 7);
    let uv = 700 + (n * 37) % 211;
    let buyers = uv * (2 + n % 3) / 100 + n % 4;
    Day {
        date,
        uv,
        buyers,
        sales: Decimal::from(buyers * (90 + n % 23)) + Decimal::new(n % 100, 2),
        refunds: Decimal::new((n * 131) % 5000, 2),
    }
}

fn days(from: &str, to: &str) -> Vec<Day> {
    date(from)
        .iter_days()
        .take_while(|d| *d <= date(to))
        .map(day)
        .collect()
}

/// A spend row.
#[derive(Clone, Debug)]
struct Spend {
    date: NaiveDate,
    category: &'static str,
    amount: Decimal,
    attributed: Decimal,
}

fn kind(category: &str) -> &'static str {
    match category {
        "ztc" | "zuanzhan" | "live" => "marketing",
        "staff" | "design" => "operating",
        _ => "recoverable",
    }
}

async fn import_days(member: &Member, shop: &str, rows: &[Day]) {
    let body: Vec<Value> = rows
        .iter()
        .map(|d| {
            json!({"date": d.date.to_string(), "uv": d.uv, "buyers": d.buyers,
                   "sales": d.sales.to_string(), "refunds": d.refunds.to_string()})
        })
        .collect();
    member
        .api
        .post_json(&format!("/api/v1/shops/{shop}/actuals"), &Value::from(body))
        .await
        .assert_status(200);
}

async fn import_spend(member: &Member, shop: &str, rows: &[Spend]) {
    let body: Vec<Value> = rows
        .iter()
        .map(|s| {
            json!({"date": s.date.to_string(), "category": s.category,
                   "amount": s.amount.to_string(), "attributed_sales": s.attributed.to_string()})
        })
        .collect();
    member
        .api
        .post_json(&format!("/api/v1/shops/{shop}/spend"), &Value::from(body))
        .await
        .assert_status(200);
}

/// A month's targets as the plan holds them.
struct Target {
    month: &'static str,
    uv: i64,
    conversion: Decimal,
    aov: Decimal,
}

const TARGETS: [Target; 4] = [
    Target {
        month: "2026-01",
        uv: 24000,
        conversion: dec!(0.03),
        aov: dec!(101),
    },
    Target {
        month: "2026-02",
        uv: 30000,
        conversion: dec!(0.03),
        aov: dec!(110),
    },
    Target {
        month: "2026-03",
        uv: 32000,
        conversion: dec!(0.0317),
        aov: dec!(99.5),
    },
    Target {
        month: "2026-04",
        uv: 40000,
        conversion: dec!(0.03),
        aov: dec!(100),
    },
];

/// Budget lines: month, category, amount.
const BUDGETS: [(&str, &str, Decimal); 6] = [
    ("2026-01", "ztc", dec!(3000)),
    ("2026-01", "staff", dec!(5000)),
    ("2026-01", "deposit", dec!(10000)),
    ("2026-02", "staff", dec!(4000)),
    ("2026-03", "ztc", dec!(3100)),
    ("2026-03", "staff", dec!(6200)),
];

fn spend_rows() -> Vec<Spend> {
    let mut rows = Vec::new();
    for d in date("2026-01-01").iter_days().take(31) {
        rows.push(Spend {
            date: d,
            category: "ztc",
            amount: dec!(100.37),
            attributed: Decimal::from(400 + d.day() * 3),
        });
    }
    rows.push(Spend {
        date: date("2026-01-31"),
        category: "staff",
        amount: dec!(5000),
        attributed: Decimal::ZERO,
    });
    rows.push(Spend {
        date: date("2026-01-02"),
        category: "deposit",
        amount: dec!(10000),
        attributed: Decimal::ZERO,
    });
    // February: staff only, so no marketing spend and no ROI.
    rows.push(Spend {
        date: date("2026-02-28"),
        category: "staff",
        amount: dec!(4100.50),
        attributed: Decimal::ZERO,
    });
    // March: 直通车 every day to the 20th (after the as-of date, the 15th, too) and staff.
    for d in date("2026-03-01").iter_days().take(20) {
        rows.push(Spend {
            date: d,
            category: "ztc",
            amount: dec!(110.11),
            attributed: Decimal::from(500 + d.day()),
        });
    }
    rows.push(Spend {
        date: date("2026-03-10"),
        category: "staff",
        amount: dec!(3000),
        attributed: Decimal::ZERO,
    });
    rows
}

/// A shop with an approved plan January to June 2027, its days to 20 March and its spend.
struct Fixture {
    admin: Member,
    shop: String,
    plan: String,
    days: Vec<Day>,
    spend: Vec<Spend>,
}

impl Fixture {
    /// The plan's dashboard JSON on a day.
    async fn board(&self, as_of: &str) -> Value {
        dashboard_json(&self.admin, &self.plan, as_of).await
    }
}

/// A plan's dashboard JSON on a day.
async fn dashboard_json(member: &Member, plan: &str, as_of: &str) -> Value {
    let response = member
        .api
        .get(&format!("/api/v1/plans/{plan}/dashboard?as_of={as_of}"))
        .await;
    response.assert_status(200);
    response.json()
}

async fn fixture(app: &TestApp) -> Fixture {
    let admin = api_signup(app, "看板公司", "boss@example.com").await;
    let manager = api_member(app, &admin, "manager", "manager@example.com").await;
    let shop = shop(&admin, "天猫旗舰店").await;
    let doc = plan(
        &admin,
        &shop,
        json!({"name": "2026 上半年", "start_month": "2026-01", "end_month": "2026-06",
               "gross_margin": "0.4", "roi_target_min": "3", "roi_target_max": "5"}),
    )
    .await;
    let doc = put(&admin, &doc, |d| {
        d["targets"] = TARGETS
            .iter()
            .map(|t| {
                json!({"month": t.month, "uv": t.uv, "conversion_rate": t.conversion.to_string(),
                       "aov": t.aov.to_string()})
            })
            .collect();
        d["budgets"] = BUDGETS
            .iter()
            .map(|(m, c, a)| json!({"month": m, "category": c, "amount": a.to_string()}))
            .collect();
    })
    .await;
    let plan = doc["id"].as_str().unwrap().to_string();
    step(&admin, &plan, "submit", json!({})).await;
    step(&manager, &plan, "approve", json!({"comment": "同意"})).await;
    let mut rows = days("2026-01-01", "2026-02-28");
    rows.extend(days("2026-03-01", "2026-03-20"));
    import_days(&admin, &shop, &rows).await;
    let spend = spend_rows();
    import_spend(&admin, &shop, &spend).await;
    Fixture {
        admin,
        shop,
        plan,
        days: rows,
        spend,
    }
}

/// What a month should show, worked out here from the rows and the plan.
struct Expected {
    month: Value,
}

fn expected_month(f: &Fixture, t: &Target, as_of: NaiveDate) -> Expected {
    let first = date(&format!("{}-01", t.month));
    let last = first
        .checked_add_months(chrono::Months::new(1))
        .unwrap()
        .pred_opt()
        .unwrap();
    let in_month = |d: NaiveDate| first <= d && d <= last && d <= as_of;
    let started = first <= as_of;
    let complete = last < as_of;
    // Share of the month's targets and budgets due by the as-of date.
    let share = if complete {
        Decimal::ONE
    } else if started {
        Decimal::from(as_of.day()) / Decimal::from(last.day())
    } else {
        Decimal::ONE
    };
    let uv0 = Decimal::from(t.uv) * share;
    let buyers0 = uv0 * t.conversion;
    let sales0 = buyers0 * t.aov;
    let budget_of = |k: Option<&str>| -> Decimal {
        BUDGETS
            .iter()
            .filter(|(m, c, _)| *m == t.month && k.is_none_or(|k| kind(c) == k))
            .filter(|(_, c, _)| kind(c) != "recoverable")
            .map(|(_, _, a)| *a)
            .sum::<Decimal>()
            * share
    };
    let marketing_budget = half_up(budget_of(Some("marketing")), 2);
    let budget = half_up(budget_of(None), 2);
    let target = json!({
        "uv": half_up(uv0, 0).to_string().parse::<i64>().unwrap(),
        "conversion_rate": four(t.conversion),
        "aov": yuan(t.aov),
        "buyers": half_up(buyers0, 0).to_string().parse::<i64>().unwrap(),
        "sales": yuan(sales0),
        "marketing_budget": yuan(marketing_budget),
        "budget": yuan(budget),
    });
    if !started {
        return Expected {
            month: json!({"month": t.month, "complete": false, "target": target,
                          "actual": null, "variance": null,
                          "roi": {"target_min": "3.0000", "target_max": "5.0000", "actual": null},
                          "budget": {"burn": null, "recoverable_spend": "0.00"}}),
        };
    }
    let rows: Vec<&Day> = f.days.iter().filter(|d| in_month(d.date)).collect();
    let uv1: i64 = rows.iter().map(|d| d.uv).sum();
    let buyers1: i64 = rows.iter().map(|d| d.buyers).sum();
    let sales1: Decimal = rows.iter().map(|d| d.sales).sum();
    let refunds: Decimal = rows.iter().map(|d| d.refunds).sum();
    let spent = |k: &str| -> Decimal {
        f.spend
            .iter()
            .filter(|s| in_month(s.date) && kind(s.category) == k)
            .map(|s| s.amount)
            .sum()
    };
    let marketing = spent("marketing");
    let spend = marketing + spent("operating");
    let variance = half_up(sales1, 2) - half_up(sales0, 2);
    let actual = json!({
        "uv": uv1,
        "conversion_rate": four(Decimal::from(buyers1) / Decimal::from(uv1)),
        "aov": yuan(sales1 / Decimal::from(buyers1)),
        "buyers": buyers1,
        "sales": yuan(sales1),
        "refunds": yuan(refunds),
        "marketing_spend": yuan(marketing),
        "spend": yuan(spend),
    });
    // The three effects, exactly, by sequential substitution.
    let uv1d = Decimal::from(uv1);
    let b1 = Decimal::from(buyers1);
    let effects = [
        (uv1d - uv0) * t.conversion * t.aov,
        (b1 - uv1d * t.conversion) * t.aov,
        sales1 - b1 * t.aov,
    ];
    Expected {
        month: json!({
            "month": t.month,
            "complete": complete,
            "target": target,
            "actual": actual,
            "variance": {
                "sales": yuan(variance),
                "sales_pct": four(variance / half_up(sales0, 2)),
                "exact_effects": effects.iter().map(|e| e.to_string()).collect::<Vec<_>>(),
            },
            "roi": {"target_min": "3.0000", "target_max": "5.0000",
                    "actual": if marketing.is_zero() { Value::Null } else { four(sales1 / marketing).into() }},
            "budget": {"burn": four(spend / budget), "recoverable_spend": yuan(spent("recoverable"))},
        }),
    }
}

/// Checks one month of the API against the expectation; effects within a fen of the exact
/// values and adding up to the variance.
fn check_month(got: &Value, expected: &Value) {
    let month = expected["month"].as_str().unwrap();
    for key in ["month", "complete", "target", "actual", "roi", "budget"] {
        assert_eq!(got[key], expected[key], "{month}: {key}");
    }
    if expected["variance"].is_null() {
        assert!(got["variance"].is_null(), "{month}: variance");
        return;
    }
    let v = &got["variance"];
    assert_eq!(
        v["sales"], expected["variance"]["sales"],
        "{month}: variance"
    );
    assert_eq!(
        v["sales_pct"], expected["variance"]["sales_pct"],
        "{month}: variance %"
    );
    let shown = [
        dec_of(&v["uv_effect"]),
        dec_of(&v["conversion_effect"]),
        dec_of(&v["aov_effect"]),
    ];
    assert_eq!(
        shown.iter().sum::<Decimal>(),
        dec_of(&v["sales"]),
        "{month}: the effects add up to the variance"
    );
    for (shown, exact) in shown.iter().zip(
        expected["variance"]["exact_effects"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e.as_str().unwrap().parse::<Decimal>().unwrap()),
    ) {
        assert!(
            (*shown - exact).abs() <= dec!(0.01),
            "{month}: effect {shown} is more than a fen from {exact}"
        );
    }
}

#[tokio::test]
async fn the_figures_follow_the_imported_days_exactly() {
    let app = TestApp::spawn().await;
    let f = fixture(&app).await;
    let as_of = date("2026-03-15");
    let board = f.board("2026-03-15").await;
    assert_eq!(board["plan_id"], f.plan.as_str());
    assert_eq!(board["as_of"], "2026-03-15");
    let approved = f
        .admin
        .api
        .get(&format!("/api/v1/plans/{}", f.plan))
        .await
        .json();
    assert_eq!(
        board["baseline_version"], approved["version"],
        "the approved revision's version"
    );
    let months = board["months"].as_array().unwrap();
    assert_eq!(
        months
            .iter()
            .map(|m| m["month"].clone())
            .collect::<Vec<_>>(),
        [
            "2026-01", "2026-02", "2026-03", "2026-04", "2026-05", "2026-06"
        ]
    );
    let expected: Vec<Expected> = TARGETS
        .iter()
        .map(|t| expected_month(&f, t, as_of))
        .collect();
    for (got, want) in months.iter().zip(&expected) {
        check_month(got, &want.month);
    }
    // The named cases, spelled out.
    assert_eq!(months[0]["complete"], true);
    assert_eq!(months[0]["budget"]["recoverable_spend"], "10000.00");
    assert_eq!(
        months[0]["target"]["budget"], "8000.00",
        "deposits never count"
    );
    assert!(months[1]["roi"]["actual"].is_null(), "no marketing spend");
    assert_eq!(months[2]["complete"], false);
    assert_eq!(months[2]["target"]["uv"], 15484, "32,000 × 15/31, half-up");
    assert_eq!(months[2]["target"]["marketing_budget"], "1500.00");
    assert!(months[3]["actual"].is_null());
    assert!(months[5]["variance"].is_null());

    // Totals over January to March, ratios recomputed from the sums.
    let counted: Vec<&Value> = expected[..3].iter().map(|e| &e.month).collect();
    let sum_i = |path: [&str; 2]| -> i64 {
        counted
            .iter()
            .map(|m| m[path[0]][path[1]].as_i64().unwrap())
            .sum()
    };
    let sum_d =
        |path: [&str; 2]| -> Decimal { counted.iter().map(|m| dec_of(&m[path[0]][path[1]])).sum() };
    let totals = &board["totals"];
    assert_eq!(totals["months"], 3);
    let (uv, buyers, sales) = (
        sum_i(["actual", "uv"]),
        sum_i(["actual", "buyers"]),
        sum_d(["actual", "sales"]),
    );
    assert_eq!(totals["actual"]["uv"], uv);
    assert_eq!(totals["actual"]["buyers"], buyers);
    assert_eq!(totals["actual"]["sales"], yuan(sales));
    assert_eq!(
        totals["actual"]["conversion_rate"],
        four(Decimal::from(buyers) / Decimal::from(uv))
    );
    assert_eq!(totals["actual"]["aov"], yuan(sales / Decimal::from(buyers)));
    let marketing = sum_d(["actual", "marketing_spend"]);
    assert_eq!(totals["roi"]["actual"], four(sales / marketing));
    let budget = sum_d(["target", "budget"]);
    let spend = sum_d(["actual", "spend"]);
    assert_eq!(totals["target"]["budget"], yuan(budget));
    assert_eq!(totals["budget"]["burn"], four(spend / budget));
    assert_eq!(totals["budget"]["recoverable_spend"], "10000.00");
    let target_sales = sum_d(["target", "sales"]);
    assert_eq!(totals["target"]["sales"], yuan(target_sales));
    assert_eq!(totals["variance"]["sales"], yuan(sales - target_sales));
    let effects: Decimal = ["uv_effect", "conversion_effect", "aov_effect"]
        .iter()
        .map(|k| dec_of(&totals["variance"][k]))
        .sum();
    assert_eq!(effects, dec_of(&totals["variance"]["sales"]));
}

#[tokio::test]
async fn a_month_is_counted_to_its_end_once_the_as_of_date_passes_it() {
    let app = TestApp::spawn().await;
    let f = fixture(&app).await;
    let as_of = date("2026-03-31");
    let board = f.board("2026-03-31").await;
    // The last day of March: the month in progress, prorated by 31/31, so its full targets.
    let march = &board["months"][2];
    check_month(march, &expected_month(&f, &TARGETS[2], as_of).month);
    assert_eq!(march["target"]["uv"], 32000);
    assert_eq!(march["complete"], false);
    let april = f.board("2026-04-01").await;
    assert_eq!(april["months"][2]["complete"], true);
    assert_eq!(april["totals"]["months"], 4);
    // A mistyped date is refused with the field named.
    let bad = f
        .admin
        .api
        .get(&format!(
            "/api/v1/plans/{}/dashboard?as_of=2026-02-30",
            f.plan
        ))
        .await;
    bad.assert_status(422);
    assert!(bad.text().contains("as_of"), "{}", bad.text());
}

/// The number a dashboard cell shows, back to a decimal: "+1,234.50" → 1234.50, "3.12%" → 3.12,
/// "1:21.79" → 21.79; "—" → None.
fn shown_number(text: &str) -> Option<Decimal> {
    let t = text.trim();
    if t.is_empty() || t == "—" {
        return None;
    }
    let t = t
        .trim_start_matches("1:")
        .trim_end_matches('%')
        .replace([',', '+'], "");
    Some(t.parse().unwrap_or_else(|_| panic!("not a number: {text}")))
}

fn cell(page: &Page, row: &str, field: &str) -> String {
    page.text(&format!("{row} td[data-field=\"{field}\"]"))
}

fn assert_money_cell(page: &Page, row: &str, field: &str, value: &Value) {
    let shown = cell(page, row, field);
    let first = shown.split(' ').next().unwrap_or("");
    assert_eq!(
        shown_number(first),
        value.as_str().map(|v| v.parse::<Decimal>().unwrap()),
        "{row} {field}: {shown}"
    );
}

fn assert_pct_cell(page: &Page, row: &str, field: &str, value: &Value) {
    let shown = cell(page, row, field);
    let last = shown.split(' ').next_back().unwrap_or("");
    assert_eq!(
        shown_number(last),
        value
            .as_str()
            .map(|v| half_up(v.parse::<Decimal>().unwrap() * dec!(100), 2).normalize()),
        "{row} {field}: {shown}"
    );
}

fn assert_roi_cell(page: &Page, row: &str, value: &Value) {
    let shown = cell(page, row, "roi");
    assert_eq!(
        shown_number(&shown),
        value
            .as_str()
            .map(|v| half_up(v.parse::<Decimal>().unwrap(), 2).normalize()),
        "{row} roi: {shown}"
    );
}

fn assert_count_cell(page: &Page, row: &str, field: &str, value: &Value) {
    let shown = cell(page, row, field);
    assert_eq!(
        shown_number(&shown),
        value.as_i64().map(Decimal::from),
        "{row} {field}: {shown}"
    );
}

/// The figures every row of the table and the totals row show.
fn assert_row(page: &Page, row: &str, m: &Value) {
    assert_money_cell(page, row, "target-sales", &m["target"]["sales"]);
    assert_count_cell(page, row, "target-uv", &m["target"]["uv"]);
    assert_pct_cell(
        page,
        row,
        "target-conversion",
        &m["target"]["conversion_rate"],
    );
    assert_money_cell(page, row, "target-aov", &m["target"]["aov"]);
    assert_money_cell(page, row, "budget", &m["target"]["budget"]);
    let a = &m["actual"];
    if a.is_null() {
        return;
    }
    assert_money_cell(page, row, "actual-sales", &a["sales"]);
    assert_count_cell(page, row, "actual-uv", &a["uv"]);
    assert_pct_cell(page, row, "actual-conversion", &a["conversion_rate"]);
    assert_money_cell(page, row, "actual-aov", &a["aov"]);
    assert_money_cell(page, row, "refunds", &a["refunds"]);
    assert_money_cell(page, row, "spend", &a["spend"]);
    assert_roi_cell(page, row, &m["roi"]["actual"]);
    assert_pct_cell(page, row, "burn", &m["budget"]["burn"]);
    let v = &m["variance"];
    assert_money_cell(page, row, "variance", &v["sales"]);
    assert_pct_cell(page, row, "variance", &v["sales_pct"]);
    for (field, key) in [
        ("uv-effect", "uv_effect"),
        ("conversion-effect", "conversion_effect"),
        ("aov-effect", "aov_effect"),
    ] {
        assert_money_cell(page, row, field, &v[key]);
    }
}

#[tokio::test]
async fn the_page_shows_the_same_figures_as_the_json() {
    let app = TestApp::spawn().await;
    let f = fixture(&app).await;
    let browser = browser_login(&app, "boss@example.com").await;
    let page = page_agreeing_with_json(&f.admin, &browser, &f.plan, "2026-03-15").await;
    // The month in progress is marked as prorated, the waterfall explains the last whole
    // month, and the downloads keep the as-of date.
    assert!(page.exists("tr[data-month=\"2026-03\"].partial"));
    assert!(page.exists("#why svg"), "the variance waterfall");
    let links = page.attrs("a[download]", "href");
    assert!(
        links.contains(&format!("/plans/{}/dashboard.csv?as_of=2026-03-15", f.plan)),
        "{links:?}"
    );
    // A mistyped date keeps the page and says what is wrong.
    let bad = browser
        .get(&format!("/plans/{}/dashboard?as_of=2026-13-01", f.plan))
        .await;
    bad.assert_status(422);
    assert!(bad.page().exists(".alert-error"));
}

/// The plan download's columns, as JSON paths, in order.
const COLUMNS: [&str; 27] = [
    "month",
    "complete",
    "target.uv",
    "actual.uv",
    "target.conversion_rate",
    "actual.conversion_rate",
    "target.aov",
    "actual.aov",
    "target.buyers",
    "actual.buyers",
    "target.sales",
    "actual.sales",
    "actual.refunds",
    "variance.sales",
    "variance.sales_pct",
    "variance.uv_effect",
    "variance.conversion_effect",
    "variance.aov_effect",
    "roi.target_min",
    "roi.target_max",
    "roi.actual",
    "target.marketing_budget",
    "actual.marketing_spend",
    "target.budget",
    "actual.spend",
    "budget.burn",
    "budget.recoverable_spend",
];

fn at<'a>(m: &'a Value, path: &str) -> &'a Value {
    path.split('.').fold(m, |v, k| &v[k])
}

/// A JSON figure as the CSV writes it: strings as they are, counts as digits, null empty.
fn as_csv(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        Value::Bool(_) => unreachable!("booleans are words in the download"),
        _ => panic!("unexpected {v}"),
    }
}

/// The finance view's "By shop" table, downloaded through the CSV link the page offers for it.
async fn finance_by_shop_csv(browser: &Client, query: &str) -> Vec<Vec<String>> {
    let page = browser.get(&format!("/finance?{query}")).await.page();
    let links = page.attrs("a.csv-table", "href");
    let names = page.texts("a.csv-table");
    assert_eq!(links.len(), 3, "one CSV per table: {names:?}");
    let at = names
        .iter()
        .position(|n| n.contains("By shop"))
        .unwrap_or_else(|| panic!("no by-shop CSV among {names:?}"));
    let download = browser.get(&links[at]).await;
    download.assert_status(200);
    let disposition = download.header("content-disposition").unwrap_or_default();
    assert!(disposition.contains("By%20shop"), "{disposition}");
    read_csv(&download.body)
}

/// A rate of the JSON (a fraction to four places) as the page and the CSV write it.
fn as_percent(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => {
            let fraction: rust_decimal::Decimal = s.parse().unwrap();
            format!("{:.2}%", fraction * rust_decimal::Decimal::ONE_HUNDRED)
        }
        _ => panic!("unexpected rate {v}"),
    }
}

fn read_csv(bytes: &[u8]) -> Vec<Vec<String>> {
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "a UTF-8 BOM for Excel");
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(&bytes[3..])
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

fn read_xlsx(bytes: &[u8]) -> BTreeMap<String, Vec<Vec<calamine::Data>>> {
    use calamine::{Reader, Xlsx};
    let mut book = Xlsx::new(std::io::Cursor::new(bytes.to_vec())).expect("an XLSX workbook");
    let names = book.sheet_names();
    names
        .into_iter()
        .map(|name| {
            let range = book.worksheet_range(&name).unwrap();
            let rows = range.rows().map(|r| r.to_vec()).collect();
            (name, rows)
        })
        .collect()
}

/// An XLSX cell against the JSON figure, to the places the JSON gives (the fen for money).
fn assert_xlsx_cell(got: &calamine::Data, want: &Value, what: &str) {
    use calamine::Data;
    match (got, want) {
        (Data::Empty, Value::Null) => {}
        (Data::Float(f), Value::String(s)) => {
            let places = s.split('.').nth(1).map_or(0, str::len);
            assert_eq!(format!("{f:.places$}"), *s, "{what}");
        }
        (Data::Float(f), Value::Number(n)) => {
            assert_eq!(*f, n.as_f64().unwrap(), "{what}");
        }
        (Data::String(s), Value::String(w)) => assert_eq!(s, w, "{what}"),
        _ => panic!("{what}: {got:?} against {want}"),
    }
}

#[tokio::test]
async fn the_downloads_carry_the_same_figures_to_the_fen() {
    let app = TestApp::spawn().await;
    let f = fixture(&app).await;
    let board = f.board("2026-03-15").await;
    let mut rows: Vec<&Value> = board["months"].as_array().unwrap().iter().collect();
    rows.push(&board["totals"]);
    let browser = browser_login(&app, "boss@example.com")
        .await
        .with_language("en");
    let csv = browser
        .get(&format!("/plans/{}/dashboard.csv?as_of=2026-03-15", f.plan))
        .await;
    csv.assert_status(200);
    assert_eq!(csv.header("content-type"), Some("text/csv; charset=utf-8"));
    let disposition = csv.header("content-disposition").unwrap().to_string();
    assert!(disposition.starts_with("attachment;"), "{disposition}");
    assert!(disposition.contains("2026-03-15.csv"), "{disposition}");
    let table = read_csv(&csv.body);
    assert_eq!(
        table.len(),
        rows.len() + 1,
        "a header, six months and the totals"
    );
    assert_eq!(table[0][0], "Month");
    assert_eq!(table[0].len(), COLUMNS.len());
    for (line, m) in table[1..].iter().zip(&rows) {
        let is_total = std::ptr::eq(*m, &board["totals"]);
        for (i, path) in COLUMNS.iter().enumerate().skip(2) {
            let rate = ["conversion_rate", "sales_pct", "burn"]
                .iter()
                .any(|r| path.ends_with(r));
            let want = if rate {
                as_percent(at(m, path))
            } else {
                as_csv(at(m, path))
            };
            assert_eq!(line[i], want, "{} {path}", line[0]);
        }
        if is_total {
            assert!(line[0].starts_with("Total of 3 months"), "{}", line[0]);
        } else {
            assert_eq!(line[0], m["month"].as_str().unwrap());
            assert_eq!(line[1], if m["complete"] == true { "yes" } else { "no" });
        }
    }

    let xlsx = browser
        .get(&format!(
            "/plans/{}/dashboard.xlsx?as_of=2026-03-15",
            f.plan
        ))
        .await;
    xlsx.assert_status(200);
    assert_eq!(
        xlsx.header("content-type"),
        Some("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    );
    let book = read_xlsx(&xlsx.body);
    let sheet = book.values().next().unwrap();
    assert_eq!(sheet.len(), rows.len() + 1);
    for (line, m) in sheet[1..].iter().zip(&rows) {
        for (i, path) in COLUMNS.iter().enumerate().skip(2) {
            assert_xlsx_cell(&line[i], at(m, path), &format!("row {:?} {path}", line[0]));
        }
    }

    // The reader's language names the columns.
    let zh = browser_login(&app, "boss@example.com")
        .await
        .with_language("zh-CN");
    let table = read_csv(
        &zh.get(&format!("/plans/{}/dashboard.csv?as_of=2026-03-15", f.plan))
            .await
            .body,
    );
    assert_eq!(table[0][0], "月份");
    assert_eq!(table[0][11], "实际销售额");
}

/// Organization B sees nothing of A on its views and in their downloads, and A's plan
/// dashboard and its downloads answer 404 to B.
#[tokio::test]
async fn the_organization_views_and_downloads_stay_in_the_organization() {
    let app = TestApp::spawn().await;
    let f = fixture(&app).await;
    let other = api_signup(&app, "别家公司", "other@example.com").await;
    shop(&other, "=HYPERLINK(\"http://x\")").await;
    let b = browser_login(&app, "other@example.com").await;
    for path in [
        format!("/plans/{}/dashboard", f.plan),
        format!("/plans/{}/dashboard.csv", f.plan),
        format!("/plans/{}/dashboard.xlsx", f.plan),
    ] {
        assert_eq!(b.get(&path).await.status.as_u16(), 404, "{path}");
    }
    for path in [
        "/",
        "/overview.csv",
        "/manager",
        "/manager.csv",
        "/finance",
        "/finance.csv",
    ] {
        let response = b.get(path).await;
        response.assert_status(200);
        assert!(
            !response.text().contains("天猫旗舰店"),
            "{path} shows A's shop"
        );
    }
    // A shop name that looks like a formula stays text in the CSV.
    let overview = read_csv(&b.get("/overview.csv").await.body);
    let names: Vec<&str> = overview.iter().map(|r| r[0].as_str()).collect();
    assert!(
        names.contains(&"'=HYPERLINK(\"http://x\")"),
        "the shop is listed, its name prefixed so it stays text: {names:?}"
    );
    assert!(!names.iter().any(|n| n.starts_with('=')), "{names:?}");
    // A's own overview lists its shop and not B's.
    let a_overview = browser_login(&app, "boss@example.com")
        .await
        .get("/overview.csv")
        .await;
    let a_names: Vec<String> = read_csv(&a_overview.body)
        .into_iter()
        .map(|r| r[0].clone())
        .collect();
    assert!(a_names.contains(&"天猫旗舰店".to_string()), "{a_names:?}");
    assert!(
        !a_names.iter().any(|n| n.contains("HYPERLINK")),
        "{a_names:?}"
    );
    let _ = (other, f.shop);
}

/// The organization overview, its download and the finance view agree with the plan
/// dashboard's year-to-date figures.
#[tokio::test]
async fn the_overview_and_finance_views_agree_with_the_plan_dashboard() {
    let app = TestApp::spawn().await;
    let f = fixture(&app).await;
    let browser = browser_login(&app, "boss@example.com")
        .await
        .with_language("en");
    let board = f.board("2026-03-15").await;
    let ytd_sales = board["totals"]["actual"]["sales"]
        .as_str()
        .unwrap()
        .to_string();

    let page = browser.get("/?as_of=2026-03-15").await;
    page.assert_status(200);
    let page = page.page();
    let shown = page.text(&format!(
        "tr[data-shop=\"{}\"] td[data-field=\"ytd-sales\"]",
        f.shop
    ));
    assert_eq!(shown_number(&shown), Some(ytd_sales.parse().unwrap()));
    let month_sales = board["months"][2]["actual"]["sales"].as_str().unwrap();
    let shown = page.text(&format!(
        "tr[data-shop=\"{}\"] td[data-field=\"month-sales\"]",
        f.shop
    ));
    assert_eq!(shown_number(&shown), Some(month_sales.parse().unwrap()));

    let table = read_csv(&browser.get("/overview.csv?as_of=2026-03-15").await.body);
    let row = table
        .iter()
        .find(|r| r[0] == "天猫旗舰店")
        .expect("the shop's row");
    assert_eq!(row[4], month_sales);
    assert_eq!(row[8], ytd_sales);
    assert_eq!(row[10], as_csv(&board["totals"]["roi"]["actual"]));
    let total = table.last().unwrap();
    assert_eq!(
        total[8], ytd_sales,
        "one shop: the organization's total is its figure"
    );

    let xlsx = read_xlsx(&browser.get("/overview.xlsx?as_of=2026-03-15").await.body);
    let sheet = xlsx.values().next().unwrap();
    let row = sheet
        .iter()
        .find(|r| r[0] == calamine::Data::String("天猫旗舰店".into()))
        .unwrap();
    assert_xlsx_cell(&row[8], &Value::from(ytd_sales.clone()), "ytd sales");

    // Finance over January to March: the spend of the three months, deposits apart.
    let finance = browser
        .get("/finance?from=2026-01&to=2026-03&as_of=2026-03-31")
        .await;
    finance.assert_status(200);
    let sheets = read_xlsx(
        &browser
            .get("/finance.xlsx?from=2026-01&to=2026-03&as_of=2026-03-31")
            .await
            .body,
    );
    assert_eq!(sheets.len(), 3, "{:?}", sheets.keys());
    let csv = finance_by_shop_csv(&browser, "from=2026-01&to=2026-03&as_of=2026-03-31").await;
    assert!(
        !csv.iter()
            .any(|r| r.first().map(String::as_str) == Some("By month")),
        "one table in the file"
    );
    let shop_row = &csv[1];
    assert_eq!(shop_row[0], "天猫旗舰店");
    // Counted to the 31st of March: every row imported.
    let counted: Decimal = f
        .spend
        .iter()
        .filter(|s| kind(s.category) != "recoverable")
        .map(|s| s.amount)
        .sum();
    assert_eq!(shop_row[3], yuan(counted));
    assert_eq!(shop_row[10], "10000.00", "the deposit, apart");
}

/// The organization-wide views take turns beyond the number of cores; every request still
/// gets its whole answer, the same as when it comes alone.
#[tokio::test]
async fn organization_views_asked_for_at_once_are_each_answered_in_full() {
    let app = TestApp::spawn().await;
    let _f = fixture(&app).await;
    let browser = browser_login(&app, "boss@example.com")
        .await
        .with_language("en");
    let paths = [
        "/?as_of=2026-03-15",
        "/finance?from=2026-01&to=2026-03&as_of=2026-03-31",
        "/manager?as_of=2026-03-15",
        "/overview.csv?as_of=2026-03-15",
    ];
    let mut alone = Vec::new();
    for path in paths {
        let answer = browser.get(path).await;
        answer.assert_status(200);
        alone.push(answer.body);
    }
    let asks = (0..12).map(|i| browser.get(paths[i % paths.len()]));
    let answers = futures_util::future::join_all(asks).await;
    for (i, answer) in answers.iter().enumerate() {
        answer.assert_status(200);
        let path = paths[i % paths.len()];
        assert_eq!(
            answer.body,
            alone[i % paths.len()],
            "{path}, asked with others"
        );
    }
}

/// An approved plan's dashboard offers its open revision for comparison, and the revision's
/// dashboard the approved plan.
#[tokio::test]
async fn the_dashboard_links_a_plan_and_its_revision_to_each_other() {
    let app = TestApp::spawn().await;
    let f = fixture(&app).await;
    let browser = browser_login(&app, "boss@example.com").await;
    let alone = browser
        .get(&format!("/plans/{}/dashboard?as_of=2026-03-15", f.plan))
        .await
        .page();
    assert!(!alone.exists("#other-baseline"), "no other revision yet");
    let draft = revision(&f.admin, &f.plan, "双11 提前备货").await["id"]
        .as_str()
        .unwrap()
        .to_string();
    let approved = browser
        .get(&format!("/plans/{}/dashboard?as_of=2026-03-15", f.plan))
        .await
        .page();
    assert_eq!(
        approved.attr("#other-baseline", "href"),
        format!("/plans/{draft}/dashboard?as_of=2026-03-15")
    );
    let revision = browser
        .get(&format!("/plans/{draft}/dashboard?as_of=2026-03-15"))
        .await
        .page();
    assert_eq!(
        revision.attr("#other-baseline", "href"),
        format!("/plans/{}/dashboard?as_of=2026-03-15", f.plan)
    );
}

#[tokio::test]
async fn review_notes_are_kept_per_shop_month_and_written_by_the_right_roles() {
    let app = TestApp::spawn().await;
    let f = fixture(&app).await;
    let viewer = api_member(&app, &f.admin, "viewer", "viewer@example.com").await;
    let note = json!({"month": "2026-02", "body": "流量不够：直通车预算停了两周，转化正常。"});
    let refused = viewer
        .api
        .post_json(&format!("/api/v1/shops/{}/notes", f.shop), &note)
        .await;
    refused.assert_status(403);
    let made = f
        .admin
        .api
        .post_json(&format!("/api/v1/shops/{}/notes", f.shop), &note)
        .await;
    made.assert_status(201);
    let bad = f
        .admin
        .api
        .post_json(
            &format!("/api/v1/shops/{}/notes", f.shop),
            &json!({"month": "2026-2", "body": ""}),
        )
        .await;
    bad.assert_status(422);
    let list = viewer
        .api
        .get(&format!(
            "/api/v1/shops/{}/notes?from=2026-01&to=2026-03",
            f.shop
        ))
        .await;
    list.assert_status(200);
    let list = list.json();
    assert_eq!(list.as_array().unwrap().len(), 1, "{list}");
    assert_eq!(list[0]["month"], "2026-02");
    // Either end may be left open, or both.
    for query in ["", "?from=2026-02", "?to=2026-02"] {
        let open = viewer
            .api
            .get(&format!("/api/v1/shops/{}/notes{query}", f.shop))
            .await;
        open.assert_status(200);
        assert_eq!(open.json().as_array().unwrap().len(), 1, "{query}");
    }
    // On the page, by the month, and through the form.
    let browser: Client = browser_login(&app, "boss@example.com").await;
    let posted = browser
        .post_form(
            &format!("/plans/{}/notes", f.plan),
            &[("month", "2026-03"), ("body", "三八节活动带动转化")],
        )
        .await;
    assert_eq!(posted.status.as_u16(), 303, "{}", posted.text());
    let page = browser
        .get(&format!("/plans/{}/dashboard?as_of=2026-03-15", f.plan))
        .await
        .page();
    let notes = page.texts("#notes li");
    assert!(notes.iter().any(|n| n.contains("流量不够")), "{notes:?}");
    assert!(notes.iter().any(|n| n.contains("三八节")), "{notes:?}");
    let empty = browser
        .post_form(
            &format!("/plans/{}/notes", f.plan),
            &[("month", "2026-03"), ("body", "")],
        )
        .await;
    empty.assert_status(422);
    assert!(empty.page().exists(".field-error, .alert-error"));
}

/// The manager view on 15 March 2026: the launch gate waits with its criteria checked against
/// January and February, a milestone due within two weeks and an overdue one are listed (a
/// later one is not), and a shop missing its targets three months running is flagged.
#[tokio::test]
async fn the_manager_view_checks_gates_lists_milestones_and_flags_streaks() {
    let app = TestApp::spawn().await;
    let admin = api_signup(&app, "经理视图公司", "boss@example.com").await;
    let manager = api_member(&app, &admin, "manager", "manager@example.com").await;
    let shop = shop(&admin, "天猫旗舰店").await;
    let doc = plan(
        &admin,
        &shop,
        json!({"name": "2026 上半年", "start_month": "2026-01", "end_month": "2026-06"}),
    )
    .await;
    let owner = admin.user_id.clone();
    let doc = put(&admin, &doc, |d| {
        d["phases"] = json!([
            {"kind": "launch", "start_date": "2026-01-01", "end_date": "2026-02-28", "goal": "开店",
             "exit_criteria": [
                 {"text": "月销售额 ≥ 70,000", "condition": {"metric": "sales", "comparator": ">=", "threshold": "70000"}},
                 {"text": "月销售额 ≥ 100,000", "condition": {"metric": "sales", "comparator": ">=", "threshold": "100000"}},
                 {"text": "客服流程上线", "done": true}
             ],
             "milestones": []},
            {"kind": "growth", "start_date": "2026-03-01", "end_date": "2026-06-30", "goal": "打造爆款",
             "exit_criteria": [],
             "milestones": [
                 {"title": "三八节活动复盘", "owner_id": owner, "due_on": "2026-03-20", "status": "in_progress"},
                 {"title": "主图改版", "owner_id": owner, "due_on": "2026-03-01", "status": "planned"},
                 {"title": "618 备货", "owner_id": owner, "due_on": "2026-05-20", "status": "planned"}
             ]}
        ]);
        // Targets far above what the days bring: every month misses.
        d["targets"] = json!([
            {"month": "2026-01", "uv": 100000, "conversion_rate": "0.03", "aov": "101"},
            {"month": "2026-02", "uv": 100000, "conversion_rate": "0.03", "aov": "101"},
            {"month": "2026-03", "uv": 100000, "conversion_rate": "0.03", "aov": "101"},
        ]);
    })
    .await;
    let plan_id = doc["id"].as_str().unwrap().to_string();
    step(&admin, &plan_id, "submit", json!({})).await;
    step(&manager, &plan_id, "approve", json!({})).await;
    let mut rows = days("2026-01-01", "2026-03-15");
    rows.retain(|d| d.date <= date("2026-03-15"));
    import_days(&admin, &shop, &rows).await;
    let january: Decimal = rows
        .iter()
        .filter(|d| d.date.month() == 1)
        .map(|d| d.sales)
        .sum();
    let february: Decimal = rows
        .iter()
        .filter(|d| d.date.month() == 2)
        .map(|d| d.sales)
        .sum();
    let best = january.max(february);
    assert!(
        best >= dec!(70000) && best < dec!(100000),
        "the days fit the story: {best}"
    );

    let browser = browser_login(&app, "manager@example.com").await;
    let response = browser.get("/manager?as_of=2026-03-15").await;
    response.assert_status(200);
    let page = response.page();
    let gate = format!("article.gate[data-plan=\"{plan_id}\"][data-phase=\"launch\"]");
    assert!(page.exists(&gate), "the launch gate waits");
    assert_eq!(
        page.attrs(&format!("{gate} li[data-met]"), "data-met"),
        ["true", "false", "true"],
        "≥ 70,000 met, ≥ 100,000 not, the checklist item ticked"
    );
    let evidence = page.texts(&format!("{gate} li[data-met]"))[1].clone();
    assert!(
        evidence.contains(&thousands(best)),
        "the best month's figure, {best}, is given: {evidence}"
    );
    assert!(
        page.exists(&format!("{gate} form.gate-form")),
        "a manager can sign off"
    );
    let milestones = page.texts("#milestone-table tbody tr");
    assert_eq!(milestones.len(), 2, "{milestones:?}");
    assert!(milestones.iter().any(|m| m.contains("三八节活动复盘")));
    assert!(
        !milestones.iter().any(|m| m.contains("618 备货")),
        "not due yet"
    );
    assert_eq!(
        page.attrs("#milestone-table tbody tr", "data-overdue"),
        ["true", "false"],
        "the overdue one first, flagged"
    );
    assert!(
        !page.exists("#flags li[data-metric=\"sales\"]"),
        "two whole months missed so far; March is still running"
    );
    let april = browser.get("/manager?as_of=2026-04-01").await.page();
    assert!(
        april.exists("#flags li[data-metric=\"sales\"]"),
        "sales missed three whole months running"
    );
    // The sign-off from the manager view.
    let signed = browser
        .post_form(
            &format!("/plans/{plan_id}/phases/launch/gate"),
            &[
                ("decision", "approve"),
                ("comment", "同意进入成长期"),
                ("next", "/manager#gates"),
            ],
        )
        .await;
    assert_eq!(signed.status.as_u16(), 303, "{}", signed.text());
    let after = browser.get("/manager?as_of=2026-03-15").await.page();
    assert!(!after.exists(&gate), "signed off, no longer waiting");
    // The overview flags the streak too.
    let overview = browser.get("/?as_of=2026-04-01").await.page();
    assert!(overview.exists(&format!("tr[data-shop=\"{shop}\"] [data-flag=\"sales\"]")));
}

/// The finance view's filters: by platform, by shop and by months; recoverable money apart.
#[tokio::test]
async fn the_finance_view_filters_by_platform_shop_and_months() {
    let app = TestApp::spawn().await;
    let f = fixture(&app).await;
    let other = f
        .admin
        .api
        .post_json(
            "/api/v1/shops",
            &json!({"name": "拼多多店", "platform": "pinduoduo"}),
        )
        .await
        .json()["id"]
        .as_str()
        .unwrap()
        .to_string();
    import_spend(
        &f.admin,
        &other,
        &[Spend {
            date: date("2026-02-10"),
            category: "ztc",
            amount: dec!(777.77),
            attributed: Decimal::ZERO,
        }],
    )
    .await;
    let browser = browser_login(&app, "boss@example.com")
        .await
        .with_language("en");
    let shops_of = |csv: &[Vec<String>]| -> Vec<(String, String)> {
        csv[1..]
            .iter()
            .take_while(|r| r.len() > 1)
            .map(|r| (r[0].clone(), r[3].clone()))
            .collect()
    };
    let all = finance_by_shop_csv(&browser, "from=2026-01&to=2026-03&as_of=2026-03-31").await;
    let listed = shops_of(&all);
    assert!(
        listed.contains(&("拼多多店".into(), "777.77".into())),
        "{listed:?}"
    );
    let tmall = finance_by_shop_csv(
        &browser,
        "platform=tmall&from=2026-01&to=2026-03&as_of=2026-03-31",
    )
    .await;
    let names: Vec<String> = shops_of(&tmall).into_iter().map(|(n, _)| n).collect();
    assert_eq!(names, ["天猫旗舰店", "Total"]);
    let one = finance_by_shop_csv(
        &browser,
        &format!("shop={other}&from=2026-01&to=2026-03&as_of=2026-03-31"),
    )
    .await;
    let names: Vec<String> = shops_of(&one).into_iter().map(|(n, _)| n).collect();
    assert_eq!(names, ["拼多多店", "Total"]);
    // January alone: its spend, the deposit apart.
    let january = finance_by_shop_csv(
        &browser,
        &format!("shop={}&from=2026-01&to=2026-01&as_of=2026-03-31", f.shop),
    )
    .await;
    let counted: Decimal = f
        .spend
        .iter()
        .filter(|s| s.date.month() == 1 && kind(s.category) != "recoverable")
        .map(|s| s.amount)
        .sum();
    let rows = shops_of(&january);
    assert_eq!(rows[0], ("天猫旗舰店".to_string(), yuan(counted)));
    let page = browser
        .get("/finance?platform=tmall&from=2026-01&to=2026-03&as_of=2026-03-31")
        .await
        .page();
    assert_eq!(page.text("#finance-recoverable"), "10,000.00");
    assert!(!page.text("#shop-table").contains("拼多多店"));
}

/// How many shop dashboards the server has shown from its page cache (`hit`) or computed.
async fn pages_shown(app: &TestApp, result: &str) -> u64 {
    let text = app
        .client()
        .with_ip([127, 0, 0, 1])
        .get("/metrics")
        .await
        .text();
    let series = format!("shopplan_dashboard_pages_total{{result=\"{result}\"}} ");
    text.lines()
        .find_map(|l| l.strip_prefix(series.as_str()))
        .unwrap_or_else(|| panic!("no {series} in the metrics"))
        .parse()
        .unwrap()
}

/// A plan's dashboard page on a day, once its every month row and its totals row are checked
/// against the JSON dashboard of that day.
async fn page_agreeing_with_json(
    member: &Member,
    browser: &Client,
    plan: &str,
    as_of: &str,
) -> Page {
    let board = dashboard_json(member, plan, as_of).await;
    let response = browser
        .get(&format!("/plans/{plan}/dashboard?as_of={as_of}"))
        .await;
    response.assert_status(200);
    let page = response.page();
    for m in board["months"].as_array().unwrap() {
        let row = format!(
            "#dashboard-table tr[data-month=\"{}\"]",
            m["month"].as_str().unwrap()
        );
        assert_row(&page, &row, m);
    }
    assert_row(&page, "#totals-row", &board["totals"]);
    page
}

#[tokio::test]
async fn a_dashboard_shown_again_follows_every_change_to_what_it_shows() {
    let app = TestApp::spawn().await;
    let f = fixture(&app).await;
    let browser = browser_login(&app, "boss@example.com").await;
    let path = format!("/plans/{}/dashboard?as_of=2026-03-15", f.plan);
    let first = browser.get(&path).await.text();
    let (hits, misses) = (
        pages_shown(&app, "hit").await,
        pages_shown(&app, "miss").await,
    );
    assert_eq!(browser.get(&path).await.text(), first);
    assert_eq!(
        (
            pages_shown(&app, "hit").await,
            pages_shown(&app, "miss").await
        ),
        (hits + 1, misses),
        "the unchanged page is shown again without being computed"
    );

    // A day of March edited: the month, the totals and the effects move.
    let before = f.board("2026-03-15").await;
    let day = march_tenth_raised(&f);
    import_days(&f.admin, &f.shop, &[day]).await;
    assert_ne!(f.board("2026-03-15").await["totals"], before["totals"]);
    let page = page_agreeing_with_json(&f.admin, &browser, &f.plan, "2026-03-15").await;
    assert_eq!(pages_shown(&app, "miss").await, misses + 1);

    // Spend recorded for a day of March.
    import_spend(
        &f.admin,
        &f.shop,
        &[Spend {
            date: date("2026-03-12"),
            category: "ztc",
            amount: dec!(999.99),
            attributed: dec!(3000),
        }],
    )
    .await;
    let spent = page_agreeing_with_json(&f.admin, &browser, &f.plan, "2026-03-15").await;
    assert_ne!(
        cell(&spent, "#totals-row", "spend"),
        cell(&page, "#totals-row", "spend")
    );

    // A review note, a renamed category and a renamed shop.
    let note = "三月复盘：活动页改版后转化回升。";
    f.admin
        .api
        .post_json(
            &format!("/api/v1/shops/{}/notes", f.shop),
            &json!({"month": "2026-03", "body": note}),
        )
        .await
        .assert_status(201);
    assert!(browser.get(&path).await.text().contains(note));
    f.admin
        .api
        .patch_json(
            "/api/v1/reference/categories/ztc",
            &json!({"code": "ztc", "name_zh": "直通车（搜索推广）", "name_en": "Search ads"}),
        )
        .await
        .assert_status(204);
    let channels = browser.get(&path).await.page().texts("#channel-table td");
    assert!(
        channels.iter().any(|c| c == "直通车（搜索推广）"),
        "{channels:?}"
    );
    f.admin
        .api
        .patch_json(
            &format!("/api/v1/shops/{}", f.shop),
            &json!({"name": "天猫旗舰店（新）"}),
        )
        .await
        .assert_status(200);
    assert!(browser.get(&path).await.text().contains("天猫旗舰店（新）"));

    // The organization's thresholds: at 1% every figure with a target is on track.
    let kpis = browser.get(&path).await.page().attrs(".kpis .kpi", "class");
    assert_ne!(kpis[0], "kpi on-track", "{kpis:?}");
    browser
        .post_form(
            "/settings/organization",
            &[
                ("name", "看板公司"),
                ("time_zone", "Asia/Shanghai"),
                ("status_on_track", "1%"),
                ("status_at_risk", "1%"),
            ],
        )
        .await
        .assert_status(303);
    let sales_kpi = browser.get(&path).await.page().attrs(".kpis .kpi", "class");
    assert_eq!(sales_kpi[0], "kpi on-track", "{sales_kpi:?}");

    // What the page shows depends on who looks: a viewer may not write notes.
    api_member(&app, &f.admin, "viewer", "viewer@example.com").await;
    let viewer = browser_login(&app, "viewer@example.com").await;
    let form = format!("form[action=\"/plans/{}/notes\"]", f.plan);
    assert!(browser.get(&path).await.page().exists(&form));
    assert!(!viewer.get(&path).await.page().exists(&form));

    // A draft revision's targets and budgets saved: its page follows the plan as saved.
    let draft = revision(&f.admin, &f.plan, "三月目标上调").await;
    let draft_id = draft["id"].as_str().unwrap().to_string();
    let march = "#dashboard-table tr[data-month=\"2026-03\"]";
    let shown = page_agreeing_with_json(&f.admin, &browser, &draft_id, "2026-03-15").await;
    // The month in progress shows its targets prorated to the 15th: 32,000 × 15 / 31.
    assert_eq!(cell(&shown, march, "target-uv"), "15,484");
    put(&f.admin, &draft, |d| {
        for t in d["targets"].as_array_mut().unwrap() {
            if t["month"] == "2026-03" {
                t["uv"] = json!(36000);
            }
        }
        for b in d["budgets"].as_array_mut().unwrap() {
            if b["month"] == "2026-03" && b["category"] == "ztc" {
                b["amount"] = json!("4100.00");
            }
        }
    })
    .await;
    let saved = page_agreeing_with_json(&f.admin, &browser, &draft_id, "2026-03-15").await;
    assert_eq!(cell(&saved, march, "target-uv"), "17,419");
    assert_ne!(cell(&saved, march, "budget"), cell(&shown, march, "budget"));

    // Another organization's member, asking for the page kept for this one, is told it does
    // not exist.
    api_signup(&app, "别家公司", "other@example.com").await;
    let other = browser_login(&app, "other@example.com").await;
    other.get(&path).await.assert_status(404);
}

#[tokio::test]
async fn a_second_server_never_shows_a_page_older_than_what_the_first_wrote() {
    let app = TestApp::spawn().await;
    let f = fixture(&app).await;
    let second = app.second_server();
    let first_browser = browser_login(&app, "boss@example.com").await;
    let on_second = second.client();
    on_second.set_cookie("sp_session", &first_browser.cookie("sp_session").unwrap());
    let path = format!("/plans/{}/dashboard?as_of=2026-03-15", f.plan);
    let kept = on_second.get(&path).await.text();
    assert_eq!(
        on_second.get(&path).await.text(),
        kept,
        "kept by the second"
    );

    // A day changed through the first server (its own API client).
    let day = march_tenth_raised(&f);
    import_days(&f.admin, &f.shop, &[day]).await;

    let shown = on_second.get(&path).await.text();
    assert_ne!(shown, kept, "the second server showed its older page");
    // The first server never rendered it: its page is computed now.
    assert_eq!(shown, first_browser.get(&path).await.text());
}

/// The fixture's 10 March with 5,000 more visitors and 12,345.67 more sales.
fn march_tenth_raised(f: &Fixture) -> Day {
    let mut day = f
        .days
        .iter()
        .find(|d| d.date == date("2026-03-10"))
        .unwrap()
        .clone();
    day.uv += 5000;
    day.sales += dec!(12345.67);
    day
}
