//! The `shopplan` binary as an operator runs it.

use std::process::Command;

use crate::support::db;

fn shopplan() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_shopplan"));
    command
        .env_remove("DATABASE_URL")
        .env_remove("APP_DATABASE_URL");
    command
}

#[test]
fn help_explains_the_commands_and_the_configuration() {
    let output = shopplan().arg("--help").output().unwrap();
    assert!(output.status.success());
    let text = String::from_utf8(output.stdout).unwrap();
    for word in [
        "serve",
        "migrate",
        "demo",
        "DATABASE_URL",
        "BIND_ADDR",
        "RUST_LOG",
        "LOG_FORMAT",
    ] {
        assert!(text.contains(word), "help lacks {word}");
    }
}

#[test]
fn an_unknown_command_exits_2_and_points_to_help() {
    let output = shopplan().arg("srve").output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("--help"));
}

#[test]
fn without_postgresql_it_exits_with_one_message_that_says_what_to_do() {
    // Port 1 on localhost: nothing listens there.
    let output = shopplan()
        .arg("migrate")
        .env("DATABASE_URL", "postgres://nobody@127.0.0.1:1/shopplan")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let text = String::from_utf8_lossy(&output.stderr);
    assert!(
        text.contains("No PostgreSQL answered at 127.0.0.1:1"),
        "{text}"
    );
    assert!(text.contains("DATABASE_URL"), "{text}");
    assert!(
        !text.contains("panicked") && !text.contains("stack backtrace"),
        "{text}"
    );
}

#[tokio::test]
async fn migrate_creates_a_missing_database_and_instances_starting_together_do_not_race() {
    let name = format!("shopplan_test_{}_cli", std::process::id());
    let url = db::url_of(&name);
    let children: Vec<_> = (0..3)
        .map(|_| {
            shopplan()
                .arg("migrate")
                .env("DATABASE_URL", &url)
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for child in children {
        let output = child.wait_with_output().unwrap();
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    let guard = db::TestDb { name: name.clone() };
    let mut conn = guard.owner().await;
    let applied: i64 = sqlx::query_scalar("SELECT count(*) FROM _sqlx_migrations WHERE success")
        .fetch_one(&mut conn)
        .await
        .unwrap();
    assert_eq!(applied as usize, shopplan::db::MIGRATOR.iter().count());
}

/// One HTTP/1.1 exchange over a new connection: the status and the body.
async fn http(addr: std::net::SocketAddr, head: &str, body: &[u8]) -> (u16, String) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let request = format!(
        "{head}\r\nHost: localhost\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(request.as_bytes()).await.unwrap();
    stream.write_all(body).await.unwrap();
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).await.unwrap();
    read_answer(&answer)
}

fn read_answer(answer: &[u8]) -> (u16, String) {
    let text = String::from_utf8_lossy(answer);
    let status = text
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let body = text
        .split_once("\r\n\r\n")
        .map_or("", |(_, b)| b)
        .to_string();
    (status, body)
}

#[tokio::test]
async fn sigterm_lets_the_upload_in_flight_finish_then_exits_cleanly() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let test_db = db::TestDb::create().await;
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let addr = std::net::SocketAddr::from(([127, 0, 0, 1], port));
    let mut server = std::process::Command::new(env!("CARGO_BIN_EXE_shopplan"))
        .arg("serve")
        .env("DATABASE_URL", test_db.url())
        .env("BIND_ADDR", addr.to_string())
        .env_remove("APP_DATABASE_URL")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut up = false;
    for _ in 0..200 {
        if tokio::net::TcpStream::connect(addr).await.is_ok() {
            up = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert!(up, "the server did not start");
    let signup = r#"{"organization": "店", "name": "王", "email": "w@example.com", "password": "plenty long passphrase"}"#.as_bytes();
    let (status, body) = http(
        addr,
        "POST /api/v1/signup HTTP/1.1\r\nContent-Type: application/json",
        signup,
    )
    .await;
    assert_eq!(status, 201, "{body}");
    let token = serde_json::from_str::<serde_json::Value>(&body).unwrap()["token"]
        .as_str()
        .unwrap()
        .to_string();
    let auth = format!("Authorization: Bearer {token}");
    let (status, body) = http(
        addr,
        &format!("POST /api/v1/shops HTTP/1.1\r\n{auth}\r\nContent-Type: application/json"),
        r#"{"name": "店", "platform": "tmall"}"#.as_bytes(),
    )
    .await;
    assert_eq!(status, 201, "{body}");
    let shop = serde_json::from_str::<serde_json::Value>(&body).unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();

    // An upload is half sent when the server is told to stop.
    let mut file = String::from("date,uv,buyers,sales\n");
    let first = chrono::NaiveDate::from_ymd_opt(2020, 1, 1).unwrap();
    for day in 0..1000 {
        file.push_str(&format!(
            "{},{},3,300\n",
            first + chrono::Days::new(day),
            100 + day
        ));
    }
    let (head, tail) = file.as_bytes().split_at(file.len() / 2);
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let request = format!(
        "POST /api/v1/shops/{shop}/actuals HTTP/1.1\r\nHost: localhost\r\n{auth}\r\n\
         Content-Type: text/csv\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        file.len()
    );
    stream.write_all(request.as_bytes()).await.unwrap();
    stream.write_all(head).await.unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    let pid = server.id().to_string();
    let killed = std::process::Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .unwrap();
    assert!(killed.success());
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    stream.write_all(tail).await.unwrap();
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).await.unwrap();
    let (status, body) = read_answer(&answer);
    assert_eq!(status, 200, "{body}");

    let mut exit = None;
    for _ in 0..300 {
        exit = server.try_wait().unwrap();
        if exit.is_some() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let exit = exit.expect("the server exited after its last request");
    assert!(exit.success(), "{exit:?}");
    let mut owner = test_db.owner().await;
    let stored: i64 = sqlx::query_scalar("SELECT count(*) FROM daily_actual")
        .fetch_one(&mut owner)
        .await
        .unwrap();
    assert_eq!(stored, 1000);
}
