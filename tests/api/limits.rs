//! Bounded work: files that ask the readers for far more than they hold are refused with the
//! bound named, by every path an upload takes, forty at a time, and the server goes on.

use futures_util::future::join_all;

use crate::imports::{XLSX_TYPE, shop};
use crate::support::TestApp;
use crate::support::accounts::browser_login;

const XFD: &[u8] = include_bytes!("../fixtures/hostile/cell-at-xfd1048576.xlsx");
const ROWS_XLS: &[u8] = include_bytes!("../fixtures/hostile/four-billion-rows.xls");

#[tokio::test]
async fn a_workbook_bomb_is_refused_by_the_api_forty_at_a_time_naming_the_bound() {
    let app = TestApp::spawn().await;
    let (admin, shop) = shop(&app).await;
    let paths = [
        format!("/api/v1/shops/{shop}/actuals"),
        format!("/api/v1/shops/{shop}/spend?category=ztc"),
        "/api/v1/actuals".to_string(),
    ];
    let requests = (0..40).map(|i| {
        let (bytes, kind) = if i % 2 == 0 {
            (XFD, XLSX_TYPE)
        } else {
            (ROWS_XLS, "application/vnd.ms-excel")
        };
        admin.api.post_bytes(&paths[i % 3], kind, bytes.to_vec())
    });
    // Each is refused for its size, or told to come back when more of them arrive at once
    // than there are places to read files and room to wait for one.
    let mut refused = 0;
    for response in join_all(requests).await {
        match response.status.as_u16() {
            422 => {
                assert_eq!(response.error_code(), "file_too_large");
                let message = response.json()["error"]["message"]
                    .as_str()
                    .unwrap()
                    .to_string();
                assert!(
                    message.contains("256")
                        || message.contains("1,048,576")
                        || message.contains("1048576"),
                    "{message}"
                );
                refused += 1;
            }
            503 => assert_eq!(response.error_code(), "busy"),
            other => panic!("unexpected {other}: {}", response.text()),
        }
    }
    assert!(refused >= 2, "only {refused} were read");
    // Still serving, and nothing was stored.
    let listed = admin.api.get(&format!("/api/v1/shops/{shop}")).await;
    listed.assert_status(200);
    let mut owner = app.db.owner().await;
    let stored: i64 = sqlx::query_scalar("SELECT count(*) FROM daily_actual")
        .fetch_one(&mut owner)
        .await
        .unwrap();
    assert_eq!(stored, 0);
}

#[tokio::test]
async fn a_workbook_bomb_uploaded_through_the_form_shows_the_form_again_with_the_bound() {
    let app = TestApp::spawn().await;
    let (_, shop) = shop(&app).await;
    let browser = browser_login(&app, "admin@example.com")
        .await
        .with_language("en");
    let response = browser
        .post_multipart(
            &format!("/shops/{shop}/uploads"),
            &[("kind", "actuals")],
            Some(("file", "店铺整体.xlsx", XFD)),
        )
        .await;
    response.assert_status(422);
    let page = response.page();
    assert!(page.exists("#upload-form"));
    assert!(
        page.text(".alert-error").contains("at most 256 columns"),
        "{}",
        page.text(".alert-error")
    );
}

/// A request to `path` whose body arrives only when the returned sender is dropped or fed.
fn held_upload(
    member: &crate::support::Client,
    path: String,
) -> (
    tokio::sync::mpsc::Sender<axum::body::Bytes>,
    tokio::task::JoinHandle<crate::support::Response>,
) {
    let (send, receive) = tokio::sync::mpsc::channel::<axum::body::Bytes>(4);
    let body = futures_util::stream::unfold(receive, |mut receive| async move {
        receive
            .recv()
            .await
            .map(|chunk| (Ok::<_, std::io::Error>(chunk), receive))
    });
    let client = member.clone();
    let request = tokio::spawn(async move {
        client
            .send(
                axum::http::Method::POST,
                &path,
                Some("text/csv"),
                axum::body::Body::from_stream(body),
            )
            .await
    });
    (send, request)
}

async fn until_places_left(app: &TestApp, left: usize) {
    for _ in 0..500 {
        if app.state.imports.available() == left {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    panic!("the places never came down to {left}");
}

#[tokio::test]
async fn one_organization_uploading_at_once_leaves_places_to_another() {
    let app = TestApp::spawn_with(|c| {
        c.import_slots = 2;
        c.import_wait = std::time::Duration::from_millis(300);
    })
    .await;
    let (admin, shop) = shop(&app).await;
    let other = crate::support::accounts::api_signup(&app, "另一家", "other@example.com").await;
    let other_shop = crate::imports::new_shop(&other, "另一家店").await;

    // The first organization's upload holds its one place while its body is still coming.
    let (feed, first) = held_upload(&admin.api, format!("/api/v1/shops/{shop}/actuals"));
    until_places_left(&app, 1).await;
    let second = admin
        .api
        .post_bytes(
            &format!("/api/v1/shops/{shop}/actuals"),
            "text/csv",
            crate::imports::SYCM_GBK.to_vec(),
        )
        .await;
    second.assert_status(503);
    assert_eq!(second.error_code(), "busy");
    assert!(second.header("retry-after").is_some());

    // The other organization is not held up.
    let theirs = other
        .api
        .post_bytes(
            &format!("/api/v1/shops/{other_shop}/actuals"),
            "text/csv",
            crate::imports::SYCM_GBK.to_vec(),
        )
        .await;
    theirs.assert_status(200);

    // The held upload finishes and frees its place.
    feed.send(axum::body::Bytes::from_static(crate::imports::SYCM_GBK))
        .await
        .unwrap();
    drop(feed);
    first.await.unwrap().assert_status(200);
    assert_eq!(app.state.imports.available(), 2);
}

#[tokio::test]
async fn a_crowd_of_sign_ins_waits_for_a_few_places_to_hash_and_the_rest_are_told_to_come_back() {
    let app = TestApp::spawn_with(|c| {
        c.hash_slots = 1;
        c.hash_wait = std::time::Duration::from_millis(200);
    })
    .await;
    crate::support::accounts::api_signup(&app, "店", "wang@example.com").await;
    // Sixty addresses, so that no sign-in limit is what answers.
    let attempts = (0..60u8).map(|i| {
        let client = app.client().with_ip([10, 9, i, 1]);
        async move {
            client
                .post_json(
                    "/api/v1/tokens",
                    &serde_json::json!({"email": format!("nobody{i}@example.com"), "password": "wrong password!"}),
                )
                .await
        }
    });
    let answers = join_all(attempts).await;
    let mut busy = 0;
    for answer in &answers {
        match answer.status.as_u16() {
            401 => {}
            503 => {
                assert_eq!(answer.error_code(), "busy");
                assert!(answer.header("retry-after").is_some());
                busy += 1;
            }
            other => panic!("unexpected {other}: {}", answer.text()),
        }
    }
    // One place and a queue of eight for sixty callers: some were told to come back (how
    // many depends on how fast the others were hashed), and never were two hashed at once.
    assert!(busy > 0, "none was told to come back");
    assert_eq!(app.state.hashing.peak_held(), 1, "hashes at once");
}

#[tokio::test]
async fn a_password_of_spaces_is_refused_with_the_field_named() {
    let app = TestApp::spawn().await;
    let response = app
        .client()
        .post_json(
            "/api/v1/signup",
            &serde_json::json!({"organization": "店", "name": "王", "email": "w@example.com", "password": "          "}),
        )
        .await;
    response.assert_status(422);
    let details = &response.json()["error"]["details"];
    assert_eq!(details[0]["field"], "password", "{details}");
}
