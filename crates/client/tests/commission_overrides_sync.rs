//! A deal's split override, end to end: set, changed and removed offline in a real
//! SQLCipher cache (shown at once, checked by core's rule before anything is queued),
//! pushed to the real API and PostgreSQL; one set by a member who may not manage plans
//! is refused there and rolled back here with the reason.

mod support;

use brokerdesk_client::commissions::overrides::override_rows;
use brokerdesk_client::sync::StoreError;
use brokerdesk_core::commissions::OverrideTerms;
use brokerdesk_core::ids::{RosterAgentId, TransactionId};
use brokerdesk_core::leads::view::EditState;
use brokerdesk_core::sync::SyncEntity;
use brokerdesk_core::sync::push::MutationOp;
use brokerdesk_server::seed::seed_demo;
use brokerdesk_server::testing::TestApp;
use reqwest::StatusCode;
use rust_decimal::Decimal;
use serde_json::json;
use support::Device;

fn terms(percent: &str, reason: &str) -> OverrideTerms {
    OverrideTerms {
        agent_percent: percent.parse::<Decimal>().unwrap(),
        reason: reason.into(),
    }
}

/// A cached deal without an override (the demo seed puts some on a few deals) and a
/// cached roster agent (the first of each).
async fn deal_and_agent(device: &Device) -> (TransactionId, RosterAgentId) {
    let store = device.engine.store();
    let ids = |records: Vec<serde_json::Value>, field: &str| -> Vec<String> {
        records
            .iter()
            .map(|r| r[field].as_str().unwrap().to_owned())
            .collect()
    };
    let overridden = ids(
        store.records(SyncEntity::CommissionOverride).await.unwrap(),
        "transaction",
    );
    let deal = ids(store.records(SyncEntity::Transaction).await.unwrap(), "id")
        .into_iter()
        .find(|deal| !overridden.contains(deal))
        .unwrap();
    let agent = ids(store.records(SyncEntity::RosterAgent).await.unwrap(), "id").remove(0);
    (deal.parse().unwrap(), agent.parse().unwrap())
}

#[tokio::test]
async fn an_override_set_changed_and_removed_offline_reaches_the_server() {
    let app = TestApp::spawn().await;
    seed_demo(&app.db.args).await.unwrap();
    let token = app.demo_token("acme", "owner@acme.test").await;
    let device = Device::demo(&app.address, "acme", "admin@acme.test").await;
    device.engine.sync_once().await.unwrap();
    let store = device.engine.store();
    let (deal, agent) = deal_and_agent(&device).await;

    let set = store
        .set_commission_override(deal, agent, terms("80", "  Offline split "))
        .await
        .unwrap();
    assert_eq!(set.reason, "Offline split");
    let rows = override_rows(store, deal).await.unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(
        (rows[0].record.id, rows[0].edit),
        (set.id, EditState::Pending)
    );
    assert!(
        override_rows(store, TransactionId::new())
            .await
            .unwrap()
            .is_empty(),
        "another deal has none"
    );

    // Refused here by core's rule, before anything is queued.
    for bad in [
        terms("101", "Too much"),
        terms("80", "two\nlines"),
        terms("80", " "),
    ] {
        let refused = store
            .set_commission_override(deal, agent, bad)
            .await
            .unwrap_err();
        match refused {
            StoreError::InvalidEdit(invalid) => {
                assert_eq!(invalid.code, "invalid_commission_override")
            }
            other => panic!("{other:?}"),
        }
    }
    // Set again before any push: the same override, changed.
    let changed = store
        .set_commission_override(deal, agent, terms("85", "Offline split, raised"))
        .await
        .unwrap();
    assert_eq!(changed.id, set.id);
    let queued = store.pending(10).await.unwrap();
    let ops: Vec<MutationOp> = queued.iter().map(|m| m.op).collect();
    assert_eq!(ops, [MutationOp::Create, MutationOp::Update]);
    assert_eq!(queued[0].changes["agentPercent"], json!("80"));
    assert_eq!(queued[0].changes["reason"], json!("Offline split"));

    device.engine.sync_once().await.unwrap();
    let rows = override_rows(store, deal).await.unwrap();
    assert_eq!(rows[0].edit, EditState::Synced, "the server took both");
    let path = format!("/v1/transactions/{deal}/commission-overrides");
    let on_server = app.get(&path, &token).await;
    assert_eq!(on_server.status, StatusCode::OK, "{:?}", on_server.body);
    assert_eq!(on_server.body.as_array().unwrap().len(), 1);
    assert_eq!(on_server.body[0]["id"], set.id.to_string());
    assert_eq!(on_server.body[0]["agentPercent"], "85");
    assert_eq!(on_server.body[0]["reason"], "Offline split, raised");

    store.remove_commission_override(set.id).await.unwrap();
    let rows = override_rows(store, deal).await.unwrap();
    assert!(rows[0].revoking, "the removal waits to sync");
    device.engine.sync_once().await.unwrap();
    assert!(override_rows(store, deal).await.unwrap().is_empty());
    assert_eq!(app.get(&path, &token).await.body, json!([]));
}

#[tokio::test]
async fn an_override_by_a_member_who_may_not_manage_plans_is_rolled_back() {
    let app = TestApp::spawn().await;
    seed_demo(&app.db.args).await.unwrap();
    let device = Device::demo(&app.address, "acme", "viewer@acme.test").await;
    device.engine.sync_once().await.unwrap();
    let store = device.engine.store();
    let (deal, agent) = deal_and_agent(&device).await;

    store
        .set_commission_override(deal, agent, terms("100", "Mine now"))
        .await
        .unwrap();
    assert_eq!(override_rows(store, deal).await.unwrap().len(), 1);
    device.engine.sync_once().await.unwrap();
    assert!(
        override_rows(store, deal).await.unwrap().is_empty(),
        "the refused override is gone"
    );
    let refused = store.rejected().await.unwrap();
    assert_eq!(refused.len(), 1);
    assert_eq!(refused[0].entity, SyncEntity::CommissionOverride);
    assert_eq!(refused[0].code, "forbidden");
}
