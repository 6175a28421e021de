//! The lead screens in the real app: with the server stopped, an owner creates a lead
//! in the encrypted cache (it shows as pending), the server comes back on the same
//! address, the sync engine pushes the lead, and another client finds it through the API.
//! Then the consent panel and erasure: recording written consent turns the "can we call
//! now?" indicator, the do-not-call list turns it back, the timeline tells the stage
//! change from and to, and erasing the lead removes it here and on the server.

mod support;

use brokerdesk_server::seed::seed_demo;
use brokerdesk_server::testing::{TestDatabase, TestServer};
use chrono::Timelike;
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
    let desktop = leads_as_owner(&server.address, data_home.path()).await;
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
    let found = lead_seen_by_another_client(&server.address, OFFLINE_LEAD).await;
    assert_eq!(found["phones"], json!(["+14155550199"]), "{found}");
    desktop.wait_for_state("sync-status", "online").await;
    desktop
        .wait_without_text("lead-detail", "Pending sync")
        .await;
    desktop.screenshot("leads-03-detail-synced").await;

    desktop.close().await;
    server.stop().await;
}

const CONSENT_LEAD: &str = "Rosa Record";
const CONSENT_TEXT: &str = "I agree to be called about homes, including by AI voice.";

#[tokio::test(flavor = "multi_thread")]
async fn consent_recorded_in_the_app_turns_the_call_indicator_and_an_erasure_removes_the_lead() {
    let db = TestDatabase::create().await;
    seed_demo(&db.args).await.expect("demo tenants");
    let server = TestServer::start(&db.serve_config()).await;
    let data_home = tempfile::tempdir().unwrap();
    let desktop = leads_as_owner(&server.address, data_home.path()).await;

    desktop.click("new-lead").await;
    desktop.fill("new-lead-name", CONSENT_LEAD).await;
    desktop.fill("new-lead-phone", "(415) 555-0188").await;
    desktop.click("new-lead-create").await;
    // Noon where the lead lives, so only consent and the list decide the answer.
    desktop.fill("lead-time-zone", &zone_at_noon()).await;
    desktop.select("lead-stage", "contacted").await;
    desktop.click("lead-save").await;
    desktop
        .wait_for_text("lead-timeline", "Stage: New → Contacted")
        .await;
    desktop
        .wait_for_state("call-indicator", "no_written_consent")
        .await;

    desktop.click("consent-record").await;
    desktop.click("consent-written").await;
    desktop.fill("consent-text", CONSENT_TEXT).await;
    desktop
        .fill("consent-where", "Open house sign-in sheet")
        .await;
    desktop.click("consent-save").await;
    desktop.wait_for_state("call-indicator", "allowed").await;
    desktop
        .wait_for_text("consent-ledger", "Written consent")
        .await;
    desktop.click("sync-now").await;
    desktop.wait_for_state("sync-status", "online").await;
    let lead = lead_seen_by_another_client(&server.address, CONSENT_LEAD).await;
    let ledger = rest_get(
        &server.address,
        &format!("/v1/leads/{}/consents", lead["id"].as_str().unwrap()),
    )
    .await;
    assert_eq!(ledger[0]["text"], CONSENT_TEXT, "{ledger}");
    assert_eq!(ledger[0]["written"], true);
    desktop.scroll_to("consent-ledger").await;
    desktop.screenshot("leads-04-consent-recorded").await;

    desktop.click("dnc-add-open").await;
    desktop.fill("dnc-reason", "Asked on a call").await;
    desktop.click("dnc-add").await;
    desktop
        .wait_for_state("call-indicator", "on_do_not_call_list")
        .await;
    desktop.click("dnc-remove").await;
    desktop.wait_for_state("call-indicator", "allowed").await;

    desktop.click("erase-lead-open").await;
    desktop
        .wait_for_text("erase-lead", "It cannot be undone.")
        .await;
    desktop.screenshot("leads-05-erase-confirm").await;
    desktop.click("erase-lead-confirm").await;
    desktop.fill("lead-search", CONSENT_LEAD).await;
    desktop.wait_for_text("lead-count", "0 leads").await;
    desktop.click("sync-now").await;
    for _ in 0..60 {
        let page = rest_get(&server.address, &format!("/v1/leads?q={CONSENT_LEAD}")).await;
        if page["leads"].as_array().is_some_and(Vec::is_empty) {
            desktop.close().await;
            server.stop().await;
            return;
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    panic!("the erasure never reached the server");
}

/// The app, signed in as acme's owner after a first sync, on the lead table.
async fn leads_as_owner(address: &str, data_home: &std::path::Path) -> DesktopSession {
    let desktop = DesktopSession::launch(address, data_home).await;
    desktop.sign_in("owner@acme.test").await;
    desktop.element("sync-last").await;
    desktop.visit("#/leads").await;
    desktop.wait_for_text("lead-count", "leads").await;
    desktop
}

/// An IANA zone where it is now about noon (`Etc/GMT-3` is three hours ahead of UTC).
fn zone_at_noon() -> String {
    let mut offset = 12 - chrono::Utc::now().hour() as i32;
    if offset > 14 {
        offset -= 24;
    } else if offset < -12 {
        offset += 24;
    }
    match offset {
        0 => "Etc/GMT".to_owned(),
        ahead if ahead > 0 => format!("Etc/GMT-{ahead}"),
        behind => format!("Etc/GMT+{}", -behind),
    }
}

/// GETs `path` as acme's admin over plain REST: another client than the app.
async fn rest_get(address: &str, path: &str) -> Value {
    let http = reqwest::Client::new();
    let token = rest_token(address, "acme", "admin@acme.test").await;
    http.get(format!("{address}{path}"))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

/// Lists leads as another client until the one named `name` shows up.
async fn lead_seen_by_another_client(address: &str, name: &str) -> Value {
    for _ in 0..60 {
        let page = rest_get(address, &format!("/v1/leads?q={name}")).await;
        if let Some(lead) = page["leads"].as_array().and_then(|l| l.first()) {
            return lead.clone();
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    panic!("{name} never reached the server");
}
