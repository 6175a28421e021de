//! A platform support session's ephemeral cache against the real API: it exists while
//! the session lasts and is gone, file and keys, after the session is closed, after it
//! runs out, and after a crash once the app starts again. A member's cache of the same
//! tenant on the same machine is never touched.

mod support;

use brokerdesk_client::api::ApiClient;
use brokerdesk_client::cache::CacheLocation;
use brokerdesk_client::secrets::{MemorySecretStore, SecretStore};
use brokerdesk_client::session::{Account, SessionError, SessionManager, SupportOpening};
use brokerdesk_client::sync::{EngineConfig, SyncEngine, SyncError};
use brokerdesk_core::identity::OpenSupportSessionRequest;
use brokerdesk_core::ids::TenantId;
use brokerdesk_server::sealed::MasterKey;
use brokerdesk_server::seed::{seed_demo, seed_demo_staff};
use brokerdesk_server::staff::DEMO_STAFF_EMAIL;
use brokerdesk_server::testing::{TEST_MASTER_KEY, TestApp};
use serde_json::Value;
use std::path::Path;
use std::sync::Arc;
use support::{Device, cached_leads, demo_staff_token};

const REASON: &str = "Owner asked why a lead went missing";

/// The demo tenants and staff, and acme's owner signed in on the machine staff use.
struct Desk {
    app: TestApp,
    secrets: Arc<MemorySecretStore>,
    owner: Device,
    staff_token: String,
}

impl Desk {
    async fn new() -> Self {
        let app = TestApp::spawn().await;
        seed_demo(&app.db.args).await.unwrap();
        let master = MasterKey::from_base64(TEST_MASTER_KEY).unwrap();
        seed_demo_staff(&app.db.args, &master).await.unwrap();
        let secrets = Arc::new(MemorySecretStore::default());
        let owner = Device::with_secrets(
            &app.address,
            "acme",
            "owner@acme.test",
            secrets.clone(),
            EngineConfig::default(),
        )
        .await;
        owner.engine.sync_once().await.unwrap();
        let staff_token = demo_staff_token(&app.address).await;
        Self {
            app,
            secrets,
            owner,
            staff_token,
        }
    }

    fn sessions(&self) -> &SessionManager {
        &self.owner.sessions
    }

    fn dir(&self) -> &Path {
        self.owner.dir.path()
    }

    async fn tenant_id(&self, subdomain: &str) -> TenantId {
        let api = ApiClient::new(&self.app.address).unwrap();
        let found = api
            .authorised(&self.staff_token)
            .staff_tenants(subdomain)
            .await
            .unwrap();
        found[0].tenant.id
    }

    /// Opens `subdomain` as support with the staff token already held, and syncs its
    /// cache once.
    async fn open(&self, subdomain: &str) -> (SupportOpening, Arc<SyncEngine>) {
        let request = OpenSupportSessionRequest {
            tenant_id: self.tenant_id(subdomain).await,
            reason: REASON.into(),
            ticket: Some("SUP-7".into()),
        };
        let opening = self
            .sessions()
            .open_support_as(
                &self.app.address,
                &self.staff_token,
                DEMO_STAFF_EMAIL,
                &request,
            )
            .await
            .unwrap();
        let (engine, _) = SyncEngine::open(
            self.sessions().clone(),
            opening.session.clone(),
            EngineConfig::default(),
        )
        .await
        .unwrap();
        engine.sync_once().await.unwrap();
        (opening, engine)
    }

    fn support_cache(&self, account: &Account) -> CacheLocation {
        CacheLocation::for_support(self.dir(), &account.server_url, account.tenant_id)
    }

    /// The cache exists with the tenant's data in it, apart from the member's.
    async fn assert_cache_live(&self, opening: &SupportOpening, engine: &SyncEngine) {
        let location = self.support_cache(opening.session.account());
        assert!(location.path().exists(), "the support cache is on disk");
        assert!(self.secrets.get(location.key_name()).unwrap().is_some());
        assert_eq!(
            cached_leads(engine).await.len(),
            3,
            "the tenant's leads were pulled into it"
        );
        assert_ne!(location.path(), self.member_cache().path());
    }

    /// The support cache's file, key and tokens are gone; the member's are all there.
    fn assert_cache_gone(&self, account: &Account) {
        let location = self.support_cache(account);
        for suffix in ["", "-wal", "-shm"] {
            let mut file = location.path().as_os_str().to_owned();
            file.push(suffix);
            assert!(!Path::new(&file).exists(), "{file:?} survived");
        }
        let left: Vec<String> = self
            .secrets
            .names()
            .into_iter()
            .filter(|name| name.starts_with("support"))
            .collect();
        assert!(left.is_empty(), "support secrets left: {left:?}");
        let member = self.member_cache();
        assert!(member.path().exists(), "the member's cache is untouched");
        assert!(self.secrets.get(member.key_name()).unwrap().is_some());
        let accounts = self.sessions().accounts().unwrap();
        assert!(accounts.iter().all(|a| a.support.is_none()), "{accounts:?}");
        assert_eq!(accounts.len(), 1, "the member is still signed in");
    }

