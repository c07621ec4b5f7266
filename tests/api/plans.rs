//! Plans: the template, editing in the browser and through the API, validation with field
//! paths, plan lint on the page and in the API, lost-update protection, the workflow with its
//! permissions, revisions and their comparison, gates, milestones and the split helpers.

use serde_json::{Value, json};

use crate::support::TestApp;
use crate::support::accounts::{api_member, api_signup, browser_login};
use crate::support::plans::{put, revision, shop, simple_plan, step};

fn find<'a>(list: &'a Value, key: &str, value: &str) -> &'a Value {
    list.as_array()
        .unwrap()
        .iter()
        .find(|v| v[key] == value)
        .unwrap_or_else(|| panic!("no {key} = {value} in {list}"))
}

#[tokio::test]
async fn a_new_plan_starts_from_the_template_of_four_phases() {
    let app = TestApp::spawn().await;
    let admin = api_signup(&app, "店", "wang@example.com").await;
    let shop = shop(&admin, "天猫专卖店").await;
    let doc = crate::support::plans::plan(
        &admin,
        &shop,
        json!({"name": "第一年", "start_month": "2027-07", "end_month": "2028-04"}),
    )
    .await;
    assert_eq!(doc["status"], "draft");
    assert_eq!(doc["version"], 1);
    let phases = doc["phases"].as_array().unwrap();
    let kinds: Vec<&str> = phases.iter().map(|p| p["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["preparation", "launch", "growth", "mature"]);
    assert_eq!(phases[0]["start_date"], "2027-07-01");
    assert_eq!(phases[3]["end_date"], "2028-04-30");
    assert!(
        phases
            .iter()
            .all(|p| !p["milestones"].as_array().unwrap().is_empty())
    );
    let launch = &phases[1]["exit_criteria"][0]["condition"];
    assert_eq!(launch["metric"], "sales");
    assert_eq!(launch["threshold"], "100000");
}

#[tokio::test]
async fn plan_creation_refuses_bad_ranges_with_field_messages() {
    let app = TestApp::spawn().await;
    let admin = api_signup(&app, "店", "wang@example.com").await;
    let shop = shop(&admin, "店").await;
    let response = admin
        .api
        .post_json(
            &format!("/api/v1/shops/{shop}/plans"),
            &json!({"name": "", "start_month": "2027-01", "end_month": "2030-01", "gross_margin": "140%"}),
        )
        .await;
    response.assert_status(422);
    let body = response.json();
    let fields: Vec<&str> = body["error"]["details"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["name", "gross_margin", "end_month"]);
}

/// The Tmall franchise store of domain.md: four phases with their dates and two gaps, monthly
/// sales goals of 100,000 / 300,000 / 500,000, budgets with the 110,000 deposit.
#[tokio::test]
async fn the_tmall_franchise_plan_is_entered_in_the_browser_and_read_back_identically() {
    let app = TestApp::spawn().await;
    let admin = api_signup(&app, "某茶业电商部", "wang@example.com").await;
    let browser = browser_login(&app, "wang@example.com")
        .await
        .with_language("zh-CN");
    let response = browser
        .post_form(
            "/shops",
            &[
                ("name", "天猫专卖店"),
                ("platform", "tmall"),
                ("store_type", "franchise"),
                ("category", "茶叶"),
                ("opened_on", "2027-09-01"),
            ],
        )
        .await;
    response.assert_status(303);
    let shop_path = response.location().to_string();
    let response = browser
        .post_form(
            &format!("{shop_path}/plans"),
            &[
                ("name", "天猫专卖店 900,000 元计划"),
                ("start_month", "2027-07"),
                ("end_month", "2028-04"),
                ("gross_margin", "40%"),
                ("roi_target_min", "1:3"),
                ("roi_target_max", "1:5"),
            ],
        )
        .await;
    response.assert_status(303);
    let plan_path = response.location().split('?').next().unwrap().to_string();
    let plan_id = plan_path.trim_start_matches("/plans/").to_string();

    // Phases: the dates of domain.md, leaving the milestones and criteria of the template.
    let form = browser.get(&format!("{plan_path}/phases")).await.page();
    let mut fields = form_values(&form, "form.phase-editor");
    for (kind, start, end) in [
        ("preparation", "2027-07-01", "2027-08-31"),
        ("launch", "2027-09-01", "2027-10-30"),
        ("growth", "2027-11-01", "2028-01-20"),
        ("mature", "2028-02-15", "2028-04-30"),
    ] {
        set(&mut fields, &format!("phase.{kind}.start"), start);
        set(&mut fields, &format!("phase.{kind}.end"), end);
    }
    let pairs: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    browser
        .post_form(&format!("{plan_path}/phases"), &pairs)
        .await
        .assert_status(303);

    // Targets: UV at 2% conversion and 200 AOV to reach each month's sales goal.
    let form = browser.get(&format!("{plan_path}/targets")).await.page();
    let mut fields = form_values(&form, "#targets-form");
    let goals = [
        ("2027-09", "2.5万"),
        ("2027-10", "25,000"),
        ("2027-11", "75000"),
        ("2027-12", "75000"),
        ("2028-01", "75000"),
        ("2028-02", "125000"),
        ("2028-03", "125000"),
        ("2028-04", "125000"),
    ];
    for (month, uv) in goals {
        set(&mut fields, &format!("uv.{month}"), uv);
        set(&mut fields, &format!("cr.{month}"), "2%");
        set(&mut fields, &format!("aov.{month}"), "200");
    }
    let pairs: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    browser
        .post_form(&format!("{plan_path}/targets"), &pairs)
        .await
        .assert_status(303);

    // Budgets, with the extra columns added one by one through the page's own form.
    let mut budgets = format!("{plan_path}/budgets");
    for code in ["deposit", "inventory", "ztc", "design", "software"] {
        let page = browser.get(&budgets).await.assert_status(200).page();
        if page.exists(&format!("#budgets-grid th[data-category='{code}']")) {
            continue;
        }
        let options = page.attrs("form.add-column option", "value");
        let choice = options
            .iter()
            .find(|v| v.rsplit(',').next() == Some(code))
            .unwrap_or_else(|| panic!("no option for {code} in {options:?}"))
            .clone();
        let added = browser
            .submit(&budgets, "form.add-column", &[("with", &choice)])
            .await;
        added.assert_status(200);
        assert!(
            added
                .page()
                .exists(&format!("#budgets-grid th[data-category='{code}']")),
            "{code} was added"
        );
        budgets = format!("{plan_path}/budgets?with={choice}");
    }
    let form = browser.get(&budgets).await.page();
    let mut fields = form_values(&form, "#budgets-form");
    for (month, category, amount) in [
        ("2027-07", "deposit", "110,000"),
        ("2027-09", "inventory", "100000"),
        ("2027-09", "ztc", "15000"),
        ("2027-10", "ztc", "1.5万"),
        ("2027-09", "design", "3000"),
        ("2027-09", "software", "1000"),
        ("2027-11", "inventory", "200000"),
        ("2028-02", "inventory", "300000"),
        ("2028-02", "deposit", "100000"),
    ] {
        set(&mut fields, &format!("amount.{month}.{category}"), amount);
    }
    let pairs: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    browser
        .post_form(&format!("{plan_path}/budgets"), &pairs)
        .await
        .assert_status(303);

    // Read back through the API.
    let doc = admin
        .api
        .get(&format!("/api/v1/plans/{plan_id}"))
        .await
        .json();
    assert_eq!(doc["version"], 4);
    assert_eq!(doc["gross_margin"], "0.4000");
    assert_eq!(doc["roi_target_min"], "3.0000");
    assert_eq!(doc["roi_target_max"], "5.0000");
    let dates: Vec<(String, String)> = doc["phases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["start_date"].as_str().unwrap().into(),
                p["end_date"].as_str().unwrap().into(),
            )
        })
        .collect();
    assert_eq!(
        dates,
        [
            ("2027-07-01", "2027-08-31"),
            ("2027-09-01", "2027-10-30"),
            ("2027-11-01", "2028-01-20"),
            ("2028-02-15", "2028-04-30"),
        ]
        .map(|(a, b)| (a.to_string(), b.to_string()))
    );
    let targets = &doc["targets"];
    assert_eq!(targets.as_array().unwrap().len(), 8);
    let sep = find(targets, "month", "2027-09");
    assert_eq!(
        (
            sep["uv"].as_i64(),
            sep["conversion_rate"].as_str(),
            sep["aov"].as_str()
        ),
        (Some(25000), Some("0.0200"), Some("200.00"))
    );
    assert_eq!(
        (sep["buyers"].as_i64(), sep["sales"].as_str()),
        (Some(500), Some("100000.00"))
    );
    assert_eq!(find(targets, "month", "2027-12")["sales"], "300000.00");
    assert_eq!(find(targets, "month", "2028-04")["sales"], "500000.00");
    let budgets = doc["budgets"].as_array().unwrap();
    assert_eq!(budgets.len(), 9);
    let deposit = budgets
        .iter()
        .find(|b| b["category"] == "deposit" && b["month"] == "2027-07")
        .unwrap();
    assert_eq!(deposit["amount"], "110000.00");
    let ztc_oct = budgets
        .iter()
        .find(|b| b["category"] == "ztc" && b["month"] == "2027-10")
        .unwrap();
    assert_eq!(ztc_oct["amount"], "15000.00");

    // The page shows the same plan: targets, the deposit apart from the burn total.
    let page = browser.get(&plan_path).await.page();
    assert_eq!(
        page.text("#target-table tr[data-month='2027-09'] td[data-field=sales]"),
        "100,000.00"
    );
    assert_eq!(page.text("#targets-total"), "2,600,000.00");
    assert_eq!(page.text("#kpi-budget"), "34,000.00");
    let july = page.texts("#budget-table tr[data-month='2027-07'] td");
    assert_eq!(
        july.last().unwrap(),
        "110,000.00",
        "the deposit is recoverable, shown apart"
    );
    assert_eq!(page.texts("#timeline .phase-bar").len(), 4);
}

