//! Uploading in the browser: the preview with the days it replaces and every error, confirm
//! and cancel, the history with undo, the month view, editing a day and recording spend.

use sqlx::Connection;

use crate::imports::{SYCM_GBK, ZTC, import, shop};
use crate::support::TestApp;
use crate::support::accounts::{api_member, browser_login};

async fn count(app: &TestApp, table: &str) -> i64 {
    let mut owner = app.db.owner().await;
    let n = sqlx::query_scalar(sqlx::AssertSqlSafe(format!("SELECT count(*) FROM {table}")))
        .fetch_one(&mut owner)
        .await
        .unwrap();
    owner.close().await.unwrap();
    n
}

#[tokio::test]
async fn the_preview_shows_the_replaced_days_and_confirming_writes_the_file() {
    let app = TestApp::spawn().await;
    let (admin, shop) = shop(&app).await;
    let april = "date,uv,buyers,sales\n2026-04-01,1,1,1.00\n2026-04-02,2,1,2.00\n";
    import(&admin, &shop, "text/csv", april.as_bytes()).await;
    let browser = browser_login(&app, "admin@example.com")
        .await
        .with_language("en");

    let form = browser.get(&format!("/shops/{shop}")).await.page();
    assert!(form.exists("#upload-form input[type=file][name=file]"));
    assert_eq!(form.count("#import-history tbody tr"), 1);

    let response = browser
        .post_multipart(
            &format!("/shops/{shop}/uploads"),
            &[("kind", "actuals"), ("category", "")],
            Some(("file", "sycm.csv", SYCM_GBK)),
        )
        .await;
    response.assert_status(200);
    let page = response.page();
    assert_eq!(page.text("#rows-read"), "91");
    assert_eq!(page.text("#date-range"), "2026-04-01 – 2026-06-30");
    assert!(page.text("#replaced-count").contains("2 days"));
    assert_eq!(
        page.texts("ul.replaced-days li"),
        vec!["2026-04-01", "2026-04-02"]
    );
    assert_eq!(page.text("[data-total=actuals-sales]"), "947,899.98");
    assert!(!page.exists("#row-errors"));
    assert_eq!(count(&app, "pending_upload").await, 1);
    let confirm = page.attr("#preview-confirm form:first-child", "action");

    assert_eq!(
        count(&app, "daily_actual").await,
        2,
        "nothing stored before confirming"
    );
    let done = browser.post_form(&confirm, &[]).await;
    done.assert_status(303);
    assert_eq!(done.location(), format!("/shops/{shop}?notice=import-done"));
    assert_eq!(count(&app, "daily_actual").await, 91);
    assert_eq!(count(&app, "pending_upload").await, 0);
    browser.post_form(&confirm, &[]).await.assert_status(404);

    let page = browser.get(done.location()).await.page();
    assert_eq!(page.count("#import-history tbody tr"), 2);
    assert_eq!(
        page.texts("#import-history tbody tr:first-child td")[3],
        "sycm.csv"
    );
}

#[tokio::test]
async fn a_preview_lists_every_error_in_the_page_language_and_offers_no_confirmation() {
    let app = TestApp::spawn().await;
    let (_, shop) = shop(&app).await;
    let browser = browser_login(&app, "admin@example.com")
        .await
        .with_language("zh-CN");
    let file = "统计日期,访客数,支付买家数,支付金额\n2026-04-01,10,20,5\n2026-04-01,10,1,abc\n";
    let response = browser
        .post_multipart(
            &format!("/shops/{shop}/uploads"),
            &[("kind", "actuals")],
            Some(("file", "bad.csv", file.as_bytes())),
        )
        .await;
    response.assert_status(422);
    let page = response.page();
    assert_eq!(
        page.texts("#row-errors tbody td:first-child"),
        vec!["2", "3", "3"]
    );
    let messages = page.texts("#row-errors tbody td:last-child");
    assert!(messages[0].contains("支付买家数"), "{messages:?}");
    assert!(
        messages[1].contains("abc") && messages[2].contains("第 2 行"),
        "{messages:?}"
    );
    assert!(!page.exists("#preview-confirm"));
    assert_eq!(count(&app, "pending_upload").await, 0);
}

