//! A cache this build cannot upgrade is rebuilt without losing the edits not sent yet,
//! against the real API, PostgreSQL and SQLCipher: the edits survive, show offline,
//! reach the server, and one the server had already applied (its answer lost in a
//! crash) is recognised as a replay and applied once.

mod support;

use brokerdesk_client::cache::TenantCache;
use brokerdesk_client::sync::{EngineConfig, SyncEngine};
use brokerdesk_core::leads::list::LeadListQuery;
use brokerdesk_core::leads::{LeadChanges, LeadStage};
use brokerdesk_core::sync::SyncEntity;
use brokerdesk_core::sync::push::PushRequest;
use brokerdesk_server::seed::seed_demo;
use brokerdesk_server::testing::TestApp;
use reqwest::Method;
use support::Device;

#[tokio::test]
async fn unsent_edits_survive_a_cache_rebuild_and_are_applied_once() {
    let app = TestApp::spawn().await;
    seed_demo(&app.db.args).await.unwrap();
    let device = Device::demo(&app.address, "acme", "owner@acme.test").await;
    device.engine.sync_once().await.unwrap();
    let store = device.engine.store();
    let maya = store
        .lead_page(&LeadListQuery {
            q: Some("maya chen".into()),
            ..LeadListQuery::default()
        })
        .await
        .unwrap()
        .leads
        .remove(0);

    // Two edits reach the server, but the device crashes before it records the answer...
    let created = store
        .create_lead(LeadChanges {
            name: Some("Rhea Rebuild".into()),
            ..LeadChanges::default()
        })
        .await
        .unwrap();
    store
        .update_lead(
            maya.id,
            LeadChanges {
                stage: Some(LeadStage::Appointment),
                ..LeadChanges::default()
            },
        )
        .await
        .unwrap();
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
    // ...and one more is made offline and never sent.
    store
        .update_lead(
            maya.id,
            LeadChanges {
                notes: Some("Call back after the rebuild.".into()),
                ..LeadChanges::default()
            },
        )
        .await
        .unwrap();

    // The next build cannot upgrade this cache.
    let location = device.session.account().cache_location(device.dir.path());
    device.engine.close().await;
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
    let notice = notice.expect("the rebuild is reported");
    assert!(
        notice.contains("The 3 edits not sent yet were kept"),
        "{notice}"
    );
    assert_eq!(engine.state().pending_edits, 3);
    // Offline, the user still sees what they did.
    let store = engine.store();
    let offline = store.lead(maya.id).await.unwrap().unwrap();
    assert_eq!(offline.stage, LeadStage::Appointment);
    assert_eq!(offline.notes, "Call back after the rebuild.");
    assert!(store.lead(created.id).await.unwrap().is_some());

    let report = engine.sync_once().await.unwrap();
    assert_eq!(report.pushed, 3);
    assert_eq!(engine.state().pending_edits, 0);
    assert_eq!(engine.state().rejected_edits, 0, "nothing refused");
    let admin = app.db.admin_pool().await;
    let (created_count, created_audits, maya_updates): (i64, i64, i64) = sqlx::query_as(
        "select (select count(*) from leads where id = $1),
                (select count(*) from audit_entries where action = 'lead.created' and target = $1::text),
                (select count(*) from audit_entries where action = 'lead.updated' and target = $2::text)",
    )
    .bind(created.id.as_uuid())
    .bind(maya.id.as_uuid())
    .fetch_one(&admin)
    .await
    .unwrap();
    assert_eq!(
        (created_count, created_audits, maya_updates),
        (1, 1, 2),
        "each edit applied once: the two sent before the crash were replays"
    );
    let synced = store.lead(maya.id).await.unwrap().unwrap();
    assert_eq!(synced.stage, LeadStage::Appointment);
    assert_eq!(synced.notes, "Call back after the rebuild.");
    let on_server: i64 = sqlx::query_scalar("select count(*) from leads where tenant_id = $1")
        .bind(device.session.account().tenant_id.as_uuid())
        .fetch_one(&admin)
        .await
        .unwrap();
    assert_eq!(
        store.count(SyncEntity::Lead).await.unwrap(),
        on_server as u64,
        "pulled again in full"
    );
}
