//! Initial sync benchmark: one tenant with 100,000 leads, from the real API over
//! loopback into an encrypted (SQLCipher) cache, with the client's peak memory; and raw
//! SQLCipher insert throughput on the same machine, for comparison.
//!
//! The API and its PostgreSQL seeding run in this process; the client runs in a child
//! process (this same binary, re-run with `BENCH_CLIENT_SERVER` set) so its peak
//! memory (VmHWM) is the client's alone. Needs `BROKERDESK_TEST_DATABASE_URL`; run it
//! with `scripts/bench.sh`. `BENCH_LEADS` changes the number of leads.

use brokerdesk_client::cache::{CacheLocation, TenantCache};
use brokerdesk_client::secrets::MemorySecretStore;
use brokerdesk_client::session::SessionManager;
use brokerdesk_client::sync::{EngineConfig, SyncEngine};
use brokerdesk_core::identity::SignInRequest;
use brokerdesk_core::ids::TenantId;
use brokerdesk_core::sync::SyncEntity;
use brokerdesk_server::seed::{DEMO_PASSWORD, seed_demo};
use brokerdesk_server::testing::TestApp;
use brokerdesk_server::testing::leads::seed_leads;
use serde_json::{Value, json};
use std::sync::Arc;
use std::time::Instant;

const CLIENT_MODE: &str = "BENCH_CLIENT_SERVER";
/// Rows per transaction in the raw insert comparison, as a pull page holds.
const RAW_BATCH: usize = 5_000;

#[tokio::main]
async fn main() {
    if let Ok(server) = std::env::var(CLIENT_MODE) {
        let report = client(&server).await;
        println!("{report}");
        return;
    }
    let leads: i64 = std::env::var("BENCH_LEADS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(100_000);
    let app = TestApp::spawn().await;
    seed_demo(&app.db.args).await.expect("demo tenants");
    let admin = app.db.admin_pool().await;
    let tenant: uuid::Uuid = sqlx::query_scalar("select id from tenants where subdomain = 'acme'")
        .fetch_one(&admin)
        .await
        .expect("acme exists");
    let seeding = Instant::now();
    seed_leads(&admin, TenantId::from_uuid(tenant), leads, None)
        .await
        .expect("leads seeded");
    sqlx::query("analyze leads")
        .execute(&admin)
        .await
        .expect("analyze");
    eprintln!("seeded {leads} leads in {:.1?}", seeding.elapsed());

    let output = tokio::process::Command::new(std::env::current_exe().expect("this binary"))
        .env(CLIENT_MODE, &app.address)
        .output()
        .await
        .expect("the client process runs");
    assert!(
        output.status.success(),
        "client failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let report: Value = serde_json::from_slice(&output.stdout).expect("the client reports JSON");
    let rows = report["rows"].as_f64().unwrap();
    let secs = report["seconds"].as_f64().unwrap();
    println!(
        "initial sync: {} leads ({} rows with users, settings, audit) in {secs:.2} s",
        report["leads"], rows
    );
    println!(
        "initial sync: {:.0} rows/s end to end (goal: 50,000)",
        rows / secs
    );
    println!(
        "client peak memory (VmHWM): {:.1} MiB",
        report["peak_kib"].as_f64().unwrap() / 1024.0
    );
    println!(
        "cache file: {:.1} MiB",
        report["cache_bytes"].as_f64().unwrap() / 1_048_576.0
    );
    println!(
        "raw SQLCipher insert: {:.0} rows/s (one prepared insert per row, {RAW_BATCH} rows per transaction)",
        report["raw_rows_per_sec"].as_f64().unwrap()
    );
    app.stop().await;
}

/// The client side, in its own process: sign in, sync everything, measure.
async fn client(server: &str) -> Value {
    let dir = tempfile::tempdir().expect("temp dir");
    let secrets = Arc::new(MemorySecretStore::default());
    let sessions = SessionManager::new(dir.path(), secrets.clone());
    let request = SignInRequest {
        tenant: "acme".into(),
        email: "owner@acme.test".into(),
        password: DEMO_PASSWORD.into(),
        mfa_code: None,
    };
    let session = sessions.sign_in(server, &request).await.expect("sign in");
    let (engine, _) = SyncEngine::open(sessions.clone(), session.clone(), EngineConfig::default())
        .await
        .expect("cache opens");
    let started = Instant::now();
    let report = engine.sync_once().await.expect("initial sync");
    let seconds = started.elapsed().as_secs_f64();
    let leads = engine.store().count(SyncEntity::Lead).await.expect("count");
    let sample: String =
        sqlx::query_scalar("select data from records where entity = 'lead' limit 1")
            .fetch_one(engine.store().pool())
            .await
            .expect("a lead");
    engine.close().await;
    let cache_bytes = std::fs::metadata(session.account().cache_location(dir.path()).path())
        .map(|m| m.len())
        .unwrap_or(0);
    let peak_kib = peak_memory_kib();
    let raw_rows_per_sec = raw_insert_rate(dir.path(), &secrets, &sample, leads as usize).await;
    json!({
        "rows": report.pulled, "leads": leads, "seconds": seconds, "peak_kib": peak_kib,
        "cache_bytes": cache_bytes, "raw_rows_per_sec": raw_rows_per_sec,
    })
}

/// Inserts `rows` copies of a real lead record, one prepared statement per row, into a
/// fresh encrypted cache: the floor the sync pipeline stands on.
async fn raw_insert_rate(
    dir: &std::path::Path,
    secrets: &MemorySecretStore,
    sample: &str,
    rows: usize,
) -> f64 {
    let location = CacheLocation::new(&dir.join("raw"), "http://raw.bench", TenantId::new());
    let cache = TenantCache::open(location, secrets)
        .await
        .expect("raw cache");
    let ids: Vec<String> = (0..rows)
        .map(|_| uuid::Uuid::now_v7().to_string())
        .collect();
    let started = Instant::now();
    for batch in ids.chunks(RAW_BATCH) {
        let mut tx = cache.pool().begin().await.expect("begin");
        for id in batch {
            sqlx::query("insert into records (entity, id, version, data) values ('lead', ?, 1, ?)")
                .bind(id)
                .bind(sample)
                .execute(&mut *tx)
                .await
                .expect("insert");
        }
        tx.commit().await.expect("commit");
    }
    let rate = rows as f64 / started.elapsed().as_secs_f64();
    cache.close().await;
    rate
}

/// The process's peak resident memory, from /proc (Linux); 0 elsewhere.
fn peak_memory_kib() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kib| kib.parse().ok())
        })
        .unwrap_or(0.0)
}
