//! The privacy-request register and the owner's plan change in the real app: the owner
//! records a CCPA deletion request and sees the confirmation's due date core computes
//! (and the server has the same); then sees what Free would need removed, upgrades to
//! Enterprise, and the audit trail says so in a sentence. Then retention and the export:
//! a shorter policy shows its dry run before it can be saved, and "Export all data" runs
//! the job with its progress, opens the system's save dialog (answered here with
//! xdotool, as a person would type a file name) and saves a ZIP whose manifest checks.

// The shared window harness; this file needs only part of it.
#[allow(dead_code)]
mod support;

use brokerdesk_core::privacy::{PrivacyLaw, deadlines};
use brokerdesk_server::app::config::ServeConfig;
use brokerdesk_server::seed::seed_demo;
use brokerdesk_server::testing::{TestDatabase, TestServer};
use sha2::{Digest, Sha256};
use std::path::Path;
use support::{DesktopSession, rest_token};

const REQUESTER: &str = "Rowan Requester";

#[tokio::test(flavor = "multi_thread")]
async fn an_owner_registers_a_request_sees_its_due_date_and_changes_the_plan() {
    let db = TestDatabase::create().await;
    seed_demo(&db.args).await.expect("demo tenants");
    let config: ServeConfig = db.serve_config_on_a_fixed_port();
    let server = TestServer::start(&config).await;
    let data_home = tempfile::tempdir().unwrap();
    let desktop = DesktopSession::launch(&server.address, data_home.path()).await;
    desktop.sign_in("owner@acme.test").await;
    desktop.element("sync-last").await;

    // The demo register, with what is due soon.
    desktop.visit("#/privacy").await;
    desktop
        .wait_for_text("privacy-table", "Dana Whitfield")
        .await;
    desktop.element("privacy-summary").await;
    desktop.screenshot("privacy-01-register").await;

    // Recorded today (the dialog's default): CCPA asks for a confirmation within ten
    // business days, which the row shows as the next date owed.
    desktop.click("privacy-record").await;
    desktop.select("privacy-kind", "deletion").await;
    desktop.select("privacy-law", "ccpa").await;
    desktop.fill("privacy-name", REQUESTER).await;
    desktop.fill("privacy-email", "rowan@example.com").await;
    desktop
        .fill("privacy-notes", "Asked by phone to delete everything.")
        .await;
    desktop.screenshot("privacy-02-record").await;
    desktop.click("privacy-record-submit").await;
    let today = chrono::Local::now().date_naive();
    let confirm_by = deadlines(PrivacyLaw::Ccpa, today)
        .confirm_by
        .expect("CCPA has a confirmation date");
    let table = desktop
        .wait_for_text("privacy-table", &format!("Confirm by {confirm_by}"))
        .await;
    assert!(table.contains(REQUESTER), "{table}");
    desktop.screenshot("privacy-03-recorded").await;
    // Seen, not only in the page: the four requests' rows (44 px each) are drawn. Under
    // the retention card the register was once 0 px high with its rows in the page.
    let height = desktop.rendered_height("privacy-table").await;
    assert!(height >= 4.0 * 44.0, "the register is {height} px high");

    // It reached the server with the same deadlines.
    let owner = rest_token(&server.address, "acme", "owner@acme.test").await;
    let on_server = wait_on_server(&server.address, &owner, "/v1/privacy-requests", |r| {
        r["requesterName"] == REQUESTER
    })
    .await;
    assert_eq!(on_server["deadlines"]["confirmBy"], confirm_by.to_string());

    // The plan: what Free would need removed, then an upgrade.
    desktop.visit("#/plan").await;
    let free = desktop
        .wait_for_text("plan-excess-free", "Deactivate")
        .await;
    assert!(free.contains("Revoke 1 API key"), "{free}");
    desktop.scroll_to("plan-options").await;
    desktop.screenshot("plan-01-options").await;
    desktop.click("plan-choose-enterprise").await;
    desktop.element("confirm-plan-change").await;
    desktop.screenshot("plan-02-confirm").await;
    desktop.click("confirm-plan-change-confirm").await;
    desktop.wait_for_text("plan-name", "Enterprise").await;
    desktop.screenshot("plan-03-enterprise").await;

    desktop.visit("#/audit").await;
    desktop
        .wait_for_text(
            "audit-table",
            "moved the brokerage from Professional to Enterprise",
        )
        .await;
    desktop.screenshot("plan-04-audit-sentence").await;

    retention_shows_its_dry_run_before_saving(&desktop, &server.address, &owner).await;
    export_all_data_saves_a_zip(&desktop, data_home.path()).await;

    desktop.close().await;
    server.stop().await;
}

