//! PostgreSQL restarting (an immediate shutdown, so crash recovery runs) while writes go
//! on: the API recovers by itself, `/healthz` answers ok again, and every write it
//! answered 201 is in the database afterwards. Prints how long recovery took.
//!
//! Uses a throwaway PostgreSQL cluster of its own, so the restart disturbs no other test.

use brokerdesk_server::app::config::AdminDatabaseArgs;
use brokerdesk_server::seed::{DEMO_PASSWORD, seed_demo};
use brokerdesk_server::testing::{TestDatabase, TestServer};
use reqwest::StatusCode;
use serde_json::{Value, json};
use std::path::PathBuf;
use std::process::Command;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// A PostgreSQL cluster in a temporary folder, on a free port; removed when dropped.
struct Cluster {
    dir: PathBuf,
    port: u16,
}

impl Cluster {
    fn bin(tool: &str) -> PathBuf {
        let mut versions: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
            .expect("PostgreSQL is installed (scripts/test.sh installs it)")
            .map(|entry| entry.unwrap().path())
            .collect();
        versions.sort_by_key(|path| {
            path.file_name()
                .and_then(|name| name.to_str())
                .and_then(|name| name.parse::<u32>().ok())
        });
        versions
            .last()
            .expect("a PostgreSQL version")
            .join("bin")
            .join(tool)
    }

    /// Runs a PostgreSQL tool as the cluster's owner (initdb and postgres refuse root).
    fn run(args: &[&str]) {
        let root = Command::new("id")
            .arg("-u")
            .output()
            .is_ok_and(|out| out.stdout.trim_ascii() == b"0");
        let status = if root {
            Command::new("runuser")
                .args(["-u", "postgres", "--"])
                .args(args)
                .status()
        } else {
            Command::new(args[0]).args(&args[1..]).status()
        }
        .expect("the PostgreSQL tool runs");
        assert!(status.success(), "{args:?} failed");
    }

    fn start_new() -> Self {
        let dir = std::env::temp_dir().join(format!("bdtest-pg-{}", uuid::Uuid::new_v4()));
        std::fs::create_dir_all(&dir).unwrap();
        Command::new("chmod").arg("777").arg(&dir).status().unwrap();
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let data = dir.join("data");
        let initdb = Self::bin("initdb");
        Self::run(&[
            initdb.to_str().unwrap(),
            "-D",
            data.to_str().unwrap(),
            "-U",
            "postgres",
            "--auth=trust",
            "--encoding=UTF8",
            "--locale=C.UTF-8",
            "--no-sync",
        ]);
        let cluster = Self { dir, port };
        cluster.pg_ctl("start");
        cluster
    }

    fn pg_ctl(&self, action: &str) {
        let pg_ctl = Self::bin("pg_ctl");
        let options = format!(
            "-c listen_addresses=127.0.0.1 -p {} -k {} -c fsync=off",
            self.port,
            self.dir.display()
        );
        let data = self.dir.join("data");
        let log = self.dir.join("server.log");
        Self::run(&[
            pg_ctl.to_str().unwrap(),
            "-D",
            data.to_str().unwrap(),
            "-l",
            log.to_str().unwrap(),
            "-w",
            "-m",
            "immediate",
            "-o",
            &options,
            action,
        ]);
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        self.pg_ctl("stop");
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// A write the API answered, and when.
struct Outcome {
    at: Instant,
    created: Option<String>,
}

#[tokio::test]
async fn the_api_recovers_from_a_postgres_restart_and_keeps_every_acknowledged_write() {
    let cluster = Cluster::start_new();
    let db = TestDatabase {
        name: "brokerdesk".into(),
        args: AdminDatabaseArgs {
            admin_url: format!("postgres://postgres@127.0.0.1:{}/brokerdesk", cluster.port),
            app_password: None,
        },
    };
    brokerdesk_server::db::migrate::run(db.args.admin_options().unwrap(), None)
        .await
        .unwrap();
    seed_demo(&db.args).await.unwrap();
    let server = TestServer::start(&db.serve_config()).await;
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap();
    let signed = client
        .post(format!("{}/v1/auth/sign-in", server.address))
        .json(&json!({ "tenant": "acme", "email": "owner@acme.test", "password": DEMO_PASSWORD }))
        .send()
        .await
        .unwrap();
    assert_eq!(signed.status(), StatusCode::OK);
    let body: Value = signed.json().await.unwrap();
    let token = body["accessToken"].as_str().unwrap().to_owned();

    // Four writers post leads without pause until told to stop.
    let outcomes = Arc::new(Mutex::new(Vec::<Outcome>::new()));
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let mut writers = tokio::task::JoinSet::new();
    for writer in 0..4 {
        let (client, token, outcomes, stop) = (
            client.clone(),
            token.clone(),
            outcomes.clone(),
            stop.clone(),
        );
        let url = format!("{}/v1/leads", server.address);
        writers.spawn(async move {
            let mut n = 0;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                n += 1;
                let answer = client
                    .post(&url)
                    .bearer_auth(&token)
                    .json(&json!({ "name": format!("Restart {writer}-{n}") }))
                    .send()
                    .await;
                let created = match answer {
                    Ok(response) if response.status() == StatusCode::CREATED => {
                        let lead: Value = response.json().await.unwrap();
                        Some(lead["id"].as_str().unwrap().to_owned())
                    }
                    _ => None,
                };
                outcomes.lock().unwrap().push(Outcome {
                    at: Instant::now(),
                    created,
                });
            }
        });
    }

    tokio::time::sleep(Duration::from_secs(1)).await;
    let restarted = Instant::now();
    cluster.pg_ctl("restart");
    let back_up = restarted.elapsed();

    // The API must find its way back without help: /healthz ok, and writes again.
    let health = format!("{}/healthz", server.address);
    let healthy = loop {
        if client
            .get(&health)
            .send()
            .await
            .is_ok_and(|r| r.status() == StatusCode::OK)
        {
            break restarted.elapsed();
        }
        assert!(
            restarted.elapsed() < Duration::from_secs(30),
            "/healthz never recovered"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    let writing = loop {
        let last_created = outcomes
            .lock()
            .unwrap()
            .iter()
            .rev()
            .find(|o| o.created.is_some())
            .map(|o| o.at);
        if let Some(at) = last_created.filter(|at| *at > restarted + back_up) {
            break at - restarted;
        }
        assert!(
            restarted.elapsed() < Duration::from_secs(30),
            "writes never recovered"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    tokio::time::sleep(Duration::from_millis(500)).await;
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    while writers.join_next().await.is_some() {}

    let outcomes = std::mem::take(&mut *outcomes.lock().unwrap());
    let acknowledged: Vec<String> = outcomes.iter().filter_map(|o| o.created.clone()).collect();
    let failed = outcomes.iter().filter(|o| o.created.is_none()).count();
    let admin = db.admin_pool().await;
    let kept: i64 = sqlx::query_scalar("select count(*) from leads where id::text = any($1)")
        .bind(&acknowledged)
        .fetch_one(&admin)
        .await
        .unwrap();
    println!(
        "PostgreSQL restart: database back after {back_up:?}; /healthz ok after {healthy:?}; \
         writes again after {writing:?}; {} writes answered 201, {failed} failed, {kept} kept",
        acknowledged.len()
    );
    assert_eq!(
        kept as usize,
        acknowledged.len(),
        "an acknowledged write is missing"
    );
    assert!(acknowledged.len() > 20, "too few writes to tell anything");
    admin.close().await;
    server.stop().await;
}
