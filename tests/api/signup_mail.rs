//! Sign-up where mail is configured: a confirmation link to a new address, a note to the owner
//! of a known one, and the same answer for both; delivery through a real SMTP conversation,
//! kept through an SMTP server that is down, and once however many servers deliver.

use serde_json::json;
use shopplan::auth::signup::{self, Signup};
use shopplan::config::{MailConfig, SecretString};
use shopplan::db::mail::{self as outbox, QueuedMail};
use shopplan::notify::mail::{Mailer, deliver_due};

use crate::support::accounts::PASSWORD;
use crate::support::smtp::SmtpSink;
use crate::support::{Client, TestApp};

const SIGNUP_FORM: &str = "form[action='/signup']";

async fn sign_up_on_page(
    browser: &Client,
    organization: &str,
    email: &str,
) -> crate::support::Response {
    browser
        .submit(
            "/signup",
            SIGNUP_FORM,
            &[
                ("organization", organization),
                ("name", "王芳"),
                ("email", email),
                ("password", PASSWORD),
            ],
        )
        .await
}

/// The path and query of the confirmation link in `body`.
fn confirm_path(mail: &crate::support::smtp::Mail) -> String {
    let link = mail
        .link("http")
        .unwrap_or_else(|| panic!("no link in {}", mail.body));
    let at = link
        .find("/signup/confirm?token=")
        .expect("a confirmation link");
    link[at..].to_string()
}

#[tokio::test]
async fn a_new_address_gets_a_link_whose_page_creates_the_organization_once() {
    let sink = SmtpSink::start().await;
    let app = TestApp::with_mail(&sink).await;
    let browser = app.client();

    let sent = sign_up_on_page(&browser, "山野茶电商部", "Wang.Fang@Example.com").await;
    sent.assert_status(200);
    let page = sent.page();
    assert_eq!(page.text("#signup-sent .sent-to"), "wang.fang@example.com");
    assert!(browser.cookie("sp_session").is_none(), "not signed in yet");

    let mails = sink.wait_for(1).await;
    assert_eq!(mails[0].to, ["wang.fang@example.com"]);
    assert_eq!(mails[0].subject, "请确认您的 ShopPlan 注册");
    assert!(mails[0].body.contains("山野茶电商部"), "{}", mails[0].body);
    assert!(mails[0].message_id.ends_with("@plan.example.com>"));
    let path = confirm_path(&mails[0]);

    // Opening the link shows what it will create and uses nothing up.
    for _ in 0..2 {
        let page = browser.get(&path).await.assert_status(200).page();
        assert_eq!(page.text("#signup-confirm .organization"), "山野茶电商部");
        assert_eq!(page.text("#signup-confirm .email"), "wang.fang@example.com");
    }
    let created = browser.submit(&path, "#signup-confirm form", &[]).await;
    created.assert_status(303);
    assert_eq!(created.location(), "/");
    let me = browser.get("/account").await.assert_status(200).page();
    assert!(me.text("header").contains("山野茶电商部"));

    // The link is used up; its page says so and offers sign-up again.
    let used = app.client().get(&path).await;
    used.assert_status(404);
    assert!(used.page().exists("#signup-confirm a[href='/signup']"));
    let again = app
        .client()
        .post_form(
            "/signup/confirm",
            &[("token", &path[path.find('=').unwrap() + 1..])],
        )
        .await;
    again.assert_status(404);

    // The password chosen at sign-up is the one that signs in.
    app.client()
        .post_form(
            "/login",
            &[("email", "wang.fang@example.com"), ("password", PASSWORD)],
        )
        .await
        .assert_status(303);
}