#[tokio::test]
async fn cancelling_a_preview_stores_nothing_and_unreadable_files_show_the_form_again() {
    let app = TestApp::spawn().await;
    let (_, shop) = shop(&app).await;
    let browser = browser_login(&app, "admin@example.com")
        .await
        .with_language("en");
    let page = browser
        .post_multipart(
            &format!("/shops/{shop}/uploads"),
            &[("kind", "spend"), ("category", "ztc")],
            Some(("file", "ztc.csv", ZTC)),
        )
        .await
        .page();
    let cancel = page.attr("#preview-confirm form:last-child", "action");
    let response = browser.post_form(&cancel, &[]).await;
    response.assert_status(303);
    assert_eq!(count(&app, "spend_entry").await, 0);
    assert_eq!(count(&app, "pending_upload").await, 0);

    let empty = browser
        .post_multipart(
            &format!("/shops/{shop}/uploads"),
            &[("kind", "actuals")],
            Some(("file", "e.csv", b"")),
        )
        .await;
    empty.assert_status(422);
    assert!(empty.page().text(".alert-error").contains("empty"));
    assert!(empty.page().exists("#upload-form"));
}

#[tokio::test]
async fn a_previewed_upload_is_its_uploaders_alone() {
    let app = TestApp::spawn().await;
    let (admin, shop) = shop(&app).await;
    api_member(&app, &admin, "operator", "op@example.com").await;
    let browser = browser_login(&app, "admin@example.com").await;
    let page = browser
        .post_multipart(
            &format!("/shops/{shop}/uploads"),
            &[("kind", "actuals")],
            Some(("file", "s.csv", SYCM_GBK)),
        )
        .await
        .page();
    let confirm = page.attr("#preview-confirm form:first-child", "action");
    let other = browser_login(&app, "op@example.com").await;
    other.post_form(&confirm, &[]).await.assert_status(404);
    assert_eq!(count(&app, "daily_actual").await, 0);
}

#[tokio::test]
async fn the_month_view_shows_each_day_with_totals_and_a_day_is_edited_in_a_form() {
    let app = TestApp::spawn().await;
    let (admin, shop) = shop(&app).await;
    import(&admin, &shop, "text/csv", SYCM_GBK).await;
    let browser = browser_login(&app, "admin@example.com")
        .await
        .with_language("en");
    let page = browser
        .get(&format!("/shops/{shop}/actuals?month=2026-04"))
        .await
        .page();
    assert_eq!(page.count("#month-days tbody tr"), 30);
    assert_eq!(
        page.text("tr[data-date='2026-04-01'] td[data-field=sales]"),
        "9,469.44"
    );
    assert!(page.exists(&format!(
        "tr[data-date='2026-04-30'] a[href='/shops/{shop}/actuals/2026-04-30']"
    )));
    // Days still to come have no figures to correct.
    let future = browser
        .get(&format!("/shops/{shop}/actuals?month=2099-01"))
        .await
        .page();
    assert_eq!(future.count("#month-days tbody tr"), 31);
    assert!(!future.exists("#month-days tbody a[href*='/actuals/2099-01-']"));
    assert_eq!(
        page.text("tr[data-date='2026-04-01'] td[data-field=conversion]"),
        "3.52%"
    );
    assert!(page.exists("a[rel=prev][href$='month=2026-03']"));

    let edit = format!("/shops/{shop}/actuals/2026-04-01");
    let form = browser.get(&edit).await.page();
    assert_eq!(form.attr("#f-uv", "value"), "2043");
    let bad = browser
        .post_form(
            &edit,
            &[
                ("uv", "10"),
                ("buyers", "abc"),
                ("sales", "-3"),
                ("orders", ""),
                ("refunds", ""),
                ("pv", ""),
            ],
        )
        .await;
    bad.assert_status(422);
    let page = bad.page();
    assert!(page.text("#e-buyers").contains("abc"));
    assert!(page.text("#e-sales").contains("negative"));
    assert_eq!(page.attr("#f-uv", "value"), "10", "the input is kept");

    let saved = browser
        .post_form(
            &edit,
            &[
                ("uv", "1000"),
                ("buyers", "30"),
                ("sales", "3,030"),
                ("orders", ""),
                ("refunds", ""),
                ("pv", ""),
            ],
        )
        .await;
    saved.assert_status(303);
    let page = browser.get(saved.location()).await.page();
    assert_eq!(
        page.text("tr[data-date='2026-04-01'] td[data-field=sales]"),
        "3,030.00"
    );
    let april: (i64, String) = {
        let mut owner = app.db.owner().await;
        let row =
            sqlx::query_as("SELECT uv, sales::text FROM actual_month WHERE month = '2026-04-01'")
                .fetch_one(&mut owner)
                .await
                .unwrap();
        owner.close().await.unwrap();
        row
    };
    // The page groups thousands; the figures are the rollup's.
    assert_eq!(
        page.text("#month-total td[data-field=uv]").replace(',', ""),
        april.0.to_string()
    );
    assert_eq!(
        page.text("#month-total td[data-field=sales]")
            .replace(',', ""),
        april.1
    );
}

