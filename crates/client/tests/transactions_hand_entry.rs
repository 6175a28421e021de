//! A deal entered by hand on the desktop, end to end: checked by core before anything is
//! queued, shown at once as pending in a real SQLCipher cache, pushed to the real API and
//! PostgreSQL, read back over REST and pulled by another member's device; refused and
//! rolled back for a member who may not write deals. And the plan's transaction quota,
//! checked on this computer before a hand entry or a Dotloop import is queued.

mod support;

use brokerdesk_client::cache::{CacheLocation, TenantCache};
use brokerdesk_client::secrets::MemorySecretStore;
use brokerdesk_client::sync::LocalStore;
use brokerdesk_client::transactions::import::apply_dotloop_import;
use brokerdesk_client::transactions::screens::transaction_detail;
use brokerdesk_core::identity::TenantSummary;
use brokerdesk_core::ids::{TenantId, TransactionId};
use brokerdesk_core::leads::view::EditState;
use brokerdesk_core::plan::PlanTier;
use brokerdesk_core::sync::pull::{Change, PullPage};
use brokerdesk_core::sync::push::MutationOp;
use brokerdesk_core::sync::{SyncEntity, TenantSnapshot};
use brokerdesk_core::tenant::TenantStatus;
use brokerdesk_core::transactions::{NewTransaction, Transaction, TransactionFields};
use brokerdesk_core::usage::{PlanUsage, Usage};
use brokerdesk_server::seed::seed_demo;
use brokerdesk_server::testing::TestApp;
use chrono::Utc;
use serde_json::{Value, json};
use serde_json::value::to_raw_value;
use support::Device;

const GOLDEN: &[u8] = include_bytes!("../../core/tests/data/dotloop/export.csv");

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
    assert_eq!(pending.edit, EditState::Pending, "shown at once, not yet sent");
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
    assert_eq!(queued[0].changes["transactionType"], json!("PURCHASE_OFFER"));
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
    assert_eq!(deal["address"]["postalCode"], "04101", "the ZIP keeps its zero");
    assert_eq!(deal["loopViewId"], Value::Null, "entered by hand, not a loop");

    let admin = synced(&app, "admin@acme.test").await;
    let pulled = transaction_detail(admin.engine.store(), created.id, today)
        .await
        .unwrap();
    assert_eq!(pulled.transaction.fields.closing_date, created.fields.closing_date);
    assert_eq!(pulled.edit, EditState::Synced);
}

#[tokio::test]
async fn bad_deals_are_refused_before_anything_is_queued_and_an_agents_create_is_rolled_back() {
    let app = TestApp::spawn().await;
    seed_demo(&app.db.args).await.unwrap();
    let owner = synced(&app, "owner@acme.test").await;
    let store = owner.engine.store();
    for (bad, why) in [
        (json!({"status": "SOLD"}), "needs a name"),
        (json!({"name": "x", "commissionRate": "300000"}), "percent from 0 to 100"),
        (json!({"name": "x", "salePrice": "1.001"}), "dollars and cents"),
        (json!({"name": "x", "closingDate": "1066-10-14"}), "plausible"),
    ] {
        let refused = store.create_transaction(new_deal(bad.clone())).await.unwrap_err();
        assert!(refused.to_string().contains(why), "{bad}: {refused}");
    }
    assert!(store.pending(10).await.unwrap().is_empty(), "nothing queued");
    assert_eq!(store.count(SyncEntity::Transaction).await.unwrap(), 0);

    // Agents read the deals they take part in but may not write any: the server refuses
    // the create, and this device rolls it back and keeps the reason.
    let agent = synced(&app, "agent@acme.test").await;
    let store = agent.engine.store();
    let created = store.create_transaction(harbor_pier()).await.unwrap();
    agent.engine.sync_once().await.unwrap();
    let gone = transaction_detail(store, created.id, Utc::now().date_naive()).await;
    assert_eq!(gone.unwrap_err().code(), "not_found", "the refused create is gone");
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

/// A cache whose last sync said the tenant is on the Free plan (1,000 deals) and brought
/// `deals` deals.
async fn free_plan_cache_with(deals: usize) -> (tempfile::TempDir, TenantCache, LocalStore, TenantId) {
    let dir = tempfile::tempdir().unwrap();
    let tenant = TenantId::new();
    let location = CacheLocation::new(dir.path(), "http://quota.test", tenant);
    let cache = TenantCache::open(location, &MemorySecretStore::default())
        .await
        .unwrap();
    let store = LocalStore::new(cache.pool().clone());
    let now = Utc::now();
    let changes: Vec<Change> = (0..deals)
        .map(|n| {
            let deal = Transaction {
                id: TransactionId::new(),
                fields: TransactionFields {
                    name: format!("{n} Synced St"),
                    ..Default::default()
                },
                created_at: now,
                updated_at: now,
                version: 1,
            };
            Change {
                entity: SyncEntity::Transaction,
                id: deal.id.to_string(),
                version: 1,
                data: Some(to_raw_value(&deal).unwrap()),
            }
        })
        .collect();
    let snapshot = TenantSnapshot {
        tenant: TenantSummary {
            id: tenant,
            name: "Quota Realty".into(),
            subdomain: "quota".into(),
            plan: PlanTier::Free,
            status: TenantStatus::Active,
        },
        plan_usage: Some(PlanUsage {
            plan: PlanTier::Free.plan(),
            status: TenantStatus::Active,
            trial_ends_at: None,
            usage: Usage {
                users: 1,
                invited_users: 0,
                leads: 0,
                ai_calls_this_month: 0,
                storage_bytes: 0,
            },
        }),
    };
    let page = PullPage {
        next: changes.last().unwrap().cursor(),
        changes,
        has_more: false,
        clock: 1,
        remaining: None,
        tenant: Some(snapshot),
    };
    store.apply_page(&page).await.unwrap();
    (dir, cache, store, tenant)
}

#[tokio::test]
async fn an_import_past_the_plans_quota_is_refused_whole_saying_how_many_are_over() {
    // The golden export has 6 new loops; 997 deals leave room for 3.
    let (_dir, _cache, store, tenant) = free_plan_cache_with(997).await;
    let refused = apply_dotloop_import(&store, tenant, GOLDEN.to_vec(), |_| {})
        .await
        .unwrap_err();
    assert_eq!(refused.code(), "quota_exceeded");
    assert_eq!(
        refused.to_string(),
        "Your Free plan allows 1,000 transactions and you have 997, so adding 6 would go over. \
         Upgrade, or add fewer. 3 of the 6 new deals of the file are over the limit; nothing was queued."
    );
    assert!(store.pending(10).await.unwrap().is_empty(), "nothing queued");
    assert_eq!(store.count(SyncEntity::Transaction).await.unwrap(), 997);

    // With room for all six it goes through, and a hand entry then finds the plan full
    // (the six queued here count, though the server has not seen them).
    let (_dir, _cache, store, tenant) = free_plan_cache_with(994).await;
    let imported = apply_dotloop_import(&store, tenant, GOLDEN.to_vec(), |_| {})
        .await
        .unwrap();
    assert_eq!(imported.created, 6);
    let full = store.create_transaction(harbor_pier()).await.unwrap_err();
    assert_eq!(full.code(), "quota_exceeded");
    assert_eq!(
        full.to_string(),
        "Your Free plan allows 1,000 transactions and you have 1,000. Upgrade to add more."
    );
    assert_eq!(store.pending(100).await.unwrap().len(), 6);
}