async fn retention_shows_its_dry_run_before_saving(
    desktop: &DesktopSession,
    address: &str,
    owner: &str,
) {
    desktop.visit("#/privacy").await;
    desktop.scroll_to("retention-card").await;
    desktop.fill("retention-months-conversations", "12").await;
    desktop
        .click("retention-preview-button-conversations")
        .await;
    let preview = desktop
        .wait_for_text("retention-preview-conversations", "older than 12 months")
        .await;
    assert!(preview.contains("conversation"), "{preview}");
    desktop.scroll_to("retention-card").await;
    desktop.screenshot("retention-01-dry-run").await;
    desktop.click("retention-save-conversations").await;
    wait_on_server(address, owner, "/v1/retention/policies", |p| {
        p["kind"] == "conversations" && p["months"] == 12
    })
    .await;
    desktop.screenshot("retention-02-saved").await;
}

async fn export_all_data_saves_a_zip(desktop: &DesktopSession, folder: &Path) {
    desktop.visit("#/settings").await;
    desktop.scroll_to("export-card").await;
    desktop.click("export-start").await;
    // The demo tenant is small, so the job may finish before a screenshot could catch
    // the bar; whichever shows, the save dialog follows by itself.
    desktop.screenshot("export-01-started").await;
    let target = folder.join("acme-export.zip");
    answer_save_dialog(&target).await;
    let saved = desktop
        .wait_for_text("export-saved", "acme-export.zip")
        .await;
    assert!(saved.contains("Saved to"), "{saved}");
    desktop.scroll_to("export-card").await;
    desktop.screenshot("export-02-saved").await;

    let mut zip = zip::ZipArchive::new(std::fs::File::open(&target).unwrap()).unwrap();
    let manifest: serde_json::Value =
        serde_json::from_reader(zip.by_name("manifest.json").unwrap()).unwrap();
    let files = manifest["files"]
        .as_array()
        .expect("the manifest lists files");
    for kind in ["leads", "audit_trail", "privacy_requests"] {
        assert!(
            files.iter().any(|f| f["name"] == format!("{kind}.csv")),
            "{kind}.csv in {manifest}"
        );
    }
    for file in files {
        let name = file["name"].as_str().unwrap();
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut zip.by_name(name).unwrap(), &mut bytes).unwrap();
        assert_eq!(file["sha256"], sha256_hex(&bytes), "{name}");
    }
    let leads = files.iter().find(|f| f["name"] == "leads.json").unwrap();
    assert!(leads["rows"].as_u64().unwrap() > 0, "{manifest}");
}

/// Types `target` into the GTK save dialog the app opened and presses Enter.
async fn answer_save_dialog(target: &Path) {
    let xdotool = |args: Vec<String>| async move {
        tokio::process::Command::new("xdotool")
            .args(&args)
            .output()
            .await
            .expect("xdotool runs")
    };
    for _ in 0..100 {
        let found = xdotool(vec![
            "search".into(),
            "--name".into(),
            "Save the export of all data".into(),
        ])
        .await;
        let ids = String::from_utf8_lossy(&found.stdout);
        if let Some(window) = ids.lines().next() {
            tokio::time::sleep(std::time::Duration::from_millis(500)).await;
            for step in [
                vec!["windowfocus", "--sync", window],
                vec!["key", "--window", window, "ctrl+a"],
                vec!["type", "--delay", "20", &target.display().to_string()],
                vec!["key", "Return"],
            ] {
                let done = xdotool(step.iter().map(|s| s.to_string()).collect()).await;
                assert!(done.status.success(), "xdotool {step:?}: {done:?}");
            }
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    panic!("the save dialog never opened");
}

fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// The first item of the list at `path` that `found` accepts, once what the app sent
/// has reached the server.
async fn wait_on_server(
    address: &str,
    token: &str,
    path: &str,
    found: impl Fn(&serde_json::Value) -> bool,
) -> serde_json::Value {
    let http = reqwest::Client::new();
    for _ in 0..50 {
        let list: Vec<serde_json::Value> = http
            .get(format!("{address}{path}"))
            .bearer_auth(token)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        if let Some(item) = list.into_iter().find(&found) {
            return item;
        }
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    panic!("what the app sent never reached {path} on the server");
}
