//! The lead screens in the real app: with the server stopped, an owner creates a lead
//! in the encrypted cache (it shows as pending), the server comes back on the same
//! address, the sync engine pushes the lead, and another client finds it through the API.

mod support;

use brokerdesk_server::seed::{DEMO_PASSWORD, seed_demo};
use brokerdesk_server::testing::{TestDatabase, TestServer};
use serde_json::{Value, json};
use std::time::Duration;
use support::{DesktopSession, rest_token};

const OFFLINE_LEAD: &str = "Olivia Offline";

#[tokio::test(flavor = "multi_thread")]
async fn a_lead_created_offline_syncs_and_reaches_another_client() {
    let db = TestDatabase::create().await;
    seed_demo(&db.args).await.expect("demo tenants");
    // A fixed port, so the server can come back where the app expects it.
    let config = db.serve_config_on_a_fixed_port();
    let server = TestServer::start(&config).await;
    let data_home = tempfile::tempdir().unwrap();
    let desktop = DesktopSession::launch(&server.address, data_home.path()).await;

    desktop.element("signin-form").await;
    desktop.fill("signin-tenant", "acme").await;
    desktop.fill("signin-email", "owner@acme.test").await;
    desktop.fill("signin-password", DEMO_PASSWORD).await;
    desktop.click("signin-submit").await;
    desktop.element("sync-last").await;
    desktop.visit("#/leads").await;
    desktop.wait_for_text("lead-count", "leads").await;
    desktop.element("lead-select").await;
    desktop.screenshot("leads-01-table").await;

    server.stop().await;
    desktop.wait_for_state("sync-status", "offline").await;
    desktop.click("new-lead").await;
    desktop.fill("new-lead-name", OFFLINE_LEAD).await;
    desktop
        .fill("new-lead-email", "olivia@offline.example")
        .await;
    desktop.fill("new-lead-phone", "(415) 555-0199").await;
    desktop.click("new-lead-create").await;
    desktop
        .wait_for_text("lead-edit-state", "Pending sync")
        .await;
    // The table reads the cache's index, which the offline edit updated.
    desktop.select("filter-stage", "new").await;
    desktop.fill("lead-search", "olivia").await;
    desktop.wait_for_text("lead-table", OFFLINE_LEAD).await;
    desktop.screenshot("leads-02-detail-offline").await;

    let server = TestServer::start(&config).await;
    desktop.click("sync-now").await;
    let found = lead_seen_by_another_client(&server.address).await;
    assert_eq!(found["phones"], json!(["+14155550199"]), "{found}");
    desktop.wait_for_state("sync-status", "online").await;
    desktop.screenshot("leads-03-detail-synced").await;

    desktop.close().await;
    server.stop().await;
}

/// The admin, signed in over plain REST, lists leads until the offline one shows up.
async fn lead_seen_by_another_client(address: &str) -> Value {
    let http = reqwest::Client::new();
    let token = rest_token(address, "acme", "admin@acme.test").await;
    for _ in 0..60 {
        let page: Value = http
            .get(format!("{address}/v1/leads"))
            .query(&[("q", OFFLINE_LEAD)])
            .bearer_auth(&token)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        if let Some(lead) = page["leads"].as_array().and_then(|l| l.first()) {
            return lead.clone();
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    panic!("the lead created offline never reached the server");
}
