//! What the shell keeps between commands: the server it talks to, and who is signed
//! in. Tokens are held here, in Rust; the webview only ever sees `SignedIn`.

use brokerdesk_client::api::{ApiClient, ApiError, Authorised};
use brokerdesk_client::secrets::OsKeychain;
use brokerdesk_client::session::{Session, SessionManager};
use brokerdesk_client::sync::LocalStore;
use brokerdesk_core::error::ErrorBody;
use brokerdesk_core::identity::{Me, OpenedSupportSession, TenantSummary};
use brokerdesk_core::ids::TenantId;
use brokerdesk_core::role::Role;
use brokerdesk_core::signed_in::SignedIn;
use brokerdesk_core::sync::{SyncEntity, TenantSnapshot};
use serde::de::DeserializeOwned;
use std::path::PathBuf;
use std::sync::{Arc, RwLock};
use tokio::sync::Mutex;

use crate::config::DesktopConfig;
use crate::sync::TenantSync;

pub struct AppState {
    server_url: RwLock<String>,
    pub sessions: SessionManager,
    pub identity: Mutex<Identity>,
}

pub enum Identity {
    SignedOut,
    /// A brokerage member: the client's session keeps the refresh token in the
    /// keychain and hands out fresh access tokens; the engine keeps the encrypted cache
    /// in sync, and serves reads from it while the server is out of reach.
    Member {
        session: Arc<Session>,
        me: Me,
        sync: TenantSync,
    },
    Staff(StaffIdentity),
    /// Staff inside a tenant; the staff identity is kept to return to afterwards.
    Support {
        staff: StaffIdentity,
        tenant: TenantSummary,
        opened: OpenedSupportSession,
    },
}

/// A platform staff sign-in: a short-lived token and no refresh token, so nothing of
/// it is written to disk.
#[derive(Clone)]
pub struct StaffIdentity {
    pub api: ApiClient,
    pub token: String,
    pub display_name: String,
}

impl StaffIdentity {
    pub fn api(&self) -> Authorised<'_> {
        self.api.authorised(&self.token)
    }

    pub fn signed_in(&self) -> SignedIn {
        SignedIn::Staff {
            server_url: self.api.base_url().to_string(),
            display_name: self.display_name.clone(),
        }
    }
}

/// What a tenant-scoped command needs, copied out so the identity lock is not held
/// across the network call.
pub struct TenantAccess {
    api: ApiClient,
    token: String,
    pub tenant_id: TenantId,
}

impl TenantAccess {
    pub fn api(&self) -> Authorised<'_> {
        self.api.authorised(&self.token)
    }
}

impl AppState {
    /// `data_dir` holds the encrypted caches and the list of sign-ins; their keys and
    /// the refresh tokens go to the OS keychain.
    pub fn new(config: DesktopConfig, data_dir: PathBuf) -> Self {
        Self {
            server_url: RwLock::new(config.server_url),
            sessions: SessionManager::new(data_dir, Arc::new(OsKeychain)),
            identity: Mutex::new(Identity::SignedOut),
        }
    }

    pub fn server_url(&self) -> String {
        self.server_url
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clone()
    }

