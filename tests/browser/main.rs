//! Browser tests: a real Chromium, driven through chromedriver, against the real server on a
//! real PostgreSQL database. What a person does: sign up, set up a shop and its plan, upload
//! the platform's export, read the dashboard, invite a manager who approves.
//!
//! Needs Chromium and chromedriver (`scripts/chromium.sh` installs them from Debian).

#[path = "../api/support/db.rs"]
#[allow(dead_code)]
mod db;
mod webdriver;

use shopplan::{AppState, Config};
use webdriver::{Browser, Driver};

/// The product on a port of its own, over a fresh database.
struct Server {
    base: String,
    _db: db::TestDb,
}

async fn server() -> Server {
    let db = db::TestDb::create().await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let mut config = Config::from_lookup(|_| None).expect("default config");
    config.bind_addr = addr;
    let state = AppState::new(db.app_pool(), config);
    tokio::spawn(shopplan::app::serve(listener, state));
    Server {
        base: format!("http://{addr}"),
        _db: db,
    }
}

const PASSWORD: &str = "a browser-typed passphrase";

fn sample(name: &str) -> String {
    format!("{}/src/demo/samples/{name}", env!("CARGO_MANIFEST_DIR"))
}

/// Submits the form holding `field` (by its submit button).
async fn submit(b: &Browser, form: &str) {
    b.click(&format!("{form} button[type=submit]")).await;
}

/// Sets a `<input type=month>` as its picker would.
async fn set_month(b: &Browser, id: &str, value: &str) {
    b.script(&format!(
        "document.getElementById('{id}').value = '{value}';"
    ))
    .await;
}

async fn sign_up(b: &Browser, s: &Server, email: &str) {
    b.goto(&format!("{}/signup", s.base)).await;
    b.fill("#f-organization", "喜庆婚品电商部").await;
    b.fill("#f-name", "王经理").await;
    b.fill("#f-email", email).await;
    b.fill("#f-password", PASSWORD).await;
    submit(b, "form.form").await;
    b.wait_to_leave("/signup").await;
}

