//! The knowledge base in the real app: an owner writes a document containing "perfect
//! for families", sees the fair-housing warning as they type, publishes it with the
//! acknowledgement, and, with the server stopped, asks the test console and sees the
//! chunk from the encrypted cache. Back online, the chatbot's API key finds it through
//! `/v1/kb/search`, and another tenant's key does not.

// The shared window harness; this file needs only part of it.
#[allow(dead_code)]
mod support;

use brokerdesk_server::app::config::ServeConfig;
use brokerdesk_server::seed::seed_demo;
use brokerdesk_server::testing::{TestDatabase, TestServer};
use serde_json::{Value, json};
use support::{DesktopSession, rest_token};

const TITLE: &str = "Zebracorn Meadows open house";
const QUESTION: &str = "When is the zebracorn meadows open house?";

#[tokio::test(flavor = "multi_thread")]
async fn a_document_is_linted_published_and_found_offline_then_by_the_chatbot() {
    let db = TestDatabase::create().await;
    seed_demo(&db.args).await.expect("demo tenants");
    let config: ServeConfig = db.serve_config_on_a_fixed_port();
    let server = TestServer::start(&config).await;
    let data_home = tempfile::tempdir().unwrap();
    let desktop = DesktopSession::launch(&server.address, data_home.path()).await;
    desktop.sign_in("owner@acme.test").await;
    desktop.element("sync-last").await;

    desktop.visit("#/knowledge-base").await;
    desktop.wait_for_text("kb-items", "Earnest money").await;
    desktop.screenshot("kb-01-items").await;

    // 1. Written in the app: the lint warns as the owner types.
    desktop.click("kb-new-document").await;
    desktop.fill("kb-title", TITLE).await;
    desktop
        .fill(
            "kb-markdown",
            "# Zebracorn Meadows open house\n\nThe open house is on Saturday from 1 to 4 pm. \
             The three-bedroom home is perfect for families.",
        )
        .await;
    let findings = desktop.wait_for_text("kb-findings", "families").await;
    assert!(findings.to_lowercase().contains("warn"), "{findings}");
    desktop.screenshot("kb-02-lint-warning").await;
    desktop.click("kb-save").await;
    desktop.wait_for_text("kb-editor-state", "Draft").await;

    // 2. Published with the acknowledgement.
    desktop.click("kb-publish-open").await;
    desktop.wait_for_text("kb-publish-dialog", "families").await;
    desktop
        .fill("kb-publish-note", "Open house announcement")
        .await;
    desktop.screenshot("kb-03-publish-dialog").await;
    desktop.click("kb-publish-acknowledge").await;
    desktop.click("kb-publish-confirm").await;
    desktop.wait_for_text("kb-editor-state", "Published").await;

    // 3. Offline: the test console answers from the encrypted cache.
    server.stop().await;
    desktop.wait_for_state("sync-status", "offline").await;
    desktop.click("kb-tab-console").await;
    desktop.fill("kb-console-question", QUESTION).await;
    desktop.click("kb-console-ask").await;
    // 4. The chunk, on the published side.
    let published = desktop.wait_for_text("kb-console-published", TITLE).await;
    assert!(published.contains("Saturday from 1 to 4 pm"), "{published}");
    assert!(
        !published.contains("open houseThe"),
        "the heading and the paragraph are apart: {published}"
    );
    desktop.screenshot("kb-04-console-offline").await;

    // Back online: the chatbot's key finds it; another tenant's key does not.
    let server = TestServer::start(&config).await;
    let acme = chatbot_titles(&server.address, "acme", "owner@acme.test").await;
    assert_eq!(acme.first().map(String::as_str), Some(TITLE), "{acme:?}");
    let summit = chatbot_titles(&server.address, "summit", "owner@summit.test").await;
    assert!(!summit.iter().any(|t| t == TITLE), "{summit:?}");

    desktop.close().await;
    server.stop().await;
}

/// The titles `/v1/kb/search` returns for the question to a fresh `kb:read` key of the
/// tenant, made by its owner over REST.
async fn chatbot_titles(address: &str, tenant: &str, owner: &str) -> Vec<String> {
    let http = reqwest::Client::new();
    let token = rest_token(address, tenant, owner).await;
    let created: Value = http
        .post(format!("{address}/v1/api-keys"))
        .bearer_auth(&token)
        .json(&json!({ "name": "Website chatbot", "scopes": ["kb:read"] }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let key = created["key"].as_str().expect("the key, shown once");
    let found = http
        .post(format!("{address}/v1/kb/search"))
        .bearer_auth(key)
        .json(&json!({ "question": QUESTION, "topK": 5 }))
        .send()
        .await
        .unwrap();
    assert!(found.status().is_success(), "{:?}", found.text().await);
    let hits: Vec<Value> = found.json().await.unwrap();
    hits.iter()
        .map(|h| h["title"].as_str().unwrap_or_default().to_owned())
        .collect()
}