    /// The server chosen on the sign-in screen becomes the one the status checks use.
    pub fn set_server_url(&self, url: &str) {
        *self
            .server_url
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner()) = url.to_owned();
    }

    /// The API of the tenant the app is working in.
    pub async fn tenant(&self) -> Result<TenantAccess, ErrorBody> {
        match &*self.identity.lock().await {
            Identity::Member { session, .. } => Ok(TenantAccess {
                api: session.api().clone(),
                token: session.access_token().await.map_err(|e| e.to_body())?,
                tenant_id: session.account().tenant_id,
            }),
            Identity::Support { staff, opened, .. } => Ok(TenantAccess {
                api: staff.api.clone(),
                token: opened.access_token.clone(),
                tenant_id: opened.session.tenant_id,
            }),
            Identity::Staff(_) => Err(ErrorBody::new(
                "support_session_required",
                "Platform staff see a brokerage's data only through a support session. Open one from Tenants.",
            )),
            Identity::SignedOut => Err(not_signed_in()),
        }
    }

    /// The member's synced records of `entity`, for reading while the server cannot
    /// be reached.
    pub async fn cached<T: DeserializeOwned>(
        &self,
        entity: SyncEntity,
    ) -> Result<Vec<T>, ErrorBody> {
        let Identity::Member { sync, .. } = &*self.identity.lock().await else {
            return Err(no_cache());
        };
        let records = sync
            .engine
            .store()
            .records(entity)
            .await
            .map_err(cache_error)?;
        records
            .into_iter()
            .map(|record| serde_json::from_value(record).map_err(cache_error))
            .collect()
    }

    /// The member's encrypted cache, where leads are read and edited, offline too.
    pub async fn store(&self) -> Result<LocalStore, ErrorBody> {
        match &*self.identity.lock().await {
            Identity::Member { sync, .. } => Ok(sync.engine.store().clone()),
            _ => Err(no_synced_copy()),
        }
    }

    /// Wakes the sync engine after a local edit, so it is pushed at once when online.
    pub async fn nudge_sync(&self) {
        if let Identity::Member { sync, .. } = &*self.identity.lock().await {
            sync.engine.nudge();
        }
    }

    /// The member's session, for the few lead operations that need the server.
    pub async fn member_session(&self) -> Result<Arc<Session>, ErrorBody> {
        match &*self.identity.lock().await {
            Identity::Member { session, .. } => Ok(session.clone()),
            _ => Err(no_synced_copy()),
        }
    }

    /// The tenant's profile and plan usage as last synced.
    pub async fn cached_tenant(&self) -> Result<TenantSnapshot, ErrorBody> {
        let Identity::Member { sync, .. } = &*self.identity.lock().await else {
            return Err(no_cache());
        };
        sync.engine
            .store()
            .tenant()
            .await
            .map_err(cache_error)?
            .ok_or_else(no_cache)
    }

    /// The staff API, in the staff view or from inside a support session.
    pub async fn staff(&self) -> Result<(ApiClient, String), ErrorBody> {
        match &*self.identity.lock().await {
            Identity::Staff(staff) | Identity::Support { staff, .. } => {
                Ok((staff.api.clone(), staff.token.clone()))
            }
            Identity::Member { .. } => Err(ErrorBody::new(
                "forbidden",
                "Only platform staff can do this.",
            )),
            Identity::SignedOut => Err(not_signed_in()),
        }
    }
}

impl Identity {
    pub fn signed_in(&self) -> Option<SignedIn> {
        match self {
            Identity::SignedOut => None,
            Identity::Member { session, me, .. } => Some(SignedIn::Member {
                server_url: session.api().base_url().to_string(),
                user: me.user.clone(),
                tenant: me.tenant.clone(),
            }),
            Identity::Staff(staff) => Some(staff.signed_in()),
            Identity::Support {
                staff,
                tenant,
                opened,
            } => Some(SignedIn::Support {
                server_url: staff.api.base_url().to_string(),
                tenant: tenant.clone(),
                session: opened.session.clone(),
                // The server acts for support as an admin narrowed by the support rules.
                role: Role::Admin,
            }),
        }
    }
}

/// Answers from the server, or from the cache when the server cannot be reached.
pub async fn online_or_cached<T>(
    online: Result<T, ApiError>,
    cached: impl Future<Output = Result<T, ErrorBody>>,
) -> Result<T, ErrorBody> {
    match online {
        Err(error) if error.is_offline() => cached.await,
        other => Ok(other?),
    }
}

pub fn no_cache() -> ErrorBody {
    ErrorBody::new(
        "server_unreachable",
        "The server cannot be reached, and nothing is stored on this computer to show instead.",
    )
}

/// Support sessions and the staff view keep no synced copy of a tenant's leads.
fn no_synced_copy() -> ErrorBody {
    ErrorBody::new(
        "member_only",
        "Leads are worked from the brokerage's synced copy on this computer, which only its members keep.",
    )
}

fn cache_error(error: impl std::fmt::Display) -> ErrorBody {
    ErrorBody::new(
        "cache_error",
        format!("The copy kept on this computer could not be read: {error}"),
    )
}

pub fn not_signed_in() -> ErrorBody {
    ErrorBody::new(
        "not_signed_in",
        "You are signed out. Sign in again to continue.",
    )
}
