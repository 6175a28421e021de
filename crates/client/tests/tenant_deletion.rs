//! A tenant's deletion as its devices live it, against the real API and real SQLCipher
//! caches: while it is pending, edits wait in the outbox and pulls go on; once it is
//! purged, the next contact (a sync, or restoring the sign-in at start-up) is answered
//! `tenant_deleted`, and the device deletes the tenant's cache file and its key.

mod support;

use brokerdesk_client::sync::SyncError;
use brokerdesk_core::leads::LeadChanges;
use brokerdesk_core::tenant::TenantStatus;
use brokerdesk_core::tenant_deletion::RequestTenantDeletion;
use brokerdesk_server::seed::{DEMO_PASSWORD, seed_demo};
use brokerdesk_server::tenancy::deletion::purge::{PurgePass, purge_due};
use brokerdesk_server::testing::TestApp;
use chrono::{Duration, Utc};
use support::Device;

fn gone(device: &Device) -> bool {
    let location = device.session.account().cache_location(device.dir.path());
    let files_gone = [
        location.path().to_owned(),
        location.path().with_extension("db-wal"),
        location.path().with_extension("db-shm"),
    ]
    .iter()
    .all(|file| !file.exists());
    let key_gone = device.secrets.get(location.key_name()).unwrap().is_none();
    let refresh_gone = device
        .secrets
        .get(&device.session.account().refresh_key())
        .unwrap()
        .is_none();
    files_gone && key_gone && refresh_gone && device.sessions.accounts().unwrap().is_empty()
}

#[tokio::test]
async fn pending_keeps_edits_queued_and_the_purge_shreds_every_device_at_its_next_contact() {
    let app = TestApp::spawn().await;
    seed_demo(&app.db.args).await.unwrap();
    let owner = Device::demo(&app.address, "acme", "owner@acme.test").await;
    let laptop = Device::demo(&app.address, "acme", "agent@acme.test").await;
    owner.engine.sync_once().await.unwrap();
    laptop.engine.sync_once().await.unwrap();
    let location = owner.session.account().cache_location(owner.dir.path());
    assert!(location.path().exists());

    let token = owner.session.access_token().await.unwrap();
    let request = RequestTenantDeletion {
        password: DEMO_PASSWORD.into(),
        mfa_code: None,
    };
    let api = owner.session.api().authorised(&token);
    let state = api.request_tenant_deletion(&request).await.unwrap();
    assert_eq!(state.status, TenantStatus::PendingDeletion);

    // Read-only: an edit made now waits in the outbox, and the pull still runs.
    let changes = LeadChanges {
        name: Some("Written While Pending".into()),
        ..LeadChanges::default()
    };
    owner.engine.store().create_lead(changes).await.unwrap();
    owner.engine.sync_once().await.unwrap();
    assert_eq!(owner.engine.store().counts().await.unwrap().pending, 1);
    assert_eq!(
        api.tenant_deletion().await.unwrap().status,
        TenantStatus::PendingDeletion
    );

    let db = app.db.database().await;
    let purged = purge_due(&db, Utc::now() + Duration::days(31))
        .await
        .unwrap();
    assert!(
        matches!(purged, PurgePass::Purged(ref tenants) if tenants.len() == 1),
        "{purged:?}"
    );

    // The owner's device is told at its next sync.
    let error = owner.engine.sync_once().await.unwrap_err();
    assert!(matches!(error, SyncError::AccessLost(_)), "{error}");
    assert!(error.to_string().contains("deleted"), "{error}");
    assert!(gone(&owner), "the owner's cache, key or sign-in survived");

    // The laptop is told when the app restores its sign-in at start-up.
    laptop.engine.close().await;
    let account = laptop.session.account().clone();
    let restored = laptop.sessions.restore(&account).await;
    assert!(
        matches!(restored, Err(ref e) if e.code() == "access_lost"),
        "{:?}",
        restored.err()
    );
    assert!(gone(&laptop), "the laptop's cache, key or sign-in survived");
}
