//! Liveness, readiness (including while the database is unreachable), metrics, and the
//! headers every response carries.

use std::net::SocketAddr;
use std::time::Duration;

use shopplan::{AppState, Config};

use crate::support::proxy::Proxy;
use crate::support::{TestApp, db};

#[tokio::test]
async fn healthz_answers_while_the_process_runs() {
    let app = TestApp::spawn().await;
    let response = app.client().get("/healthz").await;
    response.assert_status(200);
    assert_eq!(response.text(), "ok");
}

#[tokio::test]
async fn readyz_answers_200_when_the_database_answers() {
    let app = TestApp::spawn().await;
    app.client().get("/readyz").await.assert_status(200);
}

pub(crate) fn upstream() -> SocketAddr {
    let options = db::server_options();
    let host = options.get_host();
    let ip = if host.starts_with('/') || host == "localhost" {
        "127.0.0.1"
    } else {
        host
    };
    format!("{ip}:{}", options.get_port())
        .parse()
        .expect("PostgreSQL reachable over TCP for the proxy test")
}

#[tokio::test]
async fn readyz_fails_while_the_database_is_unreachable_and_recovers_without_restart() {
    let test_db = db::TestDb::create().await;
    let mut proxy = Proxy::start(upstream()).await;
    let options = test_db
        .owner_options()
        .host("127.0.0.1")
        .port(proxy.addr.port());
    let pool = shopplan::db::app_pool_with(options, true, 3, Duration::from_millis(800));
    let config = Config::from_lookup(|_| None).unwrap();
    let state = AppState::new(pool, config);
    let app = crate::support::TestApp {
        router: shopplan::app(state.clone()),
        state,
        db: test_db,
    };
    let client = app.client();

    client.get("/readyz").await.assert_status(200);

    proxy.cut();
    client.get("/readyz").await.assert_status(503);

    proxy.restore().await;
    // The pool reconnects on its own; no new application is built.
    let mut ready = false;
    for _ in 0..50 {
        if client.get("/readyz").await.status == 200 {
            ready = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(ready, "readyz did not recover after the database came back");
}

#[tokio::test]
async fn metrics_count_requests_by_route_pattern() {
    let app = TestApp::spawn().await;
    let client = app.client();
    client.get("/healthz").await.assert_status(200);
    client.get("/no/such/page").await.assert_status(404);
    let response = client.clone().with_ip([127, 0, 0, 1]).get("/metrics").await;
    response.assert_status(200);
    let text = response.text();
    assert!(
        text.contains(
            r#"shopplan_http_requests_total{method="GET",route="/healthz",status="200"} 1"#
        ),
        "{text}"
    );
    assert!(text.contains(r#"route="unmatched",status="404""#), "{text}");
    assert!(text.contains("shopplan_http_request_duration_seconds_bucket"));
    assert!(text.contains("shopplan_db_connections{state=\"open\"}"));
}

#[tokio::test]
async fn metrics_are_for_the_allowed_addresses_or_the_token_and_stay_the_same_size() {
    let app = TestApp::spawn_with(|c| {
        c.metrics_token = Some(shopplan::config::SecretString::new("scrape-secret-1234"));
    })
    .await;
    let stranger = app.client();
    stranger.get("/metrics").await.assert_status(404);
    stranger
        .clone()
        .with_bearer("wrong")
        .get("/metrics")
        .await
        .assert_status(404);
    let scraper = app.client().with_bearer("scrape-secret-1234");
    let before = scraper.get("/metrics").await;
    before.assert_status(200);
    // Invented methods and paths by the thousand add no series.
    let invent = |prefix: &'static str| {
        let stranger = stranger.clone();
        async move {
            for i in 0..2000 {
                let method = format!("{prefix}{i}");
                let method = axum::http::Method::from_bytes(method.as_bytes()).unwrap();
                let path = format!("/no/such/{prefix}/{i}");
                stranger
                    .send(method, &path, None, axum::body::Body::empty())
                    .await;
            }
        }
    };
    invent("X").await;
    let first = scraper.get("/metrics").await.text();
    invent("Y").await;
    let second = scraper.get("/metrics").await.text();
    let series = |text: &str| text.lines().filter(|l| !l.starts_with('#')).count();
    assert_eq!(series(&first), series(&second), "{second}");
    assert!(
        second.contains(r#"method="other",route="unmatched""#),
        "{second}"
    );
}

#[tokio::test]
async fn every_response_carries_a_request_id_and_the_security_headers() {
    let app = TestApp::spawn().await;
    for path in ["/", "/healthz", "/missing", "/api/v1/missing"] {
        let response = app.client().get(path).await;
        assert!(
            response
                .header("x-request-id")
                .is_some_and(|v| v.len() >= 32),
            "{path}"
        );
        let csp = response.header("content-security-policy").unwrap_or("");
        assert!(csp.contains("frame-ancestors 'none'"), "{path}: {csp}");
        assert!(csp.contains("script-src 'self'"), "{path}: {csp}");
        assert!(!csp.contains("unsafe-inline"), "{path}: {csp}");
        assert_eq!(response.header("x-content-type-options"), Some("nosniff"));
        assert_eq!(
            response.header("referrer-policy"),
            Some("strict-origin-when-cross-origin")
        );
    }
}

#[tokio::test]
async fn pages_are_gzipped_for_speed_when_asked_and_read_back_the_same() {
    use std::io::Read;

    let app = TestApp::spawn().await;
    let plain = app.client().get("/login").await;
    plain.assert_status(200);
    assert_eq!(plain.header("content-encoding"), None);
    let zipped = app.client().with_encoding("gzip, br").get("/login").await;
    zipped.assert_status(200);
    assert_eq!(zipped.header("content-encoding"), Some("gzip"));
    assert!(
        zipped.body.len() < plain.body.len(),
        "{}",
        zipped.body.len()
    );
    // The gzip header's extra flags: 4 marks the fastest compression (the default level
    // would write 0).
    assert_eq!(&zipped.body[..3], &[0x1f, 0x8b, 8]);
    assert_eq!(zipped.body[8], 4);
    let mut text = String::new();
    flate2::read::GzDecoder::new(&zipped.body[..])
        .read_to_string(&mut text)
        .expect("a gzip body");
    assert_eq!(text, plain.text());
}

#[tokio::test]
async fn a_signed_in_page_shows_a_clear_error_while_the_database_is_away_and_recovers() {
    let test_db = db::TestDb::create().await;
    let mut proxy = Proxy::start(upstream()).await;
    let options = test_db
        .owner_options()
        .host("127.0.0.1")
        .port(proxy.addr.port());
    let pool = shopplan::db::app_pool_with(options, true, 3, Duration::from_millis(800));
    let state = AppState::new(pool, Config::from_lookup(|_| None).unwrap());
    let app = crate::support::TestApp {
        router: shopplan::app(state.clone()),
        state,
        db: test_db,
    };
    let browser = crate::support::accounts::browser_signup(&app, "店", "wang@example.com")
        .await
        .with_language("en");
    browser.get("/members").await.assert_status(200);

    proxy.cut();
    let response = browser.get("/members").await;
    response.assert_status(503);
    let page = response.page();
    assert_eq!(page.text(".error-page h1"), "The database is not reachable");
    assert!(
        page.text(".error-page .lead")
            .contains("Nothing was changed")
    );
    assert!(response.header("retry-after").is_some());

    proxy.restore().await;
    let mut back = false;
    for _ in 0..50 {
        if browser.get("/members").await.status == 200 {
            back = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(back, "the page did not come back with the database");
}
