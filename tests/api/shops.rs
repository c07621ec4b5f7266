//! Shops and the organization's reference data, through the pages and the API.

use serde_json::json;

use crate::support::TestApp;
use crate::support::accounts::{api_member, api_signup, browser_signup};

#[tokio::test]
async fn an_operator_creates_a_shop_in_the_browser_and_finds_it_in_the_list() {
    let app = TestApp::spawn().await;
    let browser = browser_signup(&app, "某茶业电商部", "wang@example.com")
        .await
        .with_language("zh-CN");
    let form = browser.get("/shops/new").await.page();
    assert!(form.exists("select[name=platform] option[value=tmall]"));
    assert_eq!(
        form.text("select[name=platform] option[value=tmall]"),
        "天猫"
    );
    let response = browser
        .post_form(
            "/shops",
            &[
                ("name", "某茶业天猫专卖店"),
                ("platform", "tmall"),
                ("store_type", "franchise"),
                ("category", "茶叶"),
                ("currency", "CNY"),
                ("opened_on", "2026-07-01"),
                ("status", ""),
            ],
        )
        .await;
    response.assert_status(303);
    let shop_page = browser.get(response.location()).await.page();
    assert_eq!(shop_page.text("h1"), "某茶业天猫专卖店");
    let facts = shop_page.texts("#shop-facts dd");
    assert_eq!(
        facts,
        vec!["天猫", "专卖店", "茶叶", "CNY", "2026-07-01", "运营中"]
    );
    let list = browser.get("/shops").await.page();
    assert_eq!(
        list.texts("#shops tbody td:first-child a"),
        vec!["某茶业天猫专卖店"]
    );
}

#[tokio::test]
async fn the_shop_form_reports_each_problem_and_keeps_the_input() {
    let app = TestApp::spawn().await;
    let browser = browser_signup(&app, "店", "wang@example.com")
        .await
        .with_language("en");
    let response = browser
        .post_form(
            "/shops",
            &[
                ("name", ""),
                ("platform", "myspace"),
                ("currency", "yuan"),
                ("opened_on", "2026-13-01"),
                ("category", "茶叶"),
            ],
        )
        .await;
    response.assert_status(422);
    let page = response.page();
    assert_eq!(page.text("#e-name"), "Fill this in.");
    assert!(page.exists(".field.has-error select[name=platform]"));
    assert!(page.text("#e-currency").contains("three-letter"));
    assert!(page.text("#e-opened_on").contains("YYYY-MM-DD"));
    assert_eq!(page.attr("#f-category", "value"), "茶叶");
}

#[tokio::test]
async fn the_api_follows_the_contract_for_shops() {
    let app = TestApp::spawn().await;
    let admin = api_signup(&app, "店", "wang@example.com").await;
    let response = admin
        .api
        .post_json(
            "/api/v1/shops",
            &json!({"name": "婚庆用品旗舰店", "platform": "天猫"}),
        )
        .await;
    response.assert_status(201);
    let shop = response.json();
    assert_eq!(
        shop["platform"], "tmall",
        "a Chinese platform name is accepted"
    );
    assert_eq!(shop["currency"], "CNY");
    assert_eq!(shop["status"], "preparing");
    let id = shop["id"].as_str().unwrap();

    let same_name = admin
        .api
        .post_json(
            "/api/v1/shops",
            &json!({"name": "婚庆用品旗舰店", "platform": "jd"}),
        )
        .await;
    same_name.assert_status(422);
    assert_eq!(same_name.json()["error"]["details"][0]["field"], "name");

    let patched = admin
        .api
        .patch_json(
            &format!("/api/v1/shops/{id}"),
            &json!({"status": "operating", "category": "婚庆用品"}),
        )
        .await;
    patched.assert_status(200);
    assert_eq!(patched.json()["status"], "operating");
    assert_eq!(
        patched.json()["name"],
        "婚庆用品旗舰店",
        "fields not sent keep their values"
    );

    let bad = admin
        .api
        .patch_json(
            &format!("/api/v1/shops/{id}"),
            &json!({"platform": "myspace"}),
        )
        .await;
    bad.assert_status(422);
    assert_eq!(bad.json()["error"]["details"][0]["field"], "platform");

    admin
        .api
        .delete(&format!("/api/v1/shops/{id}"))
        .await
        .assert_status(204);
    assert_eq!(admin.api.get("/api/v1/shops").await.json(), json!([]));
    let archived = admin.api.get("/api/v1/shops?archived=true").await.json();
    assert_eq!(archived[0]["archived"], true);
    admin
        .api
        .get(&format!("/api/v1/shops/{id}"))
        .await
        .assert_status(200);
}

