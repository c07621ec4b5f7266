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
