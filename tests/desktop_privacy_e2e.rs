//! The privacy-request register and the owner's plan change in the real app: the owner
//! records a CCPA deletion request and sees the confirmation's due date core computes
//! (and the server has the same); then sees what Free would need removed, upgrades to
//! Enterprise, and the audit trail says so in a sentence.

// The shared window harness; this file needs only part of it.
#[allow(dead_code)]
mod support;

use brokerdesk_core::privacy::{PrivacyLaw, deadlines};
use brokerdesk_server::app::config::ServeConfig;
use brokerdesk_server::seed::seed_demo;
use brokerdesk_server::testing::{TestDatabase, TestServer};
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

    // It reached the server with the same deadlines.
    let owner = rest_token(&server.address, "acme", "owner@acme.test").await;
    let on_server = wait_for_request(&server.address, &owner).await;
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

    desktop.close().await;
    server.stop().await;
}

/// The register as the server has it, once the app's push has landed.
async fn wait_for_request(address: &str, token: &str) -> serde_json::Value {
    let http = reqwest::Client::new();
    for _ in 0..50 {
        let register: Vec<serde_json::Value> = http
            .get(format!("{address}/v1/privacy-requests"))
            .bearer_auth(token)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        if let Some(found) = register
            .into_iter()
            .find(|r| r["requesterName"] == REQUESTER)
        {
            return found;
        }
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    panic!("the app's push never reached the server");
}
