//! The knowledge base in the desktop cache, end to end against the real API and
//! PostgreSQL: items, versions and chunks sync into a real SQLCipher cache; the offline
//! test console finds what the server's search finds; a draft shows on the console's
//! drafts side only until it is published; unpublishing and deleting reach the cache as
//! tombstones; agents read but cannot write; another tenant's cache holds none of it.

mod support;

use brokerdesk_client::kb::{self, console};
use brokerdesk_core::kb::console::KbConsoleHit;
use brokerdesk_core::kb::item::{FieldFinding, KbContent, KbDraft, KbItemState, PublishRequest};
use brokerdesk_core::kb::lint::{LintClass, Severity};
use brokerdesk_core::kb::search::KbSearchRequest;
use brokerdesk_core::protocol::{PROTOCOL_HEADER, PROTOCOL_VERSION};
use brokerdesk_server::seed::seed_demo;
use brokerdesk_server::testing::TestApp;
use brokerdesk_server::testing::kb::labelled_questions;
use reqwest::StatusCode;
use serde_json::{Value, json};
use support::Device;

async fn synced(app: &TestApp, tenant: &str, email: &str) -> Device {
    let device = Device::demo(&app.address, tenant, email).await;
    device.engine.sync_once().await.unwrap();
    device
}

fn question(text: &str) -> KbSearchRequest {
    KbSearchRequest {
        question: text.into(),
        top_k: Some(5),
        tags: Vec::new(),
        collection: None,
    }
}

async fn offline(device: &Device, side: console::Side, text: &str) -> Vec<KbConsoleHit> {
    console::search(device.engine.store().pool(), side, &question(text), 5)
        .await
        .unwrap()
}

/// The server's top five for `text`, as the owner's token asks.
async fn server_titles(app: &TestApp, device: &Device, text: &str) -> Vec<String> {
    let token = device.session.access_token().await.unwrap();
    let found = reqwest::Client::new()
        .post(format!("{}/v1/kb/search", app.address))
        .bearer_auth(token)
        .header(PROTOCOL_HEADER, PROTOCOL_VERSION.to_string())
        .json(&json!({ "question": text, "topK": 5 }))
        .send()
        .await
        .unwrap();
    assert_eq!(found.status(), StatusCode::OK);
    let hits: Vec<Value> = found.json().await.unwrap();
    hits.iter()
        .map(|h| h["title"].as_str().unwrap().to_owned())
        .collect()
}

fn document(title: &str, markdown: &str) -> KbDraft {
    KbDraft {
        title: title.into(),
        tags: vec!["test".into()],
        collection: None,
        content: KbContent::Document {
            markdown: markdown.into(),
            file: None,
        },
    }
}

#[tokio::test]
async fn the_offline_console_finds_what_the_server_finds() {
    let app = TestApp::spawn().await;
    seed_demo(&app.db.args).await.unwrap();
    let owner = synced(&app, "acme", "owner@acme.test").await;
    let store = owner.engine.store();

    let items = kb::items(store).await.unwrap();
    assert!(
        items.len() >= 40,
        "the demo knowledge base is cached: {}",
        items.len()
    );
    assert!(items.iter().any(|i| i.state == KbItemState::Published));

    // Every labelled question: the expected item among the console's first five, and
    // the console's first hit the server's.
    let questions = labelled_questions();
    let (mut found, mut same_first) = (0, 0);
    for labelled in &questions {
        let hits = offline(&owner, console::Side::Published, &labelled.question).await;
        if hits.iter().any(|h| h.title == labelled.expected) {
            found += 1;
        }
        let server = server_titles(&app, &owner, &labelled.question).await;
        if hits.first().map(|h| &h.title) == server.first() {
            same_first += 1;
        }
    }
    let n = questions.len() as f64;
    let recall = found as f64 / n;
    let agreement = same_first as f64 / n;
    assert!(recall >= 0.85, "offline recall@5 {recall:.2}");
    assert!(
        agreement >= 0.7,
        "top-1 agreement with the server {agreement:.2}"
    );

    // Another tenant's cache holds none of it.
    let other = synced(&app, "summit", "owner@summit.test").await;
    let theirs = kb::items(other.engine.store()).await.unwrap();
    assert!(
        theirs
            .iter()
            .all(|i| !items.iter().any(|mine| mine.id == i.id))
    );
    let leaked = offline(&other, console::Side::Published, "earnest money deposit").await;
    assert!(
        leaked
            .iter()
            .all(|h| !items.iter().any(|mine| mine.id == h.item_id)),
        "another tenant's console finds none of acme's chunks"
    );
}

