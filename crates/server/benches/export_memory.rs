//! The tenant export's time and the server's peak memory, for tenants of different sizes:
//! 10,000 and 100,000 leads (change with `BENCH_LEADS=10000,100000`), each with the
//! records a working brokerage has (consent for nine leads in ten, a conversation for
//! every second, a call for every third), seeded in SQL on top of the demo tenant.
//!
//! Each size runs in a process of its own (this program starts itself again), so one
//! size's peak cannot hide the next's. The API runs in that process, as `TestApp` runs
//! it; the peak resident memory (`VmHWM`) is reset just before the export starts, so it
//! is the peak while the job runs and the ZIP is downloaded (streamed to a file), over
//! what the idle server and the client already held. Needs
//! `BROKERDESK_TEST_DATABASE_URL`; run it in release: `cargo bench -p brokerdesk-server
//! --bench export_memory`.

use std::time::{Duration, Instant};

use brokerdesk_core::ids::TenantId;
use brokerdesk_server::seed::{DEMO_PASSWORD, seed_demo};
use brokerdesk_server::testing::TestApp;
use brokerdesk_server::testing::api::signed_in;
use brokerdesk_server::testing::leads::{seed_lead_records, seed_leads};
use tokio::io::AsyncWriteExt;

const CHILD: &str = "EXPORT_BENCH_CHILD_LEADS";

fn main() {
    if let Some(leads) = std::env::var(CHILD).ok().and_then(|n| n.parse().ok()) {
        tokio::runtime::Runtime::new()
            .expect("a runtime")
            .block_on(measure(leads));
        return;
    }
    let sizes = std::env::var("BENCH_LEADS").unwrap_or_else(|_| "10000,100000".into());
    let me = std::env::current_exe().expect("this program's path");
    for leads in sizes.split(',') {
        let status = std::process::Command::new(&me)
            .env(CHILD, leads.trim())
            .status()
            .expect("the measurement starts");
        assert!(status.success(), "the measurement for {leads} leads failed");
    }
}

/// A line of `/proc/self/status`, in MiB.
fn status_mib(field: &str) -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").expect("/proc/self/status");
    let kib: f64 = status
        .lines()
        .find_map(|line| line.strip_prefix(field))
        .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
        .expect("the field is there");
    kib / 1024.0
}

/// Makes `VmHWM` start again from the current resident size (Linux 4.0 and later).
fn reset_peak() {
    std::fs::write("/proc/self/clear_refs", "5").expect("the peak can be reset");
}

async fn measure(leads: i64) {
    let dir = std::env::temp_dir().join(format!("bd-export-bench-{}", uuid::Uuid::now_v7()));
    let export_dir = dir.clone();
    let app = TestApp::spawn_with(move |config| config.export_dir = Some(export_dir)).await;
    seed_demo(&app.db.args).await.expect("the demo seed");
    let admin = app.db.admin_pool().await;
    let acme: uuid::Uuid = sqlx::query_scalar("select id from tenants where subdomain = 'acme'")
        .fetch_one(&admin)
        .await
        .expect("the demo tenant");
    let seeding = Instant::now();
    seed_leads(&admin, TenantId::from_uuid(acme), leads, None)
        .await
        .expect("leads seeded");
    let (_, records) = seed_lead_records(&admin, TenantId::from_uuid(acme))
        .await
        .expect("records seeded");
    sqlx::query("analyze")
        .execute(&admin)
        .await
        .expect("analyze");
    let seeded = seeding.elapsed();
    let owner = signed_in(app.sign_in("acme", "owner@acme.test", DEMO_PASSWORD).await);

    let idle = status_mib("VmRSS:");
    reset_peak();
    let started = Instant::now();
    let job = app
        .post("/v1/exports", &owner.access_token, None)
        .await
        .body;
    let id = job["id"].as_str().expect("an export id").to_owned();
    let job = loop {
        let job = app
            .get(&format!("/v1/exports/{id}"), &owner.access_token)
            .await
            .body;
        if !matches!(job["status"].as_str(), Some("queued" | "running")) {
            break job;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    };
    let exported = started.elapsed();
    assert_eq!(job["status"], "completed", "{job}");
    let peak_export = status_mib("VmHWM:");

    let downloading = Instant::now();
    let mut response = reqwest::Client::new()
        .get(format!("{}/v1/exports/{id}/download", app.address))
        .bearer_auth(&owner.access_token)
        .send()
        .await
        .expect("the download starts");
    let copy = dir.join("downloaded.zip");
    let mut file = tokio::fs::File::create(&copy).await.expect("a file");
    while let Some(chunk) = response.chunk().await.expect("the download goes on") {
        file.write_all(&chunk).await.expect("written");
    }
    file.flush().await.expect("flushed");
    let downloaded = downloading.elapsed();
    let peak_all = status_mib("VmHWM:");

    println!(
        "export of {leads} leads + {} consent entries, {} conversations, {} calls \
         ({} rows in all; seeded in {:.1} s): job {:.1} s, ZIP {:.1} MiB, download {:.1} s; \
         server RSS idle {idle:.0} MiB, peak during the job {peak_export:.0} MiB, \
         peak with the download {peak_all:.0} MiB",
        records.consents,
        records.conversations,
        records.calls,
        job["rowsDone"],
        seeded.as_secs_f64(),
        exported.as_secs_f64(),
        job["fileBytes"].as_f64().unwrap_or_default() / 1_048_576.0,
        downloaded.as_secs_f64(),
    );
    app.stop().await;
    std::fs::remove_dir_all(&dir).expect("the bench's files are removed");
}