/// The values of every input and select in a form, as the browser would send them.
fn form_values(page: &crate::support::Page, form: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let names = page.attrs(&format!("{form} input[name]"), "name");
    for name in names {
        let kind = page
            .attrs(&format!("{form} input[name='{name}']"), "type")
            .pop()
            .unwrap_or_default();
        let value = page
            .attrs(&format!("{form} input[name='{name}']"), "value")
            .pop()
            .unwrap_or_default();
        if kind == "checkbox" {
            if page.exists(&format!("{form} input[name='{name}'][checked]")) {
                out.push((name, value));
            }
        } else {
            out.push((name, value));
        }
    }
    for name in page.attrs(&format!("{form} select[name]"), "name") {
        let selected = page.attrs(
            &format!("{form} select[name='{name}'] option[selected]"),
            "value",
        );
        let first = page.attrs(&format!("{form} select[name='{name}'] option"), "value");
        let value = selected
            .into_iter()
            .next()
            .or(first.into_iter().next())
            .unwrap_or_default();
        out.push((name, value));
    }
    for name in page.attrs(&format!("{form} textarea[name]"), "name") {
        out.push((
            name.clone(),
            page.texts(&format!("{form} textarea[name='{name}']"))
                .pop()
                .unwrap_or_default(),
        ));
    }
    out
}

