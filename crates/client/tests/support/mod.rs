//! Devices for the whole-system sync tests: each has its own data directory and
//! keychain, signs in to a real API, and syncs into a real SQLCipher cache.

#![allow(dead_code)] // each test binary uses its own part of this

use brokerdesk_client::api::ApiClient;
use brokerdesk_client::secrets::{MemorySecretStore, SecretStore};
use brokerdesk_client::session::{Session, SessionManager};
use brokerdesk_client::sync::{EngineConfig, SyncEngine};
use brokerdesk_core::identity::{SignInRequest, StaffSignInRequest};
use brokerdesk_core::leads::list::LeadListQuery;
use brokerdesk_core::leads::{Lead, LeadChanges};
use brokerdesk_server::seed::DEMO_PASSWORD;
use brokerdesk_server::staff::DEMO_STAFF_EMAIL;
use brokerdesk_server::testing::demo_staff_code;
use std::sync::Arc;

pub struct Device {
    pub dir: tempfile::TempDir,
    pub secrets: Arc<dyn SecretStore>,
    pub sessions: SessionManager,
    pub session: Arc<Session>,
    pub engine: Arc<SyncEngine>,
}

impl Device {
    /// A device signed in to demo tenant `tenant` as `email`, with an in-memory keychain.
    pub async fn demo(server: &str, tenant: &str, email: &str) -> Self {
        Self::with_secrets(
            server,
            tenant,
            email,
            Arc::new(MemorySecretStore::default()),
            EngineConfig::default(),
        )
        .await
    }

    pub async fn with_secrets(
        server: &str,
        tenant: &str,
        email: &str,
        secrets: Arc<dyn SecretStore>,
        config: EngineConfig,
    ) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let sessions = SessionManager::new(dir.path(), secrets.clone());
        let request = SignInRequest {
            tenant: tenant.to_owned(),
            email: email.to_owned(),
            password: DEMO_PASSWORD.to_owned(),
            mfa_code: None,
        };
        let session = sessions.sign_in(server, &request).await.unwrap();
        let (engine, notice) = SyncEngine::open(sessions.clone(), session.clone(), config)
            .await
            .unwrap();
        assert!(notice.is_none(), "{notice:?}");
        Self {
            dir,
            secrets,
            sessions,
            session,
            engine,
        }
    }
}

impl Device {
    /// Creates a lead here and syncs it to the server.
    pub async fn create_synced(&self, name: &str) -> Lead {
        let changes = LeadChanges {
            name: Some(name.to_owned()),
            ..LeadChanges::default()
        };
        let lead = self.engine.store().create_lead(changes).await.unwrap();
        self.engine.sync_once().await.unwrap();
        lead
    }
}

/// A lead `first` creates, synced to both devices.
pub async fn shared_lead(first: &Device, second: &Device, name: &str) -> Lead {
    let lead = first.create_synced(name).await;
    second.engine.sync_once().await.unwrap();
    lead
}

pub fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// The first page of leads in `engine`'s cache, unfiltered.
pub async fn cached_leads(engine: &SyncEngine) -> Vec<Lead> {
    engine
        .store()
        .lead_page(&LeadListQuery::default())
        .await
        .unwrap()
        .leads
}

/// A staff token of the demo platform-staff account (seeded with `seed_demo_staff`).
pub async fn demo_staff_token(server: &str) -> String {
    ApiClient::new(server)
        .unwrap()
        .staff_sign_in(&StaffSignInRequest {
            email: DEMO_STAFF_EMAIL.into(),
            password: DEMO_PASSWORD.into(),
            mfa_code: demo_staff_code(0),
        })
        .await
        .unwrap()
        .access_token
}