#[tokio::test]
async fn a_known_address_gets_the_same_answer_and_its_owner_a_note() {
    let sink = SmtpSink::start().await;
    let app = TestApp::with_mail(&sink).await;
    let owner = Signup {
        organization: "已有组织".into(),
        name: "李雷".into(),
        email: "li.lei@example.com".into(),
        password: PASSWORD.into(),
    };
    signup::sign_up_now(&app.state.signup(), owner, "127.0.0.1")
        .await
        .unwrap();

    let new = sign_up_on_page(&app.client(), "新组织", "han.meimei@example.com").await;
    let known = sign_up_on_page(&app.client(), "新组织", "li.lei@example.com").await;
    assert_eq!(new.status, known.status);
    assert_eq!(
        new.text().replace("han.meimei@example.com", "ADDRESS"),
        known.text().replace("li.lei@example.com", "ADDRESS"),
        "the page must not tell a known address from a new one"
    );
    let api = |email: &str| json!({"organization": "新组织", "name": "韩梅梅", "email": email, "password": "another long passphrase"});
    let new = app
        .client()
        .post_json("/api/v1/signup", &api("new.person@example.com"))
        .await;
    let known = app
        .client()
        .post_json("/api/v1/signup", &api("li.lei@example.com"))
        .await;
    new.assert_status(202);
    known.assert_status(202);
    assert_eq!(
        known.json(),
        json!({"status": "confirmation_sent", "email": "li.lei@example.com"})
    );

    let mails = sink.wait_for(4).await;
    let to_owner: Vec<_> = mails
        .iter()
        .filter(|m| m.to == ["li.lei@example.com"])
        .collect();
    assert_eq!(to_owner.len(), 2);
    for note in &to_owner {
        assert!(!note.body.contains("/signup/confirm"), "{}", note.body);
        assert!(
            note.link("http").unwrap().ends_with("/login"),
            "{}",
            note.body
        );
    }
    assert_eq!(to_owner[0].subject, "有人用您的邮箱注册 ShopPlan");
    assert_eq!(
        to_owner[1].subject,
        "Someone tried to sign up to ShopPlan with your address"
    );

    // Nothing changed for the owner: the old password still signs in, the new one does not.
    let login = |password: &'static str| {
        let client = app.client();
        async move {
            let body = json!({"email": "li.lei@example.com", "password": password});
            client
                .post_json("/api/v1/tokens", &body)
                .await
                .status
                .as_u16()
        }
    };
    assert_eq!(login(PASSWORD).await, 201);
    assert_eq!(login("another long passphrase").await, 401);
}

#[tokio::test]
async fn the_api_confirms_a_mailed_token_once_and_the_token_it_gives_works() {
    let sink = SmtpSink::start().await;
    let app = TestApp::with_mail(&sink).await;
    let body = json!({"organization": "API 组织", "name": "赵六", "email": "zhao@example.com", "password": PASSWORD});
    let pending = app
        .client()
        .with_language("en")
        .post_json("/api/v1/signup", &body)
        .await;
    pending.assert_status(202);
    let mail = sink.wait_for(1).await.remove(0);
    assert_eq!(mail.subject, "Confirm your ShopPlan sign-up");
    let path = confirm_path(&mail);
    let token = &path[path.find('=').unwrap() + 1..];

    let created = app
        .client()
        .post_json("/api/v1/signup/confirm", &json!({"token": token}))
        .await;
    created.assert_status(201);
    let api_token = created.json()["token"].as_str().unwrap().to_string();
    let me = app.client().with_bearer(&api_token).get("/api/v1/me").await;
    me.assert_status(200);
    assert_eq!(me.json()["user"]["email"], "zhao@example.com");
    // The language of the sign-up is the member's.
    let page = crate::support::accounts::browser_login(&app, "zhao@example.com")
        .await
        .get("/account")
        .await
        .page();
    assert_eq!(page.lang(), "en");

    app.client()
        .post_json("/api/v1/signup/confirm", &json!({"token": token}))
        .await
        .assert_status(404);
}

#[tokio::test]
async fn a_link_page_without_a_good_token_is_a_page_not_an_error() {
    let sink = SmtpSink::start().await;
    let app = TestApp::with_mail(&sink).await;
    for path in ["/signup/confirm", "/signup/confirm?token=nonsense"] {
        let answer = app.client().with_language("en").get(path).await;
        answer.assert_status(404);
        let page = answer.page();
        assert_eq!(page.text("h1"), "This link cannot be used");
        assert!(page.exists("#signup-confirm a[href='/signup']"));
    }
}

#[tokio::test]
async fn one_address_is_mailed_at_most_three_times_an_hour() {
    let sink = SmtpSink::start().await;
    let app = TestApp::with_mail(&sink).await;
    for i in 0..5u8 {
        let browser = app.client().with_ip([10, 0, 0, i]);
        sign_up_on_page(&browser, "组织", "target@example.com")
            .await
            .assert_status(200);
    }
    sink.wait_for(3).await;
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    assert_eq!(sink.received().len(), 3);
}