/// Creates the shop and its spring-quarter plan through the forms; returns the plan's path.
async fn shop_and_plan(b: &Browser, s: &Server) -> String {
    b.goto(&format!("{}/shops/new", s.base)).await;
    b.fill("#f-name", "喜庆婚品淘宝店").await;
    b.select("#f-platform", "taobao").await;
    submit(b, "form.form").await;
    b.wait_to_leave("/shops/new").await;
    b.fill("#f-name", "2026 第二季度").await;
    set_month(b, "f-start_month", "2026-04").await;
    set_month(b, "f-end_month", "2026-06").await;
    b.fill("#f-roi_target_min", "3").await;
    b.fill("#f-roi_target_max", "5").await;
    b.click("#new-plan button[type=submit]").await;
    let url = b.wait_for_url("/plans/").await;
    url.trim_start_matches(&s.base)
        .split(['?', '#'])
        .next()
        .unwrap()
        .to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_operator_sets_up_a_shop_plans_it_uploads_the_export_and_reads_the_dashboard() {
    let s = server().await;
    let driver = Driver::start().await;
    let b = driver.session("zh-CN").await;
    sign_up(&b, &s, "wang@example.com").await;
    // The session cookie is HttpOnly and SameSite=Lax.
    let cookies = b.cookies().await;
    let session = cookies
        .iter()
        .find(|c| c["name"] == "sp_session")
        .expect("a session cookie");
    assert_eq!(session["httpOnly"], true, "{session}");
    assert_eq!(session["sameSite"], "Lax", "{session}");
    assert!(b.exists("html[lang=zh-CN]").await);

    let plan = shop_and_plan(&b, &s).await;
    // Targets in the grid: April's UV, conversion and AOV; sales follow.
    b.goto(&format!("{}{plan}/targets", s.base)).await;
    b.fill("input[name='uv.2026-04']", "72000").await;
    b.fill("input[name='cr.2026-04']", "3%").await;
    b.fill("input[name='aov.2026-04']", "120").await;
    submit(&b, "#targets-form").await;
    b.wait_for_url("notice=").await;
    let page = b.text("main").await;
    assert!(
        page.contains("259,200.00"),
        "72,000 × 3% × 120 on the plan page"
    );

    // The shop's 生意参谋 export, GBK with title lines, through the upload form.
    let shop = b
        .find(".page-head a[href^='/shops/']:not([href='/shops'])")
        .await;
    let shop_href = b.attribute(&shop, "href").await.unwrap();
    b.goto(&format!("{}{shop_href}", s.base)).await;
    b.fill("#f-file", &sample("sycm-daily-2026Q2.gbk.csv"))
        .await;
    b.select("#f-kind", "actuals").await;
    submit(&b, "#upload-form").await;
    b.find("#preview-confirm").await;
    let preview = b.text("main").await;
    assert!(preview.contains("2026-04-01"), "{preview}");
    assert!(preview.contains("2026-06-30"), "{preview}");
    assert!(
        preview.contains("91"),
        "ninety-one days in the preview: {preview}"
    );
    b.click("#preview-confirm form:first-child button").await;
    b.wait_for_url("notice=import-done").await;
    assert_eq!(b.all("#import-history tbody tr").await.len(), 1);

    // The dashboard shows April's sales as the file has them.
    b.goto(&format!("{}{plan}/dashboard?as_of=2026-06-30", s.base))
        .await;
    let april = b
        .text("tr[data-month='2026-04'] td[data-field='actual-sales']")
        .await;
    assert_eq!(april, "288,768.94");
    assert!(b.exists("#chart-sales").await, "the sales chart is drawn");
    let visible = b
        .script("const r = document.querySelector('#chart-sales').getBoundingClientRect(); return r.width > 300 && r.height > 100;")
        .await;
    assert_eq!(visible, true);

    // The interface switches to English and stays so.
    b.click("form[action='/language'] button[lang='en']").await;
    b.wait_for_url("/dashboard").await;
    assert!(b.exists("html[lang=en]").await);
    b.goto(&format!("{}/", s.base)).await;
    assert!(b.exists("html[lang=en]").await);
    b.quit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_manager_joins_by_invitation_and_approves_the_plan() {
    let s = server().await;
    let driver = Driver::start().await;
    let b = driver.session("zh-CN").await;
    sign_up(&b, &s, "boss@example.com").await;
    let plan = shop_and_plan(&b, &s).await;
    b.goto(&format!("{}{plan}", s.base)).await;
    b.click(&format!("form[action='{plan}/submit'] button"))
        .await;
    b.wait_for_url("notice=plan-submitted").await;

    // The admin invites a manager; the link is shown to pass on.
    b.goto(&format!("{}/members", s.base)).await;
    b.fill("#f-email", "li@example.com").await;
    b.select("#f-role", "manager").await;
    b.click("form[action='/members/invite'] button[type=submit]")
        .await;
    let link = b.find("#invitation-link input").await;
    let link = b.attribute(&link, "value").await.unwrap();
    assert!(link.contains("/invitations/"), "{link}");

    // The manager opens it in a browser of their own (no session), joins and approves.
    b.delete_cookies().await;
    let path = &link[link.find("/invitations/").unwrap()..];
    b.goto(&format!("{}{path}", s.base)).await;
    b.fill("#f-name", "李经理").await;
    b.fill("#f-password", PASSWORD).await;
    submit(&b, "form.form").await;
    b.wait_to_leave("/invitations/").await;
    b.goto(&format!("{}{plan}", s.base)).await;
    b.fill("#f-approve-comment", "目标合理，同意。").await;
    b.click(&format!("form[action='{plan}/approve'] button"))
        .await;
    b.wait_for_url("notice=plan-approved").await;
    assert_eq!(b.text("#plan-status").await, "已批准");

    // Archiving a shop asks first (the page's one script), then does it.
    let shop = b
        .find(".page-head a[href^='/shops/']:not([href='/shops'])")
        .await;
    let shop_href = b.attribute(&shop, "href").await.unwrap();
    b.goto(&format!("{}{shop_href}", s.base)).await;
    b.click(&format!("form[action='{shop_href}/archive'] button"))
        .await;
    b.accept_dialog().await;
    b.wait_for_url("notice=shop-archived").await;
    b.quit().await;
}