    fn member_cache(&self) -> CacheLocation {
        self.owner.session.account().cache_location(self.dir())
    }

    /// Whether the server has the support session as ended, as acme's owner reads it.
    async fn ended_on_server(&self, session_id: uuid::Uuid) -> bool {
        let token = self.owner.session.access_token().await.unwrap();
        let seen = self.app.get("/v1/support-sessions", &token).await;
        let sessions = seen.body.as_array().unwrap();
        let ours = sessions
            .iter()
            .find(|s| s["id"] == session_id.to_string())
            .expect("the session is in the owner's list");
        ours["endedAt"].is_string()
    }
}

#[tokio::test]
async fn the_support_cache_lives_while_the_session_does_and_goes_when_it_is_closed() {
    let desk = Desk::new().await;
    let (opening, engine) = desk.open("acme").await;
    assert_eq!(opening.details.reason, REASON);
    assert_eq!(opening.tenant.name, "Acme Realty");
    let account = opening.session.account().clone();
    assert_eq!(account.email, DEMO_STAFF_EMAIL);
    desk.assert_cache_live(&opening, &engine).await;

    engine.close().await;
    desk.sessions()
        .close_support(&opening.session)
        .await
        .unwrap();
    desk.assert_cache_gone(&account);
    assert!(desk.ended_on_server(opening.details.id).await);
}

#[tokio::test]
async fn a_support_session_that_runs_out_has_its_cache_deleted() {
    let desk = Desk::new().await;

    // Run out on the server while syncing: the next sync finds it over and shreds.
    let (opening, engine) = desk.open("acme").await;
    desk.assert_cache_live(&opening, &engine).await;
    let admin = desk.app.db.admin_pool().await;
    sqlx::query(
        "update support_sessions set expires_at = now() - interval '1 second' where id = $1",
    )
    .bind(opening.details.id)
    .execute(&admin)
    .await
    .unwrap();
    let error = engine.sync_once().await.unwrap_err();
    assert!(matches!(error, SyncError::AccessLost(_)), "{error}");
    desk.assert_cache_gone(opening.session.account());

    // Run out while the app was closed: restoring it finds it past its end.
    let (opening, engine) = desk.open("acme").await;
    engine.close().await;
    let path = desk.dir().join("accounts.json");
    let mut file: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    for account in file["accounts"].as_array_mut().unwrap() {
        if !account["support"].is_null() {
            account["support"]["expiresAt"] = "2020-01-01T00:00:00Z".into();
        }
    }
    std::fs::write(&path, serde_json::to_vec(&file).unwrap()).unwrap();
    let later = SessionManager::new(desk.dir(), desk.secrets.clone());
    let error = later.restore_current().await.err().expect("past its end");
    assert!(matches!(error, SessionError::AccessLost(_)), "{error}");
    desk.assert_cache_gone(opening.session.account());
}

#[tokio::test]
async fn support_caches_left_by_a_crash_are_deleted_at_the_next_start() {
    let desk = Desk::new().await;
    let (acme, acme_engine) = desk.open("acme").await;
    let (summit, summit_engine) = desk.open("summit").await;
    // The process dies: nothing is closed or ended, the files stay.
    acme_engine.close().await;
    summit_engine.close().await;
    assert!(desk.support_cache(acme.session.account()).path().exists());
    assert!(desk.support_cache(summit.session.account()).path().exists());
    // And summit's session never made it into the list of sign-ins.
    let path = desk.dir().join("accounts.json");
    let mut file: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    let accounts = file["accounts"].as_array_mut().unwrap();
    accounts.retain(|a| a["tenantId"] != summit.session.account().tenant_id.to_string());
    file["current"] = 0.into();
    std::fs::write(&path, serde_json::to_vec(&file).unwrap()).unwrap();

    let relaunched = SessionManager::new(desk.dir(), desk.secrets.clone());
    assert_eq!(relaunched.shred_support_leftovers().await.unwrap(), 2);
    desk.assert_cache_gone(acme.session.account());
    desk.assert_cache_gone(summit.session.account());
    assert!(
        desk.ended_on_server(acme.details.id).await,
        "the remembered session was ended with its staff token"
    );
    assert_eq!(relaunched.shred_support_leftovers().await.unwrap(), 0);
}