fn mailer_to(url: String) -> Mailer {
    Mailer::new(&MailConfig {
        smtp_url: SecretString::new(url),
        from: "ShopPlan <noreply@plan.example.com>".into(),
    })
    .unwrap()
}

async fn queue_mails(app: &TestApp, n: usize) {
    let mut tx = app.state.db.begin().await.unwrap();
    for i in 0..n {
        let recipient = format!("person{i}@example.com");
        let mail = QueuedMail {
            tenant: None,
            kind: "test",
            recipient: &recipient,
            subject: "测试",
            body: "正文",
        };
        outbox::queue(&mut tx, &mail).await.unwrap();
    }
    tx.commit().await.unwrap();
}

#[tokio::test]
async fn an_smtp_server_that_is_down_delays_mail_but_loses_none() {
    let app = TestApp::spawn().await;
    queue_mails(&app, 2).await;
    // Nothing listens at this port any more.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let down = mailer_to(format!("smtp://{}", closed.local_addr().unwrap()));
    drop(closed);
    assert_eq!(deliver_due(&app.state.db, &down).await.unwrap(), 2);

    let mut owner = app.db.owner().await;
    let waiting: Vec<(i32, Option<String>, bool)> = sqlx::query_as(
        "SELECT attempts, last_error, next_attempt_at > now() FROM mail_outbox WHERE sent_at IS NULL",
    )
    .fetch_all(&mut owner)
    .await
    .unwrap();
    assert_eq!(waiting.len(), 2);
    for (attempts, error, later) in waiting {
        assert_eq!(attempts, 1);
        assert!(error.is_some_and(|e| !e.is_empty()));
        assert!(later, "retried after a pause, not at once");
    }
    // Not due yet: nothing is tried again at once.
    assert_eq!(deliver_due(&app.state.db, &down).await.unwrap(), 0);

    // When the pause is over and the server is back, both go.
    sqlx::query("UPDATE mail_outbox SET next_attempt_at = now()")
        .execute(&mut owner)
        .await
        .unwrap();
    let sink = SmtpSink::start().await;
    assert_eq!(
        deliver_due(&app.state.db, &mailer_to(sink.url()))
            .await
            .unwrap(),
        2
    );
    assert_eq!(sink.received().len(), 2);
    let unsent: i64 = sqlx::query_scalar("SELECT count(*) FROM mail_outbox WHERE sent_at IS NULL")
        .fetch_one(&mut owner)
        .await
        .unwrap();
    assert_eq!(unsent, 0);
}

#[tokio::test]
async fn two_servers_delivering_at_once_send_each_message_once() {
    let app = TestApp::spawn().await;
    let second = app.second_server();
    queue_mails(&app, 40).await;
    let sink = SmtpSink::start().await;
    let (a, b) = (mailer_to(sink.url()), mailer_to(sink.url()));
    let (sent_a, sent_b) = tokio::join!(
        deliver_due(&app.state.db, &a),
        deliver_due(&second.state.db, &b)
    );
    assert_eq!(sent_a.unwrap() + sent_b.unwrap(), 40);
    let mut ids: Vec<String> = sink.received().into_iter().map(|m| m.message_id).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 40);
    assert_eq!(sink.received().len(), 40);
}

#[tokio::test]
async fn the_request_role_reads_neither_the_outbox_nor_pending_sign_ups() {
    let sink = SmtpSink::start().await;
    let app = TestApp::with_mail(&sink).await;
    sign_up_on_page(&app.client(), "组织", "someone@example.com")
        .await
        .assert_status(200);
    sink.wait_for(1).await;
    let mut conn = app.state.db.acquire().await.unwrap();
    for table in ["mail_outbox", "signup_request"] {
        let seen: i64 =
            sqlx::query_scalar(sqlx::AssertSqlSafe(format!("SELECT count(*) FROM {table}")))
                .fetch_one(&mut *conn)
                .await
                .unwrap_or(-1);
        assert!(seen <= 0, "{table} is readable by the request role");
    }
}