fn set(fields: &mut Vec<(String, String)>, name: &str, value: &str) {
    fields.retain(|(k, _)| k != name);
    fields.push((name.to_string(), value.to_string()));
}

#[tokio::test]
async fn targets_that_miss_the_total_and_a_budget_below_the_roi_band_are_flagged_with_figures() {
    let app = TestApp::spawn().await;
    let admin = api_signup(&app, "店", "wang@example.com").await;
    let shop = shop(&admin, "店").await;
    let doc = simple_plan(&admin, &shop).await;
    assert!(
        doc["warnings"].as_array().unwrap().is_empty(),
        "{}",
        doc["warnings"]
    );

    let doc = put(&admin, &doc, |d| {
        d["total_sales_target"] = json!("300000");
        d["budgets"] = json!([{"month": "2027-01", "category": "ztc", "amount": "40000"}]);
    })
    .await;
    let sum = find(&doc["warnings"], "code", "targets_do_not_sum");
    // 24000 × 3% × 101 + 30000 × 3% × 110 = 72,720 + 99,000.
    assert!(
        sum["message"].as_str().unwrap().contains("171,720.00"),
        "{sum}"
    );
    assert!(
        sum["message"].as_str().unwrap().contains("300,000.00"),
        "{sum}"
    );
    let roi = find(&doc["warnings"], "code", "roi_below_band");
    assert_eq!(roi["subject"]["month"], "2027-01");

    let browser = browser_login(&app, "wang@example.com")
        .await
        .with_language("en");
    let page = browser
        .get(&format!("/plans/{}", doc["id"].as_str().unwrap()))
        .await
        .page();
    let listed = page.texts("#warnings li[data-code=targets_do_not_sum]");
    assert_eq!(listed.len(), 1);
    assert!(listed[0].contains("171,720.00") && listed[0].contains("300,000.00"));
    assert!(page.exists(
        "#target-table tr[data-month='2027-01'] .warning-inline[data-code=roi_below_band]"
    ));

    // Fixing the figures makes the warnings go.
    let doc = put(&admin, &doc, |d| {
        d["total_sales_target"] = json!("171720");
        d["budgets"] = json!([{"month": "2027-01", "category": "ztc", "amount": "3000"}]);
    })
    .await;
    assert!(
        doc["warnings"].as_array().unwrap().is_empty(),
        "{}",
        doc["warnings"]
    );
}

#[tokio::test]
async fn a_typed_sales_figure_that_is_not_derived_is_reported() {
    let app = TestApp::spawn().await;
    let admin = api_signup(&app, "店", "wang@example.com").await;
    let shop = shop(&admin, "婚庆用品店").await;
    let doc = simple_plan(&admin, &shop).await;
    // The wedding shop's February: 1,500 UV a day × 30, 3%, 110 → 148,500; the source wrote 3,300 × 30.
    let doc = put(&admin, &doc, |d| {
        d["targets"][1] = json!({"month": "2027-02", "uv": 45000, "conversion_rate": "3%", "aov": "110", "sales": "99000"});
    })
    .await;
    let warning = find(&doc["warnings"], "code", "sales_not_derived");
    assert!(
        warning["message"].as_str().unwrap().contains("148,500.00"),
        "{warning}"
    );
    assert_eq!(
        find(&doc["targets"], "month", "2027-02")["sales"],
        "148500.00",
        "sales stay derived"
    );
}

#[tokio::test]
async fn invalid_content_is_refused_with_field_paths_and_nothing_changes() {
    let app = TestApp::spawn().await;
    let admin = api_signup(&app, "店", "wang@example.com").await;
    let shop = shop(&admin, "店").await;
    let doc = simple_plan(&admin, &shop).await;
    let id = doc["id"].as_str().unwrap();
    let mut bad = admin.api.get(&format!("/api/v1/plans/{id}")).await.json();
    bad["targets"][0]["conversion_rate"] = json!("1.5");
    bad["targets"][1]["month"] = json!("2027-09");
    bad["budgets"] = json!([
        {"month": "2027-01", "category": "刷单", "amount": "100"},
        {"month": "2027-02", "category": "直通车", "amount": "-5"},
    ]);
    bad["phases"][1]["start_date"] = bad["phases"][0]["end_date"].clone();
    let response = admin
        .api
        .put_json(&format!("/api/v1/plans/{id}"), &bad)
        .await;
    response.assert_status(422);
    let body = response.json();
    let fields: Vec<&str> = body["error"]["details"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["field"].as_str().unwrap())
        .collect();
    for expected in [
        "targets[0].conversion_rate",
        "targets[1].month",
        "budgets[0].category",
        "budgets[1].amount",
        "phases[1].start_date",
    ] {
        assert!(
            fields.contains(&expected),
            "{expected} missing from {fields:?}"
        );
    }
    let after = admin.api.get(&format!("/api/v1/plans/{id}")).await.json();
    assert_eq!(after["version"], doc["version"]);
    assert_eq!(after["targets"], doc["targets"]);
}

