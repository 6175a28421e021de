//! The `brokerdesk-server` binary as an operator uses it: migrate, seed-demo, serve,
//! and a graceful stop on SIGTERM.

use brokerdesk_server::testing::TestDatabase;
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn server(db: &TestDatabase) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_brokerdesk-server"));
    command
        .env("DATABASE_URL", &db.args.admin_url)
        .env("BROKERDESK_LOG_FORMAT", "json")
        .env_remove("BROKERDESK_APP_DATABASE_URL");
    command
}

#[tokio::test]
async fn migrate_seed_serve_and_stop_on_sigterm() {
    let db = TestDatabase::create().await;
    for args in [["migrate"], ["seed-demo"], ["seed-demo"]] {
        let status = server(&db)
            .args(args)
            .stdout(Stdio::null())
            .status()
            .unwrap();
        assert!(status.success(), "{args:?} failed");
    }

    let mut child = server(&db)
        .args(["serve", "--listen", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    // The JSON log line announcing the listener carries the address it bound.
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let address = lines
        .by_ref()
        .map(|line| serde_json::from_str::<serde_json::Value>(&line.unwrap()).unwrap())
        .find_map(|entry| entry["address"].as_str().map(str::to_owned))
        .expect("the server logs its address");
    let health = reqwest::get(format!("http://{address}/healthz"))
        .await
        .unwrap();
    assert_eq!(health.status(), 200);

    let killed = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let deadline = Instant::now() + Duration::from_secs(10);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        assert!(
            Instant::now() < deadline,
            "the server did not stop within 10 s of SIGTERM"
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(status.success(), "graceful shutdown exits 0, got {status}");
    let rest: String = lines.map_while(Result::ok).collect();
    assert!(rest.contains("SIGTERM received"), "{rest}");
}

#[test]
fn serve_explains_a_database_it_cannot_reach() {
    let output = Command::new(env!("CARGO_BIN_EXE_brokerdesk-server"))
        .args(["serve", "--listen", "127.0.0.1:0"])
        .env(
            "BROKERDESK_APP_DATABASE_URL",
            "postgres://brokerdesk_app@127.0.0.1:1/nothing",
        )
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("cannot connect to PostgreSQL"), "{stderr}");
}
