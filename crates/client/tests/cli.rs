//! `brokerdesk-cli` end to end: the real binary, the real API, the real OS keychain
//! (scripts/test.sh runs the suite inside a Secret Service session).

use brokerdesk_server::seed::{DEMO_PASSWORD, seed_demo};
use brokerdesk_server::testing::TestApp;
use brokerdesk_server::testing::leads::seed_leads;
use serde_json::Value;
use std::path::Path;
use std::process::Command;

fn cli(data_dir: &Path, args: &[&str]) -> (bool, Value, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_brokerdesk-cli"))
        .args(args)
        .arg("--json")
        .env("BROKERDESK_DATA_DIR", data_dir)
        .env("BROKERDESK_PASSWORD", DEMO_PASSWORD)
        .output()
        .expect("the CLI runs");
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let json = serde_json::from_str(&stdout).unwrap_or(Value::Null);
    (output.status.success(), json, stdout)
}

// The CLI runs as a blocking child process; the API needs threads of its own meanwhile.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn login_sync_read_offline_switch_and_logout() {
    let app = TestApp::spawn().await;
    seed_demo(&app.db.args).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();

    let (ok, acme, out) = cli(
        data,
        &[
            "login",
            "--server",
            &app.address,
            "--tenant",
            "acme",
            "--email",
            "owner@acme.test",
        ],
    );
    assert!(ok, "{out}");
    assert_eq!(acme["subdomain"], "acme");
    let tenant = acme["tenantId"].as_str().unwrap().parse().unwrap();
    seed_leads(&app.db.admin_pool().await, tenant, 25, None)
        .await
        .unwrap();

    let (ok, synced, out) = cli(data, &["sync"]);
    assert!(ok, "{out}");
    assert!(synced["pulled"].as_u64().unwrap() >= 25, "{synced}");

    // --watch keeps syncing and reports each state until interrupted.
    let watching = Command::new(env!("CARGO_BIN_EXE_brokerdesk-cli"))
        .args(["sync", "--watch", "--json"])
        .env("BROKERDESK_DATA_DIR", data)
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    tokio::time::sleep(std::time::Duration::from_secs(3)).await;
    let interrupted = Command::new("kill")
        .args(["-INT", &watching.id().to_string()])
        .status()
        .unwrap();
    assert!(interrupted.success());
    let watched = watching.wait_with_output().unwrap();
    assert!(watched.status.success(), "{watched:?}");
    let states = String::from_utf8_lossy(&watched.stdout);
    assert!(states.contains("\"phase\": \"waiting\""), "{states}");

    // Reading needs no server.
    app.stop().await;
    let (ok, leads, out) = cli(data, &["leads", "--search", "bulk lead 1", "--limit", "5"]);
    assert!(ok, "{out}");
    assert_eq!(leads.as_array().unwrap().len(), 5);
    let (ok, status, out) = cli(data, &["status"]);
    assert!(ok, "{out}");
    assert_eq!(
        status["leads"],
        25 + 3,
        "the bulk leads and the demo seed's"
    );
    // Exporting needs no server either, and writes what the API imports.
    let file = dir.path().join("leads.csv");
    let (ok, exported, out) = cli(data, &["export", "leads", "--csv", file.to_str().unwrap()]);
    assert!(ok, "{out}");
    assert_eq!(exported["leads"], 28);
    let csv = std::fs::read_to_string(&file).unwrap();
    assert!(
        csv.contains("Maya Chen") && csv.contains("Bulk Lead 25"),
        "{csv}"
    );
    let rows = brokerdesk_core::leads::csv::read_import(&csv).unwrap();
    assert_eq!(rows.len(), 28);
    assert!(rows.iter().all(|r| r.errors.is_empty()), "{rows:?}");
    // The filters the table uses narrow an export too: Bulk Leads 1, 13 and 17 are the
    // contacted ones among those the search finds.
    let filtered = dir.path().join("contacted.csv");
    let (ok, exported, out) = cli(
        data,
        &[
            "export",
            "leads",
            "--csv",
            filtered.to_str().unwrap(),
            "--search",
            "bulk lead 1",
            "--stage",
            "contacted",
            "--created-from",
            "2020-01-01",
        ],
    );
    assert!(ok, "{out}");
    assert_eq!(exported["leads"], 3, "{exported}");
    let names: Vec<String> =
        brokerdesk_core::leads::csv::read_import(&std::fs::read_to_string(&filtered).unwrap())
            .unwrap()
            .into_iter()
            .map(|r| r.changes.name.unwrap())
            .collect();
    assert_eq!(names.len(), 3);
    assert!(
        names
            .iter()
            .all(|n| ["Bulk Lead 1", "Bulk Lead 13", "Bulk Lead 17"].contains(&n.as_str())),
        "{names:?}"
    );
    let (ok, refused, _) = cli(
        data,
        &[
            "export",
            "leads",
            "--csv",
            filtered.to_str().unwrap(),
            "--created-from",
            "2026-13-01",
        ],
    );
    assert!(!ok);
    assert_eq!(refused["code"], "invalid_date", "{refused}");
    let (ok, failed, _) = cli(data, &["sync"]);
    assert!(!ok);
    assert_eq!(failed["code"], "server_unreachable", "{failed}");

    let (ok, _, out) = cli(data, &["switch", "nowhere"]);
    assert!(!ok, "{out}");
    let (ok, listed, out) = cli(data, &["tenants"]);
    assert!(ok, "{out}");
    assert_eq!(listed["accounts"].as_array().unwrap().len(), 1);

    // Signing out offline still deletes everything local.
    let cache_dir = data.join("caches");
    let (ok, _, out) = cli(data, &["logout"]);
    assert!(ok, "{out}");
    let files: Vec<_> = walk(&cache_dir);
    assert!(files.is_empty(), "left behind: {files:?}");
    let (ok, listed, _) = cli(data, &["tenants"]);
    assert!(ok);
    assert!(listed["accounts"].as_array().unwrap().is_empty());
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    entries
        .flatten()
        .flat_map(|e| {
            let path = e.path();
            if path.is_dir() {
                walk(&path)
            } else {
                vec![path]
            }
        })
        .collect()
}
