//! A deal entered by hand on the desktop, end to end: checked by core before anything is
//! queued, shown at once as pending in a real SQLCipher cache, pushed to the real API and
//! PostgreSQL, read back over REST and pulled by another member's device; refused and
//! rolled back for a member who may not write deals. (The plan's quota, checked here
//! before anything is queued, is in transactions_offline.rs.)

mod support;

use brokerdesk_client::transactions::screens::transaction_detail;
use brokerdesk_core::leads::view::EditState;
use brokerdesk_core::sync::SyncEntity;
use brokerdesk_core::sync::push::MutationOp;
use brokerdesk_core::transactions::NewTransaction;
use brokerdesk_server::seed::seed_demo;
use brokerdesk_server::testing::TestApp;
use chrono::Utc;
use serde_json::{Value, json};
use support::Device;

fn new_deal(value: Value) -> NewTransaction {
    serde_json::from_value(value).unwrap()
}

fn harbor_pier() -> NewTransaction {
    new_deal(json!({
        "name": " 4 Pier Rd ", "status": "Under Contract", "transactionType": "purchase offer",
        "salePrice": "510000.00", "commissionRate": "2.5", "closingDate": "2026-12-20",
        "address": {"streetNumber": "4", "streetName": "Pier Rd", "postalCode": "04101"}
    }))
}

async fn synced(app: &TestApp, email: &str) -> Device {
    let device = Device::demo(&app.address, "acme", email).await;
    device.engine.sync_once().await.unwrap();
    device
}

#[tokio::test]
async fn a_deal_entered_offline_is_pending_then_pushed_read_over_rest_and_pulled_elsewhere() {
    let app = TestApp::spawn().await;
    seed_demo(&app.db.args).await.unwrap();
    let owner = synced(&app, "owner@acme.test").await;
    let store = owner.engine.store();
    let today = Utc::now().date_naive();

    let created = store.create_transaction(harbor_pier()).await.unwrap();
    assert_eq!(created.fields.name, "4 Pier Rd", "core trimmed it");
    assert_eq!(created.fields.status.as_deref(), Some("UNDER_CONTRACT"));
    let pending = transaction_detail(store, created.id, today).await.unwrap();
    assert_eq!(
        pending.edit,
        EditState::Pending,
        "shown at once, not yet sent"
    );
    let queued = store.pending(10).await.unwrap();
    assert_eq!(queued.len(), 1);
    assert_eq!(
        (queued[0].op, queued[0].entity, queued[0].entity_id.clone()),
        (
            MutationOp::Create,
            SyncEntity::Transaction,
            created.id.to_string()
        )
    );
    assert_eq!(
        queued[0].changes["transactionType"],
        json!("PURCHASE_OFFER")
    );
    assert_eq!(queued[0].changes["address"]["postalCode"], json!("04101"));

    owner.engine.sync_once().await.unwrap();
    let sent = transaction_detail(store, created.id, today).await.unwrap();
    assert_eq!(sent.edit, EditState::Synced, "the server took the create");
    assert!(store.pending(10).await.unwrap().is_empty());

    let token = app.demo_token("acme", "admin@acme.test").await;
    let over_rest = app
        .get(&format!("/v1/transactions/{}", created.id), &token)
        .await;
    assert_eq!(over_rest.status, 200, "{:?}", over_rest.body);
    let deal = &over_rest.body;
    assert_eq!(deal["name"], "4 Pier Rd", "{deal}");
    assert_eq!(deal["status"], "UNDER_CONTRACT");
    assert_eq!(deal["salePrice"], "510000.00", "money stays exact");
    assert_eq!(
        deal["address"]["postalCode"], "04101",
        "the ZIP keeps its zero"
    );
    assert_eq!(
        deal["loopViewId"],
        Value::Null,
        "entered by hand, not a loop"
    );

    let admin = synced(&app, "admin@acme.test").await;
    let pulled = transaction_detail(admin.engine.store(), created.id, today)
        .await
        .unwrap();
    assert_eq!(
        pulled.transaction.fields.closing_date,
        created.fields.closing_date
    );
    assert_eq!(pulled.edit, EditState::Synced);
}

#[tokio::test]
async fn bad_deals_are_refused_before_anything_is_queued_and_an_agents_create_is_rolled_back() {
    let app = TestApp::spawn().await;
    seed_demo(&app.db.args).await.unwrap();
    let owner = synced(&app, "owner@acme.test").await;
    let store = owner.engine.store();
    let seeded = store.count(SyncEntity::Transaction).await.unwrap();
    for (bad, why) in [
        (json!({"status": "SOLD"}), "needs a name"),
        (
            json!({"name": "x", "commissionRate": "300000"}),
            "percent from 0 to 100",
        ),
        (
            json!({"name": "x", "salePrice": "1.001"}),
            "dollars and cents",
        ),
        (
            json!({"name": "x", "closingDate": "1066-10-14"}),
            "plausible",
        ),
    ] {
        let refused = store
            .create_transaction(new_deal(bad.clone()))
            .await
            .unwrap_err();
        assert!(refused.to_string().contains(why), "{bad}: {refused}");
    }
    assert!(
        store.pending(10).await.unwrap().is_empty(),
        "nothing queued"
    );
    assert_eq!(store.count(SyncEntity::Transaction).await.unwrap(), seeded);

    // Agents read the deals they take part in but may not write any: the server refuses
    // the create, and this device rolls it back and keeps the reason.
    let agent = synced(&app, "agent@acme.test").await;
    let store = agent.engine.store();
    let created = store.create_transaction(harbor_pier()).await.unwrap();
    agent.engine.sync_once().await.unwrap();
    let gone = transaction_detail(store, created.id, Utc::now().date_naive()).await;
    assert_eq!(
        gone.unwrap_err().code(),
        "not_found",
        "the refused create is gone"
    );
    let refused = store.rejected().await.unwrap();
    assert_eq!(refused.len(), 1);
    assert_eq!(
        (refused[0].entity, refused[0].code.as_str()),
        (SyncEntity::Transaction, "forbidden")
    );
    let token = app.demo_token("acme", "owner@acme.test").await;
    let missing = app
        .get(&format!("/v1/transactions/{}", created.id), &token)
        .await;
    assert_eq!(missing.status, 404, "never stored");
}
