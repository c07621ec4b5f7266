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
    b.journey("operator", operator_journey(&b, &s)).await;
    b.quit().await;
}

async fn operator_journey(b: &Browser, s: &Server) {
    sign_up(b, s, "wang@example.com").await;
    // The session cookie is HttpOnly and SameSite=Lax.
    let cookies = b.cookies().await;
    let session = cookies
        .iter()
        .find(|c| c.name() == "sp_session")
        .expect("a session cookie");
    assert_eq!(session.http_only(), Some(true), "{session}");
    assert_eq!(
        format!("{:?}", session.same_site()),
        "Some(Lax)",
        "{session}"
    );
    assert!(b.exists("html[lang=zh-CN]").await);

    let plan = shop_and_plan(b, s).await;
    // The split helper: a total, weights for the three months, a conversion rate and an
    // AOV; the proposal fills the grid, and saving the grid keeps it.
    b.goto(&format!("{}{plan}/targets", s.base)).await;
    b.fill("[id='f-split.total']", "300万").await;
    b.select("#f-split-method", "weights").await;
    b.fill("[id='f-split.weights']", "20/40/40").await;
    b.fill("[id='f-split.conversion_rate']", "2%").await;
    b.fill("[id='f-split.aov']", "100").await;
    b.click("#split button[type=submit]").await;
    b.find("#proposed").await;
    // April: 20% of 3,000,000 at 2% and 100 yuan is 300,000 visitors.
    assert_eq!(b.value("input[name='uv.2026-04']").await, "300000");
    assert_eq!(b.value("input[name='uv.2026-05']").await, "600000");
    submit(b, "#targets-form").await;
    b.wait_for_url("notice=").await;
    assert!(
        b.text("main").await.contains("3,000,000.00"),
        "the split total is saved"
    );

    // Targets in the grid: April's UV, conversion and AOV; sales follow.
    b.goto(&format!("{}{plan}/targets", s.base)).await;
    b.fill("input[name='uv.2026-04']", "72000").await;
    b.fill("input[name='cr.2026-04']", "3%").await;
    b.fill("input[name='aov.2026-04']", "120").await;
    submit(b, "#targets-form").await;
    b.wait_for_url("notice=").await;
    let page = b.text("main").await;
    assert!(
        page.contains("259,200.00"),
        "72,000 × 3% × 120 on the plan page"
    );

    // Budgets: a column chosen from the page's list, then filled and saved.
    b.goto(&format!("{}{plan}/budgets", s.base)).await;
    b.choose("#f-add-category", "直通车").await;
    b.click("form.add-column button[type=submit]").await;
    b.find("#budgets-grid th[data-category='ztc']").await;
    b.choose("#f-add-category", "淘宝客").await;
    b.click("form.add-column button[type=submit]").await;
    b.find("#budgets-grid th[data-category='taoke']").await;
    assert!(
        b.exists("#budgets-grid th[data-category='ztc']").await,
        "the first column stays"
    );
    b.fill("input[name='amount.2026-04.ztc']", "1.5万").await;
    b.fill("input[name='amount.2026-05.taoke']", "8000").await;
    submit(b, "#budgets-form").await;
    b.wait_for_url("notice=plan-saved").await;
    let page = b.text("main").await;
    assert!(page.contains("15,000.00"), "April's 直通车 budget: {page}");

    // The shop's 生意参谋 export, GBK with title lines, through the upload form.
    let shop = b
        .find(".page-head a[href^='/shops/']:not([href='/shops'])")
        .await;
    let shop_href = b.attribute(&shop, "href").await.unwrap();
    b.goto(&format!("{}{shop_href}", s.base)).await;
    b.fill("#f-file", &sample("sycm-daily-2026Q2.gbk.csv"))
        .await;
    b.select("#f-kind", "actuals").await;
    submit(b, "#upload-form").await;
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
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_manager_joins_by_invitation_approves_the_plan_passes_a_gate_and_keeps_it_through_a_revision()
 {
    let s = server().await;
    let driver = Driver::start().await;
    let admin = driver.session("zh-CN").await;
    // The manager works in a browser of their own.
    let manager = driver.session("zh-CN").await;
    let journeys = async {
        let plan = admin_plans_and_invites(&admin, &s, &manager).await;
        manager
            .journey("manager", manager_journey(&admin, &manager, &s, &plan))
            .await;
    };
    admin.journey("admin", journeys).await;
    admin.quit().await;
    manager.quit().await;
}

/// The admin signs up, plans, submits and invites the manager, who joins; returns the plan.
async fn admin_plans_and_invites(b: &Browser, s: &Server, manager: &Browser) -> String {
    sign_up(b, s, "boss@example.com").await;
    let plan = shop_and_plan(b, s).await;
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

    let path = &link[link.find("/invitations/").unwrap()..];
    manager.goto(&format!("{}{path}", s.base)).await;
    manager.fill("#f-name", "李经理").await;
    manager.fill("#f-password", PASSWORD).await;
    submit(manager, "form.form").await;
    manager.wait_to_leave("/invitations/").await;
    plan
}

async fn manager_journey(admin: &Browser, b: &Browser, s: &Server, plan: &str) {
    b.goto(&format!("{}{plan}", s.base)).await;
    b.fill("#f-approve-comment", "目标合理，同意。").await;
    b.click(&format!("form[action='{plan}/approve'] button"))
        .await;
    b.wait_for_url("notice=plan-approved").await;
    assert_eq!(b.text("#plan-status").await, "已批准");

    // The first phase's gate, passed from the manager view with a comment.
    b.goto(&format!("{}/manager", s.base)).await;
    let id = plan.trim_start_matches("/plans/");
    let gate = b
        .find(&format!("#gates article.gate[data-plan='{id}']"))
        .await;
    let kind = b.attribute(&gate, "data-phase").await.unwrap();
    let form = format!("form[action='{plan}/phases/{kind}/gate']");
    b.fill(&format!("{form} input[name=comment]"), "筹备完成，签字。")
        .await;
    b.click(&format!("{form} button[value=approve]")).await;
    b.wait_for_url("/manager").await;
    let passed = format!("#phase-{kind} .badge.gate-approved");
    b.goto(&format!("{}{plan}", s.base)).await;
    b.find(&passed).await;

    // The admin revises the approved plan mid-season and submits the revision.
    admin.goto(&format!("{}{plan}", s.base)).await;
    admin.fill("#f-reason", "双11 提前备货").await;
    admin
        .click(&format!(
            "form[action='{plan}/revisions'] button[type=submit]"
        ))
        .await;
    let revision = admin.wait_to_leave(plan).await;
    let revision = revision.trim_start_matches(&s.base);
    let revision = revision.split(['?', '#']).next().unwrap().to_string();
    admin
        .click(&format!("form[action='{revision}/submit'] button"))
        .await;
    admin.wait_for_url("notice=plan-submitted").await;

    // The manager approves it; the gate passed on the first revision is still passed.
    b.goto(&format!("{}{revision}", s.base)).await;
    b.click(&format!("form[action='{revision}/approve'] button"))
        .await;
    b.wait_for_url("notice=plan-approved").await;
    b.find(&passed).await;
    assert!(
        b.text(&format!("#phase-{kind}"))
            .await
            .contains("筹备完成，签字。"),
        "the sign-off's comment is kept"
    );
    b.goto(&format!("{}/manager", s.base)).await;
    let id = revision.trim_start_matches("/plans/");
    let waiting =
        format!("#gates article.gate[data-plan='{id}'][data-phase='{kind}'] .badge.gate-pending");
    assert!(!b.exists(&waiting).await, "the passed gate waits again");

    // Archiving a shop asks first (the page's one script), then does it.
    b.goto(&format!("{}{revision}", s.base)).await;
    let shop = b
        .find(".page-head a[href^='/shops/']:not([href='/shops'])")
        .await;
    let shop_href = b.attribute(&shop, "href").await.unwrap();
    b.goto(&format!("{}{shop_href}", s.base)).await;
    b.click(&format!("form[action='{shop_href}/archive'] button"))
        .await;
    b.accept_dialog().await;
    b.wait_for_url("notice=shop-archived").await;
}