#[tokio::test]
async fn the_second_of_two_concurrent_saves_is_refused_and_nothing_is_overwritten() {
    let app = TestApp::spawn().await;
    let admin = api_signup(&app, "店", "wang@example.com").await;
    let operator = api_member(&app, &admin, "operator", "li@example.com").await;
    let shop = shop(&admin, "店").await;
    let doc = simple_plan(&admin, &shop).await;
    let id = doc["id"].as_str().unwrap();
    let mut first = admin.api.get(&format!("/api/v1/plans/{id}")).await.json();
    let mut second = operator
        .api
        .get(&format!("/api/v1/plans/{id}"))
        .await
        .json();
    first["name"] = json!("王芳的名字");
    second["name"] = json!("李娜的名字");
    admin
        .api
        .put_json(&format!("/api/v1/plans/{id}"), &first)
        .await
        .assert_status(200);
    let refused = operator
        .api
        .put_json(&format!("/api/v1/plans/{id}"), &second)
        .await;
    refused.assert_status(409);
    assert_eq!(refused.error_code(), "version_conflict");
    let stored = admin.api.get(&format!("/api/v1/plans/{id}")).await.json();
    assert_eq!(stored["name"], "王芳的名字");
    assert_eq!(stored["version"], doc["version"].as_i64().unwrap() + 1);
}

