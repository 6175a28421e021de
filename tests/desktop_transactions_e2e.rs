//! Transactions in the real app: an owner imports the golden Dotloop export through the
//! import dialog and sees its loop-health findings, edits a deal while the server is
//! down (it shows as pending), syncs once the server is back on the same address, and
//! another client reads the edit over REST. Then, against a server wired to the fake
//! Dotloop: a deal entered by hand reaches the server, and the Settings card follows the
//! connection from disconnected to connected, through "Sync now", to offline.

mod support;

use brokerdesk_server::app::config::ServeConfig;
use brokerdesk_server::dotloop::store::SharedStore;
use brokerdesk_server::seed::seed_demo;
use brokerdesk_server::testing::fake_dotloop::FakeDotloop;
use brokerdesk_server::testing::{TestDatabase, TestServer};
use serde_json::{Value, json};
use std::time::Duration;
use support::{DesktopSession, rest_token};

const EDITED_NAME: &str = "12 Harbor Rd, Portland (edited offline)";
const HAND_ENTERED: &str = "4 Pier Rd (entered by hand)";

#[tokio::test(flavor = "multi_thread")]
async fn a_dotloop_export_imported_and_edited_offline_reaches_the_server() {
    let (_db, config) = demo_database().await;
    let (server, desktop, _data_home) = owner_signed_in(&config).await;
    desktop.visit("#/transactions").await;
    desktop.wait_for_text("tx-count", "transaction").await;
    desktop.screenshot("transactions-01-table").await;

    desktop.click("tx-import-open").await;
    let fixture = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("crates/core/tests/data/dotloop/export.csv");
    desktop
        .element("dotloop-import-file")
        .await
        .send_keys(fixture.to_str().unwrap())
        .await
        .expect("the file is chosen");
    desktop
        .wait_for_text("dotloop-import-summary", "6 new")
        .await;
    desktop.screenshot("transactions-02-import-preview").await;
    desktop.click("dotloop-import-apply").await;
    desktop
        .wait_for_text("dotloop-import-done", "Queued 6 new")
        .await;
    desktop.click("dotloop-import-close").await;

    // Once synced, the imported deal is on the server with its findings.
    desktop.click("sync-now").await;
    let imported = deal_seen_by_another_client(&server.address, "Harbor", |_| true).await;
    assert_eq!(imported["loopViewId"], "34523401", "{imported}");
    desktop.select("tx-filter-status", "closed").await;
    desktop.fill("tx-search", "12 Harbor").await;
    desktop
        .element_at(
            "[data-testid='tx-table'] [role='row'][data-row-key]",
            "tx-row",
        )
        .await
        .click()
        .await
        .expect("the deal opens");
    desktop.wait_for_text("tx-detail", "34523401").await;
    desktop.scroll_to("tx-finding").await;
    desktop.screenshot("transactions-03-detail-findings").await;

    server.stop().await;
    desktop.wait_for_state("sync-status", "offline").await;
    desktop.fill("tx-edit-name", EDITED_NAME).await;
    desktop.click("tx-save").await;
    desktop.wait_for_text("tx-pending-fields", "Name").await;
    desktop.screenshot("transactions-04-edited-offline").await;

    let server = TestServer::start(&config).await;
    desktop.click("sync-now").await;
    let edited = deal_seen_by_another_client(&server.address, "Harbor", |deal| {
        deal["name"] == EDITED_NAME
    })
    .await;
    assert_eq!(edited["loopViewId"], "34523401", "{edited}");
    desktop
        .wait_without_text("tx-detail", "Not yet on the server")
        .await;
    desktop.screenshot("transactions-05-synced").await;

    desktop.close().await;
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_deal_entered_by_hand_and_the_dotloop_card_through_connecting_syncing_and_offline() {
    let (_db, mut config) = demo_database().await;
    let fake = FakeDotloop::start().await;
    fake.configure(&mut config, SharedStore::default());
    let (server, desktop, _data_home) = owner_signed_in(&config).await;

    desktop.visit("#/transactions").await;
    desktop.click("tx-new-open").await;
    desktop.fill("new-deal-name", HAND_ENTERED).await;
    desktop.select("new-deal-status", "UNDER_CONTRACT").await;
    desktop.fill("new-deal-address-postalCode", "04101").await;
    desktop.fill("new-deal-salePrice", "510000.00").await;
    desktop.screenshot("transactions-06-new-deal-form").await;
    desktop.click("new-deal-save").await;
    desktop.wait_for_text("tx-detail", HAND_ENTERED).await;
    let stored =
        deal_seen_by_another_client(&server.address, "Pier", |deal| deal["name"] == HAND_ENTERED)
            .await;
    assert_eq!(stored["salePrice"], "510000.00", "{stored}");
    assert_eq!(stored["address"]["postalCode"], "04101", "{stored}");
    assert_eq!(stored["loopViewId"], Value::Null, "{stored}");
    desktop
        .wait_without_text("tx-detail", "Not yet on the server")
        .await;
    desktop.screenshot("transactions-07-new-deal-synced").await;

    reopen_settings(&desktop, &[("dotloop-state", "Not connected")]).await;
    card_shot(&desktop, "settings-dotloop-01-disconnected").await;

    // The browser's half of connecting (the app hands the authorize URL to the system
    // browser, which this machine has none of): the owner allows access in Dotloop.
    connect_as_the_browser_would(&server.address).await;
    let connected = [
        ("dotloop-account", "Acme Realty"),
        ("dotloop-last-sync", "1,234 new"),
    ];
    reopen_settings(&desktop, &connected).await;
    card_shot(&desktop, "settings-dotloop-02-connected").await;

    // 25 loops change in Dotloop; "Sync now" runs an incremental import, which sees
    // only those, and the card follows it to its end.
    fake.touch_loops(25);
    desktop.click("dotloop-sync").await;
    let synced = desktop.wait_for_text("dotloop-last-sync", "(0 new").await;
    assert!(synced.contains("25 "), "{synced}");
    card_shot(&desktop, "settings-dotloop-03-synced-now").await;

    server.stop().await;
    desktop.wait_for_state("sync-status", "offline").await;
    let offline = [
        ("dotloop-as-of", "as of"),
        ("dotloop-account", "Acme Realty"),
    ];
    reopen_settings(&desktop, &offline).await;
    card_shot(&desktop, "settings-dotloop-04-offline").await;
    let sync = desktop.element("dotloop-sync").await;
    assert!(
        !sync.is_enabled().await.unwrap(),
        "Sync now waits for the server"
    );

    desktop.close().await;
}

/// Settings opened afresh (through another page), so the Dotloop card reads its status,
/// until each of the elements `shows` names shows its text.
async fn reopen_settings(desktop: &DesktopSession, shows: &[(&str, &str)]) {
    desktop.visit("#/transactions").await;
    desktop.visit("#/settings").await;
    for (test_id, text) in shows {
        desktop.wait_for_text(test_id, text).await;
    }
}

/// A screenshot with the Dotloop card in view.
async fn card_shot(desktop: &DesktopSession, name: &str) {
    desktop.scroll_to("dotloop-card").await;
    desktop.screenshot(name).await;
}

/// The demo tenants in a fresh database, served on a fixed port so the server can come
/// back where the app expects it.
async fn demo_database() -> (TestDatabase, ServeConfig) {
    let db = TestDatabase::create().await;
    seed_demo(&db.args).await.expect("demo tenants");
    let config = db.serve_config_on_a_fixed_port();
    (db, config)
}

/// The server started with `config`, and the app signed in to acme as its owner and
/// synced once (its data folder lives as long as the returned directory).
async fn owner_signed_in(config: &ServeConfig) -> (TestServer, DesktopSession, tempfile::TempDir) {
    let server = TestServer::start(config).await;
    let data_home = tempfile::tempdir().unwrap();
    let desktop = DesktopSession::launch(&server.address, data_home.path()).await;
    desktop.sign_in("owner@acme.test").await;
    desktop.element("sync-last").await;
    (server, desktop, data_home)
}

/// `POST /v1/dotloop/connect` as acme's owner, then the authorize URL opened and
/// followed back to the callback as a browser would.
async fn connect_as_the_browser_would(address: &str) {
    let http = reqwest::Client::new();
    let token = rest_token(address, "acme", "owner@acme.test").await;
    let answer = http
        .post(format!("{address}/v1/dotloop/connect"))
        .bearer_auth(&token)
        .json(&json!({}))
        .send();
    let started: Value = answer.await.unwrap().json().await.unwrap();
    let url = started["authorizeUrl"].as_str().expect("an authorize URL");
    let page = reqwest::get(url).await.unwrap().text().await.unwrap();
    assert!(page.contains("Connected to Dotloop"), "{page}");
}

/// Searches deals as acme's admin over plain REST (another client than the app) until
/// one matching `query` passes `wanted`.
async fn deal_seen_by_another_client(
    address: &str,
    query: &str,
    wanted: impl Fn(&Value) -> bool,
) -> Value {
    let http = reqwest::Client::new();
    let token = rest_token(address, "acme", "admin@acme.test").await;
    for _ in 0..60 {
        let page: Value = http
            .get(format!("{address}/v1/transactions?q={query}"))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        if let Some(deal) = page["transactions"]
            .as_array()
            .and_then(|deals| deals.iter().find(|deal| wanted(deal)))
        {
            return deal.clone();
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    panic!("no deal matching {query:?} reached the server as expected");
}
