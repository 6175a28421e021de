//! Starting again with the server out of reach: the stored account opens on its
//! encrypted cache, which can be read and edited, and the token is refreshed (and the
//! edits pushed) once the server is back. A server that refuses the stored sign-in
//! still shreds the cache at once.

mod support;

use brokerdesk_client::session::{MemberIdentity, SessionError, SessionManager};
use brokerdesk_client::sync::{EngineConfig, SyncEngine, SyncError};
use brokerdesk_core::leads::LeadChanges;
use brokerdesk_core::leads::list::LeadListQuery;
use brokerdesk_core::sync::SyncEntity;
use brokerdesk_core::sync::state::SyncPhase;
use brokerdesk_server::seed::seed_demo;
use brokerdesk_server::testing::{TestApp, TestDatabase, TestServer};
use support::{Device, cached_leads};

const OFFLINE_LEAD: &str = "Otto Offline";

#[tokio::test]
async fn a_restart_with_the_server_stopped_opens_the_cache_and_syncs_when_it_returns() {
    let db = TestDatabase::create().await;
    seed_demo(&db.args).await.unwrap();
    let config = db.serve_config_on_a_fixed_port();
    let server = TestServer::start(&config).await;
    let device = Device::demo(&server.address, "acme", "owner@acme.test").await;
    device.engine.sync_once().await.unwrap();
    device.engine.close().await;
    let account = device.session.account().clone();
    let refresh_before = device.secrets.get(&account.refresh_key()).unwrap();

    server.stop().await;
    // The app starts again: a new session manager over the same folder and keychain.
    let later = SessionManager::new(device.dir.path(), device.secrets.clone());
    let session = later
        .restore_current()
        .await
        .expect("an unreachable server does not stop the restore")
        .expect("the stored account");
    assert_eq!(session.account(), &account);
    let refused = session.access_token().await.unwrap_err();
    assert!(
        matches!(&refused, SessionError::Api(e) if e.is_offline()),
        "{refused}"
    );
    let (engine, notice) = SyncEngine::open(later.clone(), session, EngineConfig::default())
        .await
        .unwrap();
    assert!(notice.is_none(), "the cache opened as it was: {notice:?}");

    // Who is signed in, the members and the leads all come from the cache.
    let who = MemberIdentity::from_cache(engine.store(), &account)
        .await
        .unwrap()
        .expect("the member's own record and the tenant are cached");
    assert_eq!(who.user.email, "owner@acme.test");
    assert_eq!(who.tenant.name, "Acme Realty");
    let users = engine
        .store()
        .records::<serde_json::Value>(SyncEntity::User)
        .await
        .unwrap();
    assert!(
        users.iter().any(|u| u["email"] == "agent@acme.test"),
        "{users:?}"
    );
    assert_eq!(
        cached_leads(&engine).await.len(),
        3,
        "the demo seed's leads, from the cache"
    );

    // Edits queue, and a sync says offline without losing them.
    let lead = LeadChanges {
        name: Some(OFFLINE_LEAD.into()),
        ..LeadChanges::default()
    };
    engine.store().create_lead(lead).await.unwrap();
    let error = engine.sync_once().await.unwrap_err();
    assert!(matches!(error, SyncError::Offline(_)), "{error}");
    assert_eq!(engine.state().phase, SyncPhase::Offline);
    assert_eq!(engine.store().counts().await.unwrap().pending, 1);
    assert_eq!(
        device.secrets.get(&account.refresh_key()).unwrap(),
        refresh_before,
        "no refresh reached the server, so the stored token is still the live one"
    );

    // The server comes back: the token is refreshed and the edit pushed.
    let server = TestServer::start(&config).await;
    let report = engine.sync_once().await.unwrap();
    assert_eq!(report.pushed, 1);
    assert_eq!(engine.store().counts().await.unwrap().pending, 0);
    assert_ne!(
        device.secrets.get(&account.refresh_key()).unwrap(),
        refresh_before,
        "the refresh token rotated once the server answered"
    );
    let other = Device::demo(&server.address, "acme", "admin@acme.test").await;
    other.engine.sync_once().await.unwrap();
    let query = LeadListQuery {
        q: Some(OFFLINE_LEAD.into()),
        ..LeadListQuery::default()
    };
    let found = other.engine.store().lead_page(&query).await.unwrap().leads;
    assert_eq!(found.len(), 1, "the offline lead reached the server");
    server.stop().await;
}

#[tokio::test]
async fn a_refused_refresh_at_restore_still_shreds_the_cache() {
    let app = TestApp::spawn().await;
    seed_demo(&app.db.args).await.unwrap();
    let device = Device::demo(&app.address, "acme", "owner@acme.test").await;
    device.create_synced("Sid Shredded").await;
    device.engine.close().await;
    let account = device.session.account().clone();
    let location = account.cache_location(device.dir.path());
    assert!(location.path().exists());

    // Signed out elsewhere: the server ends the session, so its refresh token is refused.
    let token = device.session.access_token().await.unwrap();
    let ended = app.post("/v1/auth/sign-out", &token, None).await;
    assert!(ended.status.is_success(), "{:?}", ended.body);

    let later = SessionManager::new(device.dir.path(), device.secrets.clone());
    let error = later.restore(&account).await.err().expect("refused");
    assert!(matches!(error, SessionError::AccessLost(_)), "{error}");
    assert!(!location.path().exists(), "the cache file is shredded");
    assert_eq!(device.secrets.get(location.key_name()).unwrap(), None);
    assert_eq!(device.secrets.get(&account.refresh_key()).unwrap(), None);
    assert!(later.accounts().unwrap().is_empty());
}