#[tokio::test]
async fn in_the_browser_a_conflicting_save_comes_back_with_the_persons_input_and_a_notice() {
    let app = TestApp::spawn().await;
    let admin = api_signup(&app, "店", "wang@example.com").await;
    api_member(&app, &admin, "operator", "li@example.com").await;
    let shop = shop(&admin, "店").await;
    let doc = simple_plan(&admin, &shop).await;
    let path = format!("/plans/{}/targets", doc["id"].as_str().unwrap());
    let wang = browser_login(&app, "wang@example.com")
        .await
        .with_language("en");
    let li = browser_login(&app, "li@example.com")
        .await
        .with_language("en");
    let mut wang_fields = form_values(&wang.get(&path).await.page(), "#targets-form");
    let mut li_fields = form_values(&li.get(&path).await.page(), "#targets-form");
    set(&mut wang_fields, "uv.2027-03", "50000");
    set(&mut wang_fields, "cr.2027-03", "2%");
    set(&mut wang_fields, "aov.2027-03", "100");
    set(&mut li_fields, "uv.2027-04", "60000");
    set(&mut li_fields, "cr.2027-04", "2.5%");
    set(&mut li_fields, "aov.2027-04", "120");
    let pairs = |f: &Vec<(String, String)>| {
        f.iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect::<Vec<_>>()
    };
    let w = pairs(&wang_fields);
    let w: Vec<(&str, &str)> = w.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    wang.post_form(&path, &w).await.assert_status(303);
    let l = pairs(&li_fields);
    let l: Vec<(&str, &str)> = l.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let response = li.post_form(&path, &l).await;
    response.assert_status(409);
    let page = response.page();
    assert!(
        page.text("#conflict strong")
            .contains("Someone saved this plan")
    );
    assert_eq!(
        page.attr("input[name='uv.2027-04']", "value"),
        "60000",
        "her input is kept"
    );
    assert_eq!(page.attr("input[name='cr.2027-04']", "value"), "2.5%");
    let stored = admin
        .api
        .get(&format!("/api/v1/plans/{}", doc["id"].as_str().unwrap()))
        .await
        .json();
    let months: Vec<&str> = stored["targets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["month"].as_str().unwrap())
        .collect();
    assert_eq!(
        months,
        ["2027-01", "2027-02", "2027-03"],
        "only the first save landed"
    );
    // Saving again after seeing the notice is deliberate and goes through.
    let again = form_values(&page, "#targets-form");
    let again: Vec<(&str, &str)> = again
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    li.post_form(&path, &again).await.assert_status(303);
}

#[tokio::test]
async fn the_workflow_follows_the_roles_and_an_approved_plan_is_locked() {
    let app = TestApp::spawn().await;
    let admin = api_signup(&app, "店", "wang@example.com").await;
    let operator = api_member(&app, &admin, "operator", "op@example.com").await;
    let manager = api_member(&app, &admin, "manager", "mgr@example.com").await;
    let viewer = api_member(&app, &admin, "viewer", "v@example.com").await;
    let shop = shop(&operator, "店").await;
    let doc = simple_plan(&operator, &shop).await;
    let id = doc["id"].as_str().unwrap().to_string();

    viewer
        .api
        .post_json(&format!("/api/v1/plans/{id}/submit"), &json!({}))
        .await
        .assert_status(403);
    let submitted = step(&operator, &id, "submit", json!({})).await;
    assert_eq!(submitted["status"], "submitted");
    let locked = operator
        .api
        .put_json(&format!("/api/v1/plans/{id}"), &submitted)
        .await;
    locked.assert_status(409);
    assert_eq!(locked.error_code(), "plan_locked");
    operator
        .api
        .post_json(&format!("/api/v1/plans/{id}/approve"), &json!({}))
        .await
        .assert_status(403);

    let no_comment = manager
        .api
        .post_json(
            &format!("/api/v1/plans/{id}/return"),
            &json!({"comment": " "}),
        )
        .await;
    no_comment.assert_status(422);
    let returned = step(
        &manager,
        &id,
        "return",
        json!({"comment": "2 月转化率太乐观"}),
    )
    .await;
    assert_eq!(returned["status"], "draft");
    assert_eq!(returned["decision_comment"], "2 月转化率太乐观");
    step(&operator, &id, "submit", json!({})).await;
    let approved = step(&manager, &id, "approve", json!({"comment": "同意"})).await;
    assert_eq!(approved["status"], "approved");

    let locked = admin
        .api
        .put_json(&format!("/api/v1/plans/{id}"), &approved)
        .await;
    locked.assert_status(409);
    assert_eq!(locked.error_code(), "plan_locked");

    // A manager does not approve a plan they submitted themselves; an admin may.
    let own = simple_plan(&manager, &shop).await;
    let own_id = own["id"].as_str().unwrap();
    step(&manager, own_id, "submit", json!({})).await;
    let refused = manager
        .api
        .post_json(&format!("/api/v1/plans/{own_id}/approve"), &json!({}))
        .await;
    refused.assert_status(409);
    assert_eq!(refused.error_code(), "own_plan");
    step(&admin, own_id, "approve", json!({})).await;
}

#[tokio::test]
async fn a_revision_starts_from_the_approved_plan_and_the_comparison_shows_what_changed() {
    let app = TestApp::spawn().await;
    let admin = api_signup(&app, "店", "wang@example.com").await;
    let operator = api_member(&app, &admin, "operator", "op@example.com").await;
    let shop = shop(&admin, "店").await;
    let doc = simple_plan(&operator, &shop).await;
    let first = doc["id"].as_str().unwrap().to_string();
    step(&operator, &first, "submit", json!({})).await;
    step(&admin, &first, "approve", json!({})).await;

    let no_reason = operator
        .api
        .post_json(&format!("/api/v1/plans/{first}/revisions"), &json!({}))
        .await;
    no_reason.assert_status(422);
    let second = revision(&operator, &first, "双11 提前备货").await;
    assert_eq!(
        (second["revision"].as_i64(), second["status"].as_str()),
        (Some(2), Some("draft"))
    );
    assert_eq!(second["previous_id"], first.as_str());
    assert_eq!(
        second["targets"], doc["targets"],
        "the revision starts as a copy"
    );
    let again = operator
        .api
        .post_json(
            &format!("/api/v1/plans/{first}/revisions"),
            &json!({"reason": "再来一次"}),
        )
        .await;
    again.assert_status(409);
    assert_eq!(again.error_code(), "revision_open");

    let second_id = second["id"].as_str().unwrap().to_string();
    put(&operator, &second, |d| {
        d["targets"][1]["uv"] = json!(36000);
        d["budgets"] = json!([
            {"month": "2027-01", "category": "ztc", "amount": "3000"},
            {"month": "2027-02", "category": "ztc", "amount": "5000"},
        ]);
    })
    .await;
    let comparison = admin
        .api
        .get(&format!("/api/v1/plans/{first}/compare/{second_id}"))
        .await
        .json();
    let uv = comparison["targets"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["field"] == "uv")
        .unwrap();
    assert_eq!(
        (
            uv["month"].as_str(),
            uv["before"].as_str(),
            uv["after"].as_str()
        ),
        (Some("2027-02"), Some("30000"), Some("36000"))
    );
    let budget = &comparison["budgets"][0];
    assert_eq!(
        (
            budget["category"].as_str(),
            budget["before"].as_str(),
            budget["after"].as_str()
        ),
        (Some("ztc"), None, Some("5000.00"))
    );

    let revisions = admin
        .api
        .get(&format!("/api/v1/plans/{second_id}/revisions"))
        .await
        .json();
    assert_eq!(revisions.as_array().unwrap().len(), 2);
    assert_eq!(revisions[0]["revision_reason"], "双11 提前备货");
    assert_eq!(revisions[0]["created_by"], "operator 成员");

    // The approved plan stays the baseline until the revision is approved, then is archived.
    step(&operator, &second_id, "submit", json!({})).await;
    step(&admin, &second_id, "approve", json!({})).await;
    let old = admin
        .api
        .get(&format!("/api/v1/plans/{first}"))
        .await
        .json();
    assert_eq!(old["status"], "archived");

    let browser = browser_login(&app, "wang@example.com")
        .await
        .with_language("en");
    let page = browser
        .get(&format!("/plans/{first}/compare?other={second_id}"))
        .await
        .page();
    assert!(
        page.texts("#changes-targets td")
            .contains(&"36,000".to_string())
    );
    let list = browser
        .get(&format!("/plans/{second_id}/revisions"))
        .await
        .page();
    assert_eq!(list.count("#revisions tbody tr"), 2);
    assert!(
        list.text("#revisions tbody tr:first-child")
            .contains("双11 提前备货")
    );
}

#[tokio::test]
async fn finance_edits_budgets_only() {
    let app = TestApp::spawn().await;
    let admin = api_signup(&app, "店", "wang@example.com").await;
    let finance = api_member(&app, &admin, "finance", "cw@example.com").await;
    let shop = shop(&admin, "店").await;
    let doc = simple_plan(&admin, &shop).await;
    let saved = put(&finance, &doc, |d| {
        d["budgets"] = json!([{"month": "2027-03", "category": "staff", "amount": "8000"}]);
    })
    .await;
    assert_eq!(saved["budgets"][0]["category"], "staff");
    let id = doc["id"].as_str().unwrap();
    let mut target_change = finance.api.get(&format!("/api/v1/plans/{id}")).await.json();
    target_change["targets"][0]["uv"] = json!(1);
    finance
        .api
        .put_json(&format!("/api/v1/plans/{id}"), &target_change)
        .await
        .assert_status(403);
    let browser = browser_login(&app, "cw@example.com").await;
    browser
        .get(&format!("/plans/{id}/budgets"))
        .await
        .assert_status(200);
    browser
        .get(&format!("/plans/{id}/targets"))
        .await
        .assert_status(403);
    let page = browser.get(&format!("/plans/{id}")).await.page();
    assert!(page.exists(&format!("a[href='/plans/{id}/budgets']")));
    assert!(!page.exists(&format!("a[href='/plans/{id}/targets']")));
}

#[tokio::test]
async fn the_grid_reads_what_people_type() {
    let app = TestApp::spawn().await;
    let admin = api_signup(&app, "店", "wang@example.com").await;
    let shop = shop(&admin, "店").await;
    let doc = simple_plan(&admin, &shop).await;
    let id = doc["id"].as_str().unwrap();
    let browser = browser_login(&app, "wang@example.com").await;
    let mut fields = form_values(
        &browser.get(&format!("/plans/{id}/targets")).await.page(),
        "#targets-form",
    );
    set(&mut fields, "uv.2027-05", "2.4万");
    set(&mut fields, "cr.2027-05", "３％");
    set(&mut fields, "aov.2027-05", "¥101");
    let pairs: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    browser
        .post_form(&format!("/plans/{id}/targets"), &pairs)
        .await
        .assert_status(303);
    let stored = admin.api.get(&format!("/api/v1/plans/{id}")).await.json();
    let may = find(&stored["targets"], "month", "2027-05");
    assert_eq!(
        (may["uv"].as_i64(), may["sales"].as_str()),
        (Some(24000), Some("72720.00"))
    );

    set(&mut fields, "cr.2027-05", "3");
    set(&mut fields, "version", &stored["version"].to_string());
    let pairs: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let response = browser
        .clone()
        .with_language("en")
        .post_form(&format!("/plans/{id}/targets"), &pairs)
        .await;
    response.assert_status(422);
    let page = response.page();
    assert!(page.exists("td.has-error input[name='cr.2027-05']"));
    assert_eq!(
        page.attr("input[name='uv.2027-05']", "value"),
        "2.4万",
        "the input is kept as typed"
    );
}

#[tokio::test]
async fn the_split_helper_proposes_targets_that_add_up_to_the_total_exactly() {
    let app = TestApp::spawn().await;
    let admin = api_signup(&app, "某茶业", "wang@example.com").await;
    let shop = shop(&admin, "天猫店").await;
    let doc = crate::support::plans::plan(
        &admin,
        &shop,
        json!({"name": "半年 300 万", "start_month": "2027-01", "end_month": "2027-04"}),
    )
    .await;
    let id = doc["id"].as_str().unwrap();
    let response = admin
        .api
        .post_json(
            &format!("/api/v1/plans/{id}/split"),
            &json!({"total": "300万", "method": "weights", "weights": "20/40/90/150", "conversion_rate": "1%", "aov": "100"}),
        )
        .await;
    response.assert_status(200);
    let result = response.json();
    assert_eq!(
        result["shares"],
        json!(["200000.00", "400000.00", "900000.00", "1500000.00"])
    );
    assert_eq!(result["targets"][0]["uv"], 200_000);
    assert_eq!(result["targets"][3]["sales"], "1500000.00");

    let response = admin
        .api
        .post_json(
            &format!("/api/v1/plans/{id}/split"),
            &json!({"total": "1000.01", "method": "even", "conversion_rate": "1%", "aov": "100"}),
        )
        .await;
    let shares: Vec<String> = response.json()["shares"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        shares,
        ["250.01", "250.00", "250.00", "250.00"],
        "the remainder fen goes to the first month"
    );

    // In the browser, the proposal fills the grid; saving it keeps it.
    let browser = browser_login(&app, "wang@example.com")
        .await
        .with_language("en");
    let response = browser
        .submit(
            &format!("/plans/{id}/targets"),
            "#split form",
            &[
                ("split.total", "300万"),
                ("method", "weights"),
                ("split.weights", "20/40/90/150"),
                ("split.conversion_rate", "1%"),
                ("split.aov", "100"),
            ],
        )
        .await;
    response.assert_status(200);
    let page = response.page();
    assert!(page.exists("#proposed"));
    assert_eq!(page.attr("input[name='uv.2027-04']", "value"), "1500000");
    let fields = form_values(&page, "#targets-form");
    let pairs: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    browser
        .post_form(&format!("/plans/{id}/targets"), &pairs)
        .await
        .assert_status(303);
    let stored = admin.api.get(&format!("/api/v1/plans/{id}")).await.json();
    let total: f64 = stored["targets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["sales"].as_str().unwrap().parse::<f64>().unwrap())
        .sum();
    assert_eq!(total, 3_000_000.0);

    let calc = browser
        .get(&format!(
            "/plans/{id}/targets?calc_sales=72720&calc_cr=3%25&calc_aov=101"
        ))
        .await
        .page();
    assert!(
        calc.text("#uv-result").contains("24,000"),
        "{}",
        calc.text("#uv-result")
    );
}

#[tokio::test]
async fn managers_sign_off_gates_and_operators_track_milestones() {
    let app = TestApp::spawn().await;
    let admin = api_signup(&app, "店", "wang@example.com").await;
    let operator = api_member(&app, &admin, "operator", "op@example.com").await;
    let manager = api_member(&app, &admin, "manager", "mgr@example.com").await;
    let shop = shop(&admin, "店").await;
    let doc = simple_plan(&operator, &shop).await;
    let id = doc["id"].as_str().unwrap().to_string();
    let draft_gate = manager
        .api
        .post_json(
            &format!("/api/v1/plans/{id}/phases/launch/gate"),
            &json!({"decision": "approve"}),
        )
        .await;
    draft_gate.assert_status(409);
    step(&operator, &id, "submit", json!({})).await;
    step(&manager, &id, "approve", json!({})).await;
    operator
        .api
        .post_json(
            &format!("/api/v1/plans/{id}/phases/launch/gate"),
            &json!({"decision": "approve"}),
        )
        .await
        .assert_status(403);
    manager
        .api
        .post_json(
            &format!("/api/v1/plans/{id}/phases/launch/gate"),
            &json!({"decision": "return"}),
        )
        .await
        .assert_status(422);
    manager
        .api
        .post_json(
            &format!("/api/v1/plans/{id}/phases/launch/gate"),
            &json!({"decision": "approve", "comment": "月销过 10 万"}),
        )
        .await
        .assert_status(204);
    let plan = admin.api.get(&format!("/api/v1/plans/{id}")).await.json();
    let launch = find(&plan["phases"], "kind", "launch");
    assert_eq!(launch["gate"]["status"], "approved");
    assert_eq!(launch["gate"]["comment"], "月销过 10 万");
    assert_eq!(launch["gate"]["reviewed_by"], "manager 成员");

    // Progress is tracked on the approved plan.
    let milestone = launch["milestones"][0]["id"].as_str().unwrap();
    operator
        .api
        .patch_json(
            &format!("/api/v1/plans/{id}/milestones/{milestone}"),
            &json!({"status": "done", "owner_id": operator.user_id, "due_on": "2027-03-15"}),
        )
        .await
        .assert_status(204);
    let plan = admin.api.get(&format!("/api/v1/plans/{id}")).await.json();
    let first = &find(&plan["phases"], "kind", "launch")["milestones"][0];
    assert_eq!(
        (first["status"].as_str(), first["owner_name"].as_str()),
        (Some("done"), Some("operator 成员"))
    );
    let page = browser_login(&app, "mgr@example.com")
        .await
        .get(&format!("/plans/{id}"))
        .await
        .page();
    assert!(page.exists("#phase-launch .badge.gate-approved"));
}

#[tokio::test]
async fn a_gate_passed_with_criteria_unmet_is_a_conditional_pass_that_needs_its_reason() {
    let app = TestApp::spawn().await;
    let admin = api_signup(&app, "店", "wang@example.com").await;
    let manager = api_member(&app, &admin, "manager", "mgr@example.com").await;
    let shop = shop(&admin, "店").await;
    let doc = simple_plan(&admin, &shop).await;
    let id = doc["id"].as_str().unwrap().to_string();
    step(&admin, &id, "submit", json!({})).await;
    step(&manager, &id, "approve", json!({})).await;
    let gate = format!("/api/v1/plans/{id}/phases/launch/gate");
    let no_reason = manager
        .api
        .post_json(&gate, &json!({"decision": "approve", "conditional": true}))
        .await;
    no_reason.assert_status(422);
    assert_eq!(no_reason.json()["error"]["details"][0]["field"], "comment");
    manager
        .api
        .post_json(
            &gate,
            &json!({"decision": "approve", "conditional": true, "comment": "月销差 5%，大促在即，先放行"}),
        )
        .await
        .assert_status(204);
    let plan = admin.api.get(&format!("/api/v1/plans/{id}")).await.json();
    let launch = &find(&plan["phases"], "kind", "launch")["gate"];
    assert_eq!(launch["status"], "approved");
    assert_eq!(launch["conditional"], true);
    assert_eq!(launch["comment"], "月销差 5%，大促在即，先放行");
    // A plain pass afterwards is not conditional.
    manager
        .api
        .post_json(&gate, &json!({"decision": "approve"}))
        .await
        .assert_status(204);
    let plan = admin.api.get(&format!("/api/v1/plans/{id}")).await.json();
    assert_eq!(
        find(&plan["phases"], "kind", "launch")["gate"]["conditional"],
        false
    );
    let audit = admin.api.get("/api/v1/audit").await.json();
    let conditional = audit
        .as_array()
        .or_else(|| audit["entries"].as_array())
        .unwrap()
        .iter()
        .filter(|e| e["action"] == "gate.reviewed" && e["details"]["conditional"] == true)
        .count();
    assert_eq!(conditional, 1, "the audit log records the conditional pass");
}

#[tokio::test]
async fn approving_a_revision_keeps_the_gates_passed_before_and_while_it_was_drafted() {
    let app = TestApp::spawn().await;
    let admin = api_signup(&app, "店", "wang@example.com").await;
    let operator = api_member(&app, &admin, "operator", "op@example.com").await;
    let manager = api_member(&app, &admin, "manager", "mgr@example.com").await;
    let shop = shop(&admin, "店").await;
    let doc = simple_plan(&operator, &shop).await;
    let first = doc["id"].as_str().unwrap().to_string();
    let kinds: Vec<String> = doc["phases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["kind"].as_str().unwrap().to_string())
        .collect();
    assert!(kinds.len() >= 2, "{kinds:?}");
    step(&operator, &first, "submit", json!({})).await;
    step(&manager, &first, "approve", json!({})).await;
    let pass = |plan: String, kind: String, comment: &'static str| {
        let manager = manager.clone();
        async move {
            manager
                .api
                .post_json(
                    &format!("/api/v1/plans/{plan}/phases/{kind}/gate"),
                    &json!({"decision": "approve", "comment": comment}),
                )
                .await
                .assert_status(204);
        }
    };
    pass(first.clone(), kinds[0].clone(), "八月签字").await;

    let second = revision(&operator, &first, "年中调整").await;
    let second_id = second["id"].as_str().unwrap().to_string();
    let draft_gate = &find(&second["phases"], "kind", &kinds[0])["gate"];
    assert_eq!(
        draft_gate["status"], "approved",
        "the draft shows the passed gate"
    );
    // A gate passed on the baseline while the revision is drafted is kept as well.
    pass(first.clone(), kinds[1].clone(), "九月签字").await;
    step(&operator, &second_id, "submit", json!({})).await;
    step(&manager, &second_id, "approve", json!({})).await;

    let current = admin
        .api
        .get(&format!("/api/v1/plans/{second_id}"))
        .await
        .json();
    assert_eq!(current["status"], "approved");
    for (kind, comment) in [(&kinds[0], "八月签字"), (&kinds[1], "九月签字")] {
        let gate = &find(&current["phases"], "kind", kind)["gate"];
        assert_eq!(gate["status"], "approved", "{kind}: {gate}");
        assert_eq!(gate["comment"], comment);
        assert_eq!(gate["reviewed_by"], "manager 成员");
    }
    // Once each: the decision made before the draft is not copied a second time.
    let mut owner = app.db.owner().await;
    let decisions: i64 =
        sqlx::query_scalar("SELECT count(*) FROM gate_review WHERE plan_id = $1::uuid")
            .bind(&second_id)
            .fetch_one(&mut owner)
            .await
            .unwrap();
    assert_eq!(decisions, 2);
    let page = browser_login(&app, "mgr@example.com")
        .await
        .get("/manager")
        .await
        .page();
    // The manager view lists no passed gate of the new revision as waiting again.
    assert!(
        page.exists("#gates"),
        "the manager view has its gates section"
    );
    for kind in &kinds[..2] {
        let waiting = format!(
            "#gates article.gate[data-plan='{second_id}'][data-phase='{kind}'] .badge.gate-pending"
        );
        assert!(!page.exists(&waiting), "{kind} waits for review again");
    }
}

#[tokio::test]
async fn the_split_follows_last_years_sales_once_they_are_imported() {
    let app = TestApp::spawn().await;
    let admin = api_signup(&app, "某茶业", "wang@example.com").await;
    let shop = shop(&admin, "天猫店").await;
    let doc = crate::support::plans::plan(
        &admin,
        &shop,
        json!({"name": "2026 三季度", "start_month": "2026-07", "end_month": "2026-09"}),
    )
    .await;
    let id = doc["id"].as_str().unwrap();
    let body =
        json!({"total": "100000", "method": "last_year", "conversion_rate": "2%", "aov": "100"});
    let refused = admin
        .api
        .post_json(&format!("/api/v1/plans/{id}/split"), &body)
        .await;
    refused.assert_status(422);
    assert!(refused.text().contains("method"), "{}", refused.text());
    // A year earlier: July sold 1,000, August 3,000, September nothing imported.
    admin
        .api
        .post_json(
            &format!("/api/v1/shops/{shop}/actuals"),
            &json!([
                {"date": "2025-07-01", "uv": 100, "buyers": 5, "sales": "400"},
                {"date": "2025-07-31", "uv": 100, "buyers": 5, "sales": "600"},
                {"date": "2025-08-15", "uv": 300, "buyers": 9, "sales": "3000"},
            ]),
        )
        .await
        .assert_status(200);
    let response = admin
        .api
        .post_json(&format!("/api/v1/plans/{id}/split"), &body)
        .await;
    response.assert_status(200);
    assert_eq!(
        response.json()["shares"],
        json!(["25000.00", "75000.00", "0.00"]),
        "in proportion to last year's months"
    );
}
