//! The client engine against the real API, real PostgreSQL and real SQLCipher caches:
//! convergence with field merge and conflicts, replay after a crash, interrupted pulls,
//! rejected edits, crypto-shredding, cache resets and live wake-ups.

mod support;

use brokerdesk_client::api::ApiClient;
use brokerdesk_client::cache::TenantCache;
use brokerdesk_client::sync::{EngineConfig, SyncEngine, SyncError};
use brokerdesk_core::identity::UpdateTenantRequest;
use brokerdesk_core::leads::list::LeadListQuery;
use brokerdesk_core::leads::{LeadChanges, LeadStage};
use brokerdesk_core::sync::SyncEntity;
use brokerdesk_core::sync::push::PushRequest;
use brokerdesk_core::sync::state::SyncPhase;
use brokerdesk_core::tenant::TenantStatus;
use brokerdesk_server::sealed::MasterKey;
use brokerdesk_server::seed::{seed_demo, seed_demo_staff};
use brokerdesk_server::testing::leads::seed_leads;
use brokerdesk_server::testing::transactions::seed_transactions;
use brokerdesk_server::testing::{TEST_MASTER_KEY, TestApp};
use reqwest::Method;
use std::sync::Arc;
use std::time::Duration;
use support::{Device, contains, demo_staff_token, shared_lead};

fn named(name: &str) -> LeadChanges {
    LeadChanges {
        name: Some(name.to_owned()),
        ..LeadChanges::default()
    }
}

async fn demo() -> TestApp {
    let app = TestApp::spawn().await;
    seed_demo(&app.db.args).await.unwrap();
    app
}

#[tokio::test]
async fn two_devices_edit_offline_and_converge_with_field_merge_and_a_recorded_conflict() {
    let app = demo().await;
    let laptop = Device::demo(&app.address, "acme", "owner@acme.test").await;
    let phone = Device::demo(&app.address, "acme", "admin@acme.test").await;

    let lead = shared_lead(&laptop, &phone, "Dana Duo").await;
    assert_eq!(
        phone
            .engine
            .store()
            .lead(lead.id)
            .await
            .unwrap()
            .unwrap()
            .name,
        "Dana Duo"
    );

    // Both offline: each edits the name, and one other field of its own.
    let laptop_edit = LeadChanges {
        stage: Some(LeadStage::Qualified),
        ..named("Dana From Laptop")
    };
    let phone_edit = LeadChanges {
        notes: Some("Prefers texts".into()),
        ..named("Dana From Phone")
    };
    laptop
        .engine
        .store()
        .update_lead(lead.id, laptop_edit)
        .await
        .unwrap();
    phone
        .engine
        .store()
        .update_lead(lead.id, phone_edit)
        .await
        .unwrap();
    assert_eq!(
        laptop.engine.state().pending_edits,
        0,
        "state counts refresh on sync"
    );

    laptop.engine.sync_once().await.unwrap();
    phone.engine.sync_once().await.unwrap();
    laptop.engine.sync_once().await.unwrap();

    for device in [&laptop, &phone] {
        let store = device.engine.store();
        let merged = store.lead(lead.id).await.unwrap().unwrap();
        assert_eq!(merged.name, "Dana From Phone", "the later push wins");
        assert_eq!(merged.stage, LeadStage::Qualified);
        assert_eq!(merged.notes, "Prefers texts");
        let conflicts = store.conflicts().await.unwrap();
        assert_eq!(conflicts.len(), 1, "both sides see the conflict");
        assert_eq!(conflicts[0].field, "name");
        assert_eq!(conflicts[0].overwritten_value, "Dana From Laptop");
        let state = device.engine.state();
        assert_eq!((state.pending_edits, state.conflicts), (0, 1));
        assert!(state.online && state.last_synced_at.is_some());
    }
}

