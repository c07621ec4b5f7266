//! Faults: the database going away in the middle of a large import, a client going away in
//! the middle of an upload, two servers over one database. Nothing is half-written, no
//! request hangs, and nothing is served older than another server wrote.

use std::time::Duration;

use shopplan::{AppState, Config};

use crate::imports::new_shop;
use crate::support::accounts::{api_signup, browser_login};
use crate::support::proxy::Proxy;
use crate::support::{TestApp, db};

/// An organization-wide file of `shops` shops' days from 2018 to 2026.
fn large_file(shops: &[String]) -> String {
    let mut file = String::from("店铺,日期,访客数,支付买家数,支付金额\n");
    let first = chrono::NaiveDate::from_ymd_opt(2018, 1, 1).unwrap();
    for shop in shops {
        for day in 0..3000 {
            let date = first + chrono::Days::new(day);
            file.push_str(&format!(
                "{shop},{date},{},{},{}.50\n",
                1000 + day,
                30,
                3000 + day
            ));
        }
    }
    file
}

async fn stored_days(app: &TestApp) -> i64 {
    let mut owner = app.db.owner().await;
    sqlx::query_scalar("SELECT count(*) FROM daily_actual")
        .fetch_one(&mut owner)
        .await
        .unwrap()
}

#[tokio::test]
async fn the_database_going_away_mid_import_stores_nothing_and_the_import_runs_again() {
    let test_db = db::TestDb::create().await;
    let mut proxy = Proxy::start(crate::health::upstream()).await;
    let options = test_db
        .owner_options()
        .host("127.0.0.1")
        .port(proxy.addr.port());
    let pool = shopplan::db::app_pool_with(options, true, 4, Duration::from_millis(800));
    let state = AppState::new(pool, Config::from_lookup(|_| None).unwrap());
    let app = TestApp {
        router: shopplan::app(state.clone()),
        state,
        db: test_db,
    };
    let admin = api_signup(&app, "店", "wang@example.com").await;
    let mut shops = Vec::new();
    for i in 0..8 {
        shops.push(new_shop(&admin, &format!("店{i}")).await);
    }
    let file = large_file(&shops);

    let before = proxy.sent();
    let importing = {
        let api = admin.api.clone();
        let file = file.clone();
        tokio::spawn(async move {
            api.post_bytes("/api/v1/actuals", "text/csv", file.into_bytes())
                .await
        })
    };
    // Cut once a good part of the rows is on its way.
    for _ in 0..2000 {
        if proxy.sent() > before + 200_000 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
    proxy.cut();
    let answer = tokio::time::timeout(Duration::from_secs(30), importing)
        .await
        .expect("the import answered")
        .unwrap();
    assert_eq!(answer.status.as_u16(), 503, "{}", answer.text());
    assert_eq!(
        stored_days(&app).await,
        0,
        "nothing of the cut import is kept"
    );

    proxy.restore().await;
    let mut answer = None;
    for _ in 0..50 {
        let again = admin
            .api
            .post_bytes("/api/v1/actuals", "text/csv", file.clone().into_bytes())
            .await;
        if again.status.as_u16() != 503 {
            answer = Some(again);
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let answer = answer.expect("the import ran again once the database was back");
    answer.assert_status(200);
    assert_eq!(stored_days(&app).await, 8 * 3000);
}

#[tokio::test]
async fn a_client_going_away_mid_upload_stores_nothing_and_keeps_no_connection() {
    let app = TestApp::spawn().await;
    let admin = api_signup(&app, "店", "wang@example.com").await;
    let shop = new_shop(&admin, "店").await;
    for path in [
        "/api/v1/actuals".to_string(),
        format!("/api/v1/shops/{shop}/actuals"),
    ] {
        let answer = admin
            .api
            .send(
                axum::http::Method::POST,
                &path,
                Some("text/csv"),
                cut_off_upload(&shop),
            )
            .await;
        answer.assert_status(400);
        assert_eq!(answer.error_code(), "bad_request", "{path}");
    }
    assert_eq!(stored_days(&app).await, 0);
    // Every connection the uploads took is back in the pool, idle.
    for _ in 0..100 {
        if app.state.db.size() as usize == app.state.db.num_idle() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(app.state.db.size() as usize, app.state.db.num_idle());
    assert_eq!(app.state.imports.available(), 4);
}

/// Half of a shop's file, then the connection reset, as a client going away mid-upload.
fn cut_off_upload(shop: &str) -> axum::body::Body {
    let file = large_file(&[shop.to_string()]);
    let head = file[..file.len() / 2].to_string();
    let chunks: Vec<Result<axum::body::Bytes, std::io::Error>> = vec![
        Ok(axum::body::Bytes::from(head)),
        Err(std::io::Error::new(
            std::io::ErrorKind::ConnectionReset,
            "the client went away",
        )),
    ];
    axum::body::Body::from_stream(futures_util::stream::iter(chunks))
}

#[tokio::test]
async fn two_servers_over_one_database_share_sessions_and_tokens() {
    let first = TestApp::spawn().await;
    let second = first.second_server();
    let admin = api_signup(&first, "店", "wang@example.com").await;
    let browser = browser_login(&first, "wang@example.com").await;
    let session = browser.cookie("sp_session").expect("a session");
    let on_second = second.client();
    on_second.set_cookie("sp_session", &session);
    on_second.get("/shops").await.assert_status(200);
    second
        .client()
        .with_bearer(&admin.token)
        .get("/api/v1/shops")
        .await
        .assert_status(200);
    // Signed out through the second, the session is gone on the first too.
    on_second.post_form("/logout", &[]).await.assert_status(303);
    browser.get("/shops").await.assert_status(303);
}