#[tokio::test]
async fn finance_records_spend_by_hand_and_sees_it_in_the_month() {
    let app = TestApp::spawn().await;
    let (admin, shop) = shop(&app).await;
    api_member(&app, &admin, "finance", "fin@example.com").await;
    let browser = browser_login(&app, "fin@example.com")
        .await
        .with_language("en");
    let page = browser
        .get(&format!("/shops/{shop}/actuals?month=2026-04"))
        .await
        .page();
    assert!(page.exists("#record-spend form"));
    assert!(
        !page.exists("#month-days a[href*='/actuals/2026']"),
        "finance edits no figures"
    );
    let path = format!("/shops/{shop}/spend");
    let bad = browser
        .post_form(
            &path,
            &[
                ("date", "2026-04-03"),
                ("category", "ztc"),
                ("amount", "-1"),
                ("attributed_sales", ""),
            ],
        )
        .await;
    bad.assert_status(422);
    assert!(bad.page().exists("#e-amount"));
    let ok = browser
        .post_form(
            &path,
            &[
                ("date", "2026-04-03"),
                ("category", "ztc"),
                ("amount", "1,200.50"),
                ("attributed_sales", ""),
            ],
        )
        .await;
    ok.assert_status(303);
    let page = browser.get(ok.location()).await.page();
    assert!(
        page.exists("#month-days th[data-category=ztc]"),
        "a column for the category"
    );
    assert!(
        page.texts("tr[data-date='2026-04-03'] td")
            .contains(&"1,200.50".to_string())
    );
}

#[tokio::test]
async fn viewers_see_figures_but_no_forms() {
    let app = TestApp::spawn().await;
    let (admin, shop) = shop(&app).await;
    import(&admin, &shop, "text/csv", SYCM_GBK).await;
    api_member(&app, &admin, "viewer", "viewer@example.com").await;
    let browser = browser_login(&app, "viewer@example.com").await;
    let page = browser.get(&format!("/shops/{shop}")).await.page();
    assert!(!page.exists("#upload-form"));
    assert!(!page.exists("#import-history form"));
    assert_eq!(page.count("#import-history tbody tr"), 1);
    let month = browser
        .get(&format!("/shops/{shop}/actuals?month=2026-05"))
        .await
        .page();
    assert_eq!(month.count("#month-days tbody tr"), 31);
    assert!(!month.exists("#record-spend"));
    browser
        .post_multipart(
            &format!("/shops/{shop}/uploads"),
            &[("kind", "actuals")],
            Some(("file", "s.csv", SYCM_GBK)),
        )
        .await
        .assert_status(403);
}

#[tokio::test]
async fn a_refused_file_brings_the_form_back_with_what_was_chosen() {
    let app = TestApp::spawn().await;
    let (_admin, shop) = shop(&app).await;
    let browser = browser_login(&app, "admin@example.com").await;
    // A spend report without a category column, uploaded without choosing one.
    let report = "日期,花费\n2026-04-01,100.00\n";
    let refused = browser
        .post_multipart(
            &format!("/shops/{shop}/uploads"),
            &[("kind", "spend"), ("category", "")],
            Some(("file", "report.csv", report.as_bytes())),
        )
        .await;
    assert!(refused.status.is_client_error(), "{}", refused.status);
    let page = refused.page();
    assert_eq!(
        page.attr("#upload-form #f-kind option[selected]", "value"),
        "spend"
    );
}