#[tokio::test]
async fn a_push_replayed_after_a_crash_between_send_and_acknowledgement_is_applied_once() {
    let app = demo().await;
    let device = Device::demo(&app.address, "acme", "owner@acme.test").await;
    let store = device.engine.store();
    let lead = store.create_lead(named("Rex Replay")).await.unwrap();
    store
        .update_lead(
            lead.id,
            LeadChanges {
                stage: Some(LeadStage::Contacted),
                ..LeadChanges::default()
            },
        )
        .await
        .unwrap();

    // Send exactly what the engine would, then "crash": the answer is never recorded.
    let request = PushRequest {
        device_id: store.device_id().await.unwrap(),
        mutations: store.pending(100).await.unwrap(),
    };
    let token = device.session.access_token().await.unwrap();
    let _lost: serde_json::Value = device
        .session
        .api()
        .call(Method::POST, "v1/sync/push", Some(&token), Some(&request))
        .await
        .unwrap();
    assert_eq!(
        store.pending(100).await.unwrap().len(),
        2,
        "still queued after the crash"
    );

    let report = device.engine.sync_once().await.unwrap();
    assert_eq!(report.pushed, 2);
    assert!(store.pending(100).await.unwrap().is_empty());
    let admin = app.db.admin_pool().await;
    let (leads, created, updated): (i64, i64, i64) = sqlx::query_as(
        "select (select count(*) from leads where id = $1),
                (select count(*) from audit_entries where action = 'lead.created' and target = $1::text),
                (select count(*) from audit_entries where action = 'lead.updated' and target = $1::text)",
    )
    .bind(lead.id.as_uuid())
    .fetch_one(&admin)
    .await
    .unwrap();
    assert_eq!(
        (leads, created, updated),
        (1, 1, 1),
        "each mutation applied once"
    );
    let synced = store.lead(lead.id).await.unwrap().unwrap();
    assert_eq!(synced.stage, LeadStage::Contacted);
    assert!(
        synced.version > 0,
        "the server's copy replaced the optimistic one"
    );
}

/// The cache's cursor and lead count, read in one statement: a pull killed a moment ago
/// may still be committing on its connection, and two reads could straddle that commit.
async fn cached_position(device: &Device) -> (brokerdesk_core::sync::Cursor, i64) {
    let (cursor, count): (String, i64) = sqlx::query_as(
        "select (select value from cache_meta where key = 'sync_cursor'),
                (select count(*) from records where entity = 'lead')",
    )
    .fetch_one(device.engine.store().pool())
    .await
    .unwrap();
    (serde_json::from_str(&cursor).unwrap(), count)
}