#[tokio::test]
async fn a_draft_shows_on_the_drafts_side_until_published_and_leaves_when_deleted() {
    let app = TestApp::spawn().await;
    seed_demo(&app.db.args).await.unwrap();
    let owner = synced(&app, "acme", "owner@acme.test").await;
    let token = owner.session.access_token().await.unwrap();
    let api = owner.session.api().authorised(&token);

    let draft = document(
        "Zebracorn open house",
        "# Zebracorn open house\n\nThe zebracorn open house is perfect for families.",
    );
    let findings = kb::lint(owner.engine.store(), &draft).await.unwrap();
    assert!(
        findings
            .iter()
            .any(|f| f.finding.severity == Severity::Warn && f.finding.text.contains("families")),
        "the lint flags it offline: {findings:?}"
    );
    let saved = api.add_kb_item(&draft).await.unwrap();
    let id = saved.item.id;
    owner.engine.sync_once().await.unwrap();
    let drafts = offline(&owner, console::Side::Drafts, "zebracorn open house").await;
    assert_eq!(drafts.first().map(|h| h.item_id), Some(id));
    assert_eq!(drafts[0].version_id, None);
    assert!(
        offline(&owner, console::Side::Published, "zebracorn")
            .await
            .is_empty(),
        "the chatbot does not see a draft"
    );

    let unacknowledged = PublishRequest {
        note: "First".into(),
        acknowledge_warnings: false,
    };
    assert!(matches!(
        api.publish_kb_item(id, &unacknowledged).await.unwrap(),
        kb::api::PublishAnswer::Refused(refused) if refused.code == "kb_lint_unacknowledged"
            && !refused.findings.is_empty()
    ));
    let acknowledged = PublishRequest {
        note: "First".into(),
        acknowledge_warnings: true,
    };
    assert!(matches!(
        api.publish_kb_item(id, &acknowledged).await.unwrap(),
        kb::api::PublishAnswer::Published(_)
    ));
    owner.engine.sync_once().await.unwrap();
    let published = offline(&owner, console::Side::Published, "zebracorn open house").await;
    assert_eq!(published.first().map(|h| h.item_id), Some(id));
    assert!(published[0].version_id.is_some());
    let versions = kb::versions(owner.engine.store(), id).await.unwrap();
    assert_eq!(versions.len(), 1);

    // A changed draft: the diff from the version to the draft shows the new line.
    let mut changed = draft.clone();
    changed.content = KbContent::Document {
        markdown: "# Zebracorn open house\n\nThe zebracorn open house welcomes everyone.".into(),
        file: None,
    };
    api.save_kb_draft(id, &changed).await.unwrap();
    owner.engine.sync_once().await.unwrap();
    let diff = kb::diff(owner.engine.store(), id, versions[0].id, None)
        .await
        .unwrap();
    assert_eq!((diff.inserted, diff.deleted), (1, 1));
    let item = kb::item(owner.engine.store(), id).await.unwrap();
    assert_eq!(item.state, KbItemState::Changed);

    api.unpublish_kb_item(id).await.unwrap();
    owner.engine.sync_once().await.unwrap();
    assert!(
        offline(&owner, console::Side::Published, "zebracorn")
            .await
            .is_empty(),
        "unpublishing reaches the cache"
    );
    api.delete_kb_item(id).await.unwrap();
    owner.engine.sync_once().await.unwrap();
    assert!(
        offline(&owner, console::Side::Drafts, "zebracorn")
            .await
            .is_empty()
    );
    assert!(matches!(
        kb::item(owner.engine.store(), id).await,
        Err(kb::KbReadError::NoSuchItem)
    ));
}

#[tokio::test]
async fn an_agent_reads_the_knowledge_base_but_cannot_change_it() {
    let app = TestApp::spawn().await;
    seed_demo(&app.db.args).await.unwrap();
    let agent = synced(&app, "acme", "agent@acme.test").await;
    assert!(!kb::items(agent.engine.store()).await.unwrap().is_empty());
    let hits = offline(&agent, console::Side::Published, "earnest money").await;
    assert!(!hits.is_empty(), "agents can ask the console");

    let token = agent.session.access_token().await.unwrap();
    let refused = agent
        .session
        .api()
        .authorised(&token)
        .add_kb_item(&document("Agent's note", "Not allowed."))
        .await
        .unwrap_err();
    assert_eq!(refused.status(), Some(StatusCode::FORBIDDEN));
}

#[tokio::test]
async fn the_offline_lint_applies_the_license_state_the_cached_settings_hold() {
    let app = TestApp::spawn().await;
    seed_demo(&app.db.args).await.unwrap();
    let owner = synced(&app, "acme", "owner@acme.test").await;
    let draft = document("Rental terms", "Two bedrooms. No section 8.");
    let blocked_by_state = |findings: &[FieldFinding]| {
        findings.iter().any(|f| {
            f.finding.severity == Severity::Block && f.finding.class == LintClass::SourceOfIncome
        })
    };
    let federal = kb::lint(owner.engine.store(), &draft).await.unwrap();
    assert!(!blocked_by_state(&federal), "{federal:?}");

    let token = owner.session.access_token().await.unwrap();
    let http = reqwest::Client::new();
    let mut settings: Value = http
        .get(format!("{}/v1/settings", app.address))
        .bearer_auth(&token)
        .header(PROTOCOL_HEADER, PROTOCOL_VERSION)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    settings["licenseState"] = json!("CA");
    let saved = http
        .put(format!("{}/v1/settings", app.address))
        .bearer_auth(&token)
        .header(PROTOCOL_HEADER, PROTOCOL_VERSION)
        .json(&settings)
        .send()
        .await
        .unwrap();
    assert_eq!(saved.status(), StatusCode::OK, "{:?}", saved.text().await);
    owner.engine.sync_once().await.unwrap();

    let californian = kb::lint(owner.engine.store(), &draft).await.unwrap();
    assert!(blocked_by_state(&californian), "{californian:?}");
}