#[tokio::test]
async fn an_admin_adds_a_platform_and_category_that_shops_and_budgets_can_use() {
    let app = TestApp::spawn().await;
    let admin = api_signup(&app, "店", "wang@example.com").await;
    admin
        .api
        .post_json(
            "/api/v1/reference/platforms",
            &json!({"code": "dewu", "name_zh": "得物", "name_en": "Dewu"}),
        )
        .await
        .assert_status(201);
    admin
        .api
        .post_json(
            "/api/v1/reference/categories",
            &json!({"code": "live_douyin", "name_zh": "抖音直播", "kind": "marketing"}),
        )
        .await
        .assert_status(201);
    let categories = admin.api.get("/api/v1/reference/categories").await.json();
    let added = categories
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["code"] == "live_douyin")
        .unwrap();
    assert_eq!(added["kind"], "marketing");
    assert_eq!(
        added["name_en"], "抖音直播",
        "the English name defaults to the Chinese"
    );
    assert_eq!(categories.as_array().unwrap().len(), 19);

    admin
        .api
        .post_json(
            "/api/v1/shops",
            &json!({"name": "得物店", "platform": "dewu"}),
        )
        .await
        .assert_status(201);

    let invalid = admin
        .api
        .post_json(
            "/api/v1/reference/platforms",
            &json!({"code": "Dewu!", "name_zh": "得物"}),
        )
        .await;
    invalid.assert_status(422);
    let body = invalid.json();
    let fields: Vec<&str> = body["error"]["details"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, vec!["code", "name_zh"]);

    // An archived platform is no longer offered for new shops.
    admin
        .api
        .patch_json(
            "/api/v1/reference/platforms/dewu",
            &json!({"name_zh": "得物", "name_en": "Dewu", "archived": true}),
        )
        .await
        .assert_status(204);
    let refused = admin
        .api
        .post_json(
            "/api/v1/shops",
            &json!({"name": "第二家得物店", "platform": "dewu"}),
        )
        .await;
    refused.assert_status(422);
}

#[tokio::test]
async fn the_settings_page_lists_the_defaults_and_adds_items() {
    let app = TestApp::spawn().await;
    let browser = browser_signup(&app, "店", "wang@example.com")
        .await
        .with_language("zh-CN");
    let page = browser.get("/settings").await.page();
    assert_eq!(page.count("table[data-list=platforms] tbody tr"), 10);
    assert_eq!(page.count("table[data-list=store-types] tbody tr"), 5);
    assert_eq!(page.count("table[data-list=categories] tbody tr"), 18);
    assert_eq!(
        page.attr(
            "table[data-list=categories] tr[data-code=deposit] input[name=name_zh]",
            "value"
        ),
        "保证金"
    );
    let response = browser
        .post_form(
            "/settings/store-types",
            &[
                ("code", "outlet"),
                ("name_zh", "奥莱店"),
                ("name_en", "Outlet"),
            ],
        )
        .await;
    response.assert_status(303);
    let page = browser.get("/settings").await.page();
    assert_eq!(page.count("table[data-list=store-types] tbody tr"), 6);
    let response = browser
        .post_form(
            "/settings/store-types",
            &[("code", "outlet"), ("name_zh", "奥莱店")],
        )
        .await;
    response.assert_status(422);
    assert!(
        response
            .page()
            .exists("#store-types .field.has-error input[name=code]")
    );
}

#[tokio::test]
async fn viewers_and_finance_cannot_change_shops_but_read_them() {
    let app = TestApp::spawn().await;
    let admin = api_signup(&app, "店", "wang@example.com").await;
    let viewer = api_member(&app, &admin, "viewer", "v@example.com").await;
    admin
        .api
        .post_json(
            "/api/v1/shops",
            &json!({"name": "京东店", "platform": "jd"}),
        )
        .await
        .assert_status(201);
    assert_eq!(
        viewer
            .api
            .get("/api/v1/shops")
            .await
            .json()
            .as_array()
            .unwrap()
            .len(),
        1
    );
    viewer
        .api
        .post_json("/api/v1/shops", &json!({"name": "x", "platform": "jd"}))
        .await
        .assert_status(403);
    let browser = crate::support::accounts::browser_login(&app, "v@example.com").await;
    let list = browser.get("/shops").await.page();
    assert!(!list.exists("a[href='/shops/new']"));
    browser.get("/shops/new").await.assert_status(403);
}