/// The number of the tenant's leads at or before `cursor` in pull order: exactly what a
/// fresh cache that stopped at `cursor` must hold.
async fn leads_up_to(
    admin: &sqlx::PgPool,
    tenant: brokerdesk_core::ids::TenantId,
    cursor: &brokerdesk_core::sync::Cursor,
) -> i64 {
    sqlx::query_scalar(
        "select count(*) from leads
          where tenant_id = $4 and (version < $1 or (version = $1 and ('lead' collate \"C\" < $2
                or ('lead' = $2 and id::text collate \"C\" <= $3))))",
    )
    .bind(cursor.version)
    .bind(&cursor.entity)
    .bind(&cursor.id)
    .bind(tenant.as_uuid())
    .fetch_one(admin)
    .await
    .unwrap()
}

#[tokio::test]
async fn pulls_killed_at_many_points_leave_a_consistent_cache_that_resumes() {
    let app = demo().await;
    let config = EngineConfig {
        page_rows: 150,
        ..EngineConfig::default()
    };
    let secrets = Arc::new(brokerdesk_client::secrets::MemorySecretStore::default());
    let device =
        Device::with_secrets(&app.address, "acme", "owner@acme.test", secrets, config).await;
    let admin = app.db.admin_pool().await;
    seed_leads(&admin, device.session.account().tenant_id, 3_000, None)
        .await
        .unwrap();

    // Stop the pull between pages, at every page boundary of the first few pages...
    for pages in 1..=3 {
        device.engine.pull_pages(1).await.unwrap();
        let (cursor, cached) = cached_position(&device).await;
        assert_eq!(
            cached,
            leads_up_to(&admin, device.session.account().tenant_id, &cursor).await,
            "after {pages} pages"
        );
    }
    // ...and kill it mid-flight at growing delays, wherever that lands: mid-request,
    // mid-transaction or between pages.
    let mut delay = Duration::from_millis(1);
    for _ in 0..12 {
        let engine = device.engine.clone();
        let pulling = tokio::spawn(async move { engine.pull().await });
        tokio::time::sleep(delay).await;
        pulling.abort();
        let _ = pulling.await;
        let (cursor, cached) = cached_position(&device).await;
        assert_eq!(
            cached,
            leads_up_to(&admin, device.session.account().tenant_id, &cursor).await,
            "killed after {delay:?}"
        );
        delay += Duration::from_millis(7);
    }
    device.engine.sync_once().await.unwrap();
    let all: i64 = sqlx::query_scalar("select count(*) from leads where tenant_id = $1")
        .bind(device.session.account().tenant_id.as_uuid())
        .fetch_one(&admin)
        .await
        .unwrap();
    assert_eq!(
        device.engine.store().count(SyncEntity::Lead).await.unwrap(),
        all as u64,
        "the 3,000 seeded here and the demo seed's"
    );
    let again = device.engine.sync_once().await.unwrap();
    assert_eq!(again.pulled, 0, "a finished pull has nothing left");
}

#[tokio::test]
async fn a_refused_edit_is_rolled_back_and_kept_with_its_reason() {
    let app = demo().await;
    let owner = Device::demo(&app.address, "acme", "owner@acme.test").await;
    let viewer = Device::demo(&app.address, "acme", "viewer@acme.test").await;
    let lead = shared_lead(&owner, &viewer, "Rhoda Readonly").await;

    viewer
        .engine
        .store()
        .update_lead(lead.id, named("Changed By Viewer"))
        .await
        .unwrap();
    let optimistic = viewer.engine.store().lead(lead.id).await.unwrap().unwrap();
    assert_eq!(
        optimistic.name, "Changed By Viewer",
        "the edit shows at once"
    );
    // An edit core refuses never reaches the outbox.
    let invalid = LeadChanges {
        phones: Some(vec!["12".into()]),
        ..LeadChanges::default()
    };
    assert!(
        viewer
            .engine
            .store()
            .update_lead(lead.id, invalid)
            .await
            .is_err()
    );

    viewer.engine.sync_once().await.unwrap();
    let rolled_back = viewer.engine.store().lead(lead.id).await.unwrap().unwrap();
    assert_eq!(rolled_back.name, "Rhoda Readonly");
    let rejected = viewer.engine.store().rejected().await.unwrap();
    assert_eq!(rejected.len(), 1);
    assert_eq!(rejected[0].code, "forbidden");
    assert_eq!(rejected[0].changes["name"], "Changed By Viewer");
    assert_eq!(viewer.engine.state().rejected_edits, 1);
    viewer
        .engine
        .store()
        .dismiss_rejected(rejected[0].mutation_id)
        .await
        .unwrap();
    assert!(viewer.engine.store().rejected().await.unwrap().is_empty());
}

#[tokio::test]
async fn losing_access_to_the_tenant_shreds_the_cache_file_and_its_keys() {
    let app = demo().await;
    let owner = Device::demo(&app.address, "acme", "owner@acme.test").await;
    let agent = Device::demo(&app.address, "acme", "agent@acme.test").await;
    agent.engine.sync_once().await.unwrap();
    let location = agent.session.account().cache_location(agent.dir.path());
    assert!(location.path().exists());
    assert!(agent.secrets.get(location.key_name()).unwrap().is_some());

    let token = owner.session.access_token().await.unwrap();
    let path = format!("v1/users/{}/deactivate", agent.session.account().user_id);
    let _: serde_json::Value = owner
        .session
        .api()
        .call::<(), _>(Method::POST, &path, Some(&token), None)
        .await
        .unwrap();

    let error = agent.engine.sync_once().await.unwrap_err();
    assert!(matches!(error, SyncError::AccessLost(_)), "{error}");
    assert_eq!(agent.engine.state().phase, SyncPhase::Stopped);
    for file in [
        location.path().to_owned(),
        location.path().with_extension("db-wal"),
    ] {
        assert!(!file.exists(), "{} survived", file.display());
    }
    assert!(
        agent.secrets.get(location.key_name()).unwrap().is_none(),
        "cache key left"
    );
    assert!(
        agent.sessions.accounts().unwrap().is_empty(),
        "the sign-in is forgotten"
    );
}

#[tokio::test]
async fn a_tenant_deleted_by_staff_has_its_cache_and_key_shredded_at_the_next_sync() {
    let app = demo().await;
    seed_demo_staff(
        &app.db.args,
        &MasterKey::from_base64(TEST_MASTER_KEY).unwrap(),
    )
    .await
    .unwrap();
    let owner = Device::demo(&app.address, "acme", "owner@acme.test").await;
    owner.create_synced("Della Deleted").await;
    let location = owner.session.account().cache_location(owner.dir.path());
    assert!(location.path().exists());

    let staff_api = ApiClient::new(&app.address).unwrap();
    let staff_token = demo_staff_token(&app.address).await;
    let deleted = UpdateTenantRequest {
        status: Some(TenantStatus::Deleted),
        reason: "The brokerage closed its account".into(),
        ..UpdateTenantRequest::default()
    };
    staff_api
        .authorised(&staff_token)
        .update_tenant(owner.session.account().tenant_id, &deleted)
        .await
        .unwrap();

    let error = owner.engine.sync_once().await.unwrap_err();
    assert!(matches!(error, SyncError::AccessLost(_)), "{error}");
    assert!(!location.path().exists(), "the cache file is shredded");
    assert_eq!(owner.secrets.get(location.key_name()).unwrap(), None);
    assert_eq!(
        owner
            .secrets
            .get(&owner.session.account().refresh_key())
            .unwrap(),
        None
    );
    assert!(owner.sessions.accounts().unwrap().is_empty());
}

#[tokio::test]
async fn the_cache_file_holds_no_plaintext() {
    let app = demo().await;
    let device = Device::demo(&app.address, "acme", "owner@acme.test").await;
    device.create_synced("Zebulon Plaintextovich").await;
    let location = device.session.account().cache_location(device.dir.path());
    let mut checked = 0;
    for suffix in ["", "-wal", "-shm"] {
        let mut name = location.path().as_os_str().to_owned();
        name.push(suffix);
        if let Ok(bytes) = std::fs::read(&name) {
            checked += 1;
            assert!(
                !contains(&bytes, b"Plaintextovich"),
                "plaintext in {name:?}"
            );
            assert!(
                !contains(&bytes, b"owner@acme.test"),
                "plaintext in {name:?}"
            );
        }
    }
    assert!(checked >= 1);
    // The data really is in there, behind the key.
    let found = device
        .engine
        .store()
        .lead_page(&LeadListQuery {
            q: Some("plaintextov".into()),
            ..LeadListQuery::default()
        })
        .await
        .unwrap();
    assert_eq!(found.leads.len(), 1);
    // Nothing the session keeps on disk outside the keychain is secret either.
    let accounts = std::fs::read(device.dir.path().join("accounts.json")).unwrap();
    assert!(!contains(&accounts, b"bdr."), "a refresh token on disk");
}

#[tokio::test]
async fn a_cache_with_a_wrong_key_or_a_failed_migration_is_dropped_and_pulled_again() {
    let app = demo().await;
    let device = Device::demo(&app.address, "acme", "owner@acme.test").await;
    device.create_synced("Kim Keyless").await;
    // The demo seed's leads, and the one just made.
    let leads = device.engine.store().count(SyncEntity::Lead).await.unwrap();
    let location = device.session.account().cache_location(device.dir.path());
    device.engine.close().await;

    // A different key in the keychain: the old file is unreadable.
    device
        .secrets
        .set(location.key_name(), &"11".repeat(32))
        .unwrap();
    let (engine, notice) = SyncEngine::open(
        device.sessions.clone(),
        device.session.clone(),
        EngineConfig::default(),
    )
    .await
    .unwrap();
    let notice = notice.expect("the reset is reported");
    assert!(notice.contains("downloaded again"), "{notice}");
    assert_eq!(engine.store().count(SyncEntity::Lead).await.unwrap(), 0);
    engine.sync_once().await.unwrap();
    assert_eq!(engine.store().count(SyncEntity::Lead).await.unwrap(), leads);
    engine.close().await;

    // A migration this build does not recognise: reset too, no crash.
    let cache = TenantCache::open(location.clone(), device.secrets.as_ref())
        .await
        .unwrap();
    sqlx::query("update _sqlx_migrations set checksum = x'00' where version = (select max(version) from _sqlx_migrations)")
        .execute(cache.pool())
        .await
        .unwrap();
    cache.close().await;
    let (engine, notice) = SyncEngine::open(
        device.sessions.clone(),
        device.session.clone(),
        EngineConfig::default(),
    )
    .await
    .unwrap();
    assert!(notice.is_some());
    engine.sync_once().await.unwrap();
    assert_eq!(engine.store().count(SyncEntity::Lead).await.unwrap(), leads);
}

#[tokio::test]
async fn the_background_loop_wakes_on_a_write_made_through_another_instance() {
    let app = demo().await;
    let other = app.another_instance(|_| {}).await;
    let writer = Device::demo(&app.address, "acme", "owner@acme.test").await;
    let watcher = Device::demo(&other.address, "acme", "admin@acme.test").await;
    let (stop, stopped) = tokio::sync::watch::channel(false);
    let mut states = watcher.engine.subscribe();
    let running = tokio::spawn(watcher.engine.clone().run(stopped));
    // Wait until the loop is parked on the server.
    tokio::time::timeout(
        Duration::from_secs(10),
        states.wait_for(|s| s.phase == SyncPhase::Waiting),
    )
    .await
    .unwrap()
    .unwrap();

    let lead = writer.create_synced("Lou Live").await;
    let arrived = tokio::time::timeout(Duration::from_secs(10), async {
        loop {
            if watcher
                .engine
                .store()
                .lead(lead.id)
                .await
                .unwrap()
                .is_some()
            {
                return;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    })
    .await;
    assert!(
        arrived.is_ok(),
        "the waiting device never received the lead"
    );
    stop.send(true).unwrap();
    running.await.unwrap();
    other.stop().await;
}

#[tokio::test]
async fn a_page_of_hundreds_of_deals_indexes_every_one_as_its_own_record_says() {
    let app = demo().await;
    let device = Device::demo(&app.address, "acme", "owner@acme.test").await;
    let admin = app.db.admin_pool().await;
    // More than two of the hook's batches (200 deals), the last one partial.
    seed_transactions(&admin, device.session.account().tenant_id, 450)
        .await
        .unwrap();
    device.engine.sync_once().await.unwrap();

    let pool = device.engine.store().pool();
    let (deals, unindexed, without_agent_key): (i64, i64, i64) = sqlx::query_as(
        "select (select count(*) from records where entity = 'transaction'),
                (select count(*) from records r where entity = 'transaction'
                    and not exists (select 1 from transaction_index i where i.id = r.id)),
                (select count(*) from transaction_index i where i.mls_number like 'ME-%'
                    and not exists (select 1 from transaction_agent_key k where k.id = i.id
                                      and k.email like 'agent%@acme.test'))",
    )
    .fetch_one(pool)
    .await
    .unwrap();
    assert!(deals >= 450, "{deals} deals cached");
    assert_eq!(unindexed, 0, "every cached deal has its index row");
    assert_eq!(
        without_agent_key, 0,
        "every seeded deal's listing agent is a key"
    );
    // Two of the seeded deals (a page orders them by id, so any batch): name and MLS
    // keys as core's.
    for (mls, name) in [
        ("ME-437", "438 harbor rd, portland"),
        ("ME-1", "2 harbor rd, portland"),
    ] {
        let (name_key, mls_key): (String, String) =
            sqlx::query_as("select name_key, mls_key from transaction_index where mls_number = ?")
                .bind(mls)
                .fetch_one(pool)
                .await
                .unwrap();
        assert_eq!((name_key.as_str(), mls_key.as_str()), (name, mls));
    }
}
