//! What the shell keeps between commands: the server it talks to, and who is signed
//! in. Tokens are held here, in Rust; the webview only ever sees `SignedIn`.

use brokerdesk_client::api::{ApiClient, ApiError};
use brokerdesk_client::commissions::held::HeldReports;
use brokerdesk_client::secrets::OsKeychain;
use brokerdesk_client::session::{MemberIdentity, Session, SessionManager};
use brokerdesk_client::sync::{LocalStore, SyncEngine};
use brokerdesk_core::error::ErrorBody;
use brokerdesk_core::identity::{SupportSession, TenantSummary};
use brokerdesk_core::role::Role;
use brokerdesk_core::signed_in::SignedIn;
use chrono::{DateTime, Duration, Utc};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, RwLock};
use tokio::sync::Mutex;
use uuid::Uuid;

use crate::config::DesktopConfig;
use crate::sync::TenantSync;
use crate::tenant::{TenantAccess, TenantWork};

/// Staff leave this long before their token runs out, while it can still end a
/// support session on the server.
pub const STAFF_EXPIRY_MARGIN: Duration = Duration::seconds(30);

pub struct AppState {
    server_url: RwLock<String>,
    pub sessions: SessionManager,
    pub identity: Mutex<Identity>,
    /// Whether this process has cleared the support caches a crash may have left.
    leftovers_cleared: AtomicBool,
}

pub enum Identity {
    SignedOut,
    /// A brokerage member, online or not: the client's session keeps the refresh token
    /// in the keychain and hands out fresh access tokens, and the engine keeps the
    /// encrypted cache in sync and serves reads while the server is out of reach.
    Member {
        tenant: TenantSync,
        who: MemberIdentity,
    },
    Staff(StaffIdentity),
    /// Staff inside a tenant, with an ephemeral cache of its own; the staff identity
    /// is kept to return to afterwards.
    Support {
        staff: StaffIdentity,
        tenant: TenantSync,
        // Boxed: the staff identity and the session's record together would make
        // every identity several times the size of the others.
        summary: Box<TenantSummary>,
        details: Box<SupportSession>,
    },
}

/// A platform staff sign-in: a short-lived token and no refresh token, so nothing of
/// it is written to disk.
#[derive(Clone)]
pub struct StaffIdentity {
    /// Tells this sign-in from a later one, for timers that outlive it.
    pub id: Uuid,
    pub api: ApiClient,
    pub token: String,
    pub email: String,
    pub display_name: String,
    pub expires_at: DateTime<Utc>,
}

impl StaffIdentity {
    /// When the app leaves the staff sign-in: a little before the token runs out.
    pub fn leaves_at(&self) -> DateTime<Utc> {
        self.expires_at - STAFF_EXPIRY_MARGIN
    }

    pub fn expired(&self) -> bool {
        Utc::now() >= self.leaves_at()
    }

    pub fn signed_in(&self) -> SignedIn {
        SignedIn::Staff {
            server_url: self.api.base_url().to_string(),
            display_name: self.display_name.clone(),
        }
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
            leftovers_cleared: AtomicBool::new(false),
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

    /// Deletes what support sessions a crash left on disk, once per process: this
    /// app's support sessions end with it, so any found at start-up are leftovers.
    pub async fn clear_support_leftovers(&self) {
        if self.leftovers_cleared.swap(true, Ordering::SeqCst) {
            return;
        }
        match self.sessions.shred_support_leftovers().await {
            Ok(0) => {}
            Ok(n) => tracing::info!(n, "deleted support-session caches left by a crash"),
            Err(error) => tracing::error!(%error, "leftover support caches could not be deleted"),
        }
    }

    /// The tenant the app works in, copied out of the lock.
    async fn work(&self) -> Result<TenantWork, ErrorBody> {
        match &*self.identity.lock().await {
            Identity::Member { tenant, .. } | Identity::Support { tenant, .. } => {
                Ok(tenant.work.clone())
            }
            Identity::Staff(_) => Err(ErrorBody::new(
                "support_session_required",
                "Platform staff see a brokerage's data only through a support session. Open one from Tenants.",
            )),
            Identity::SignedOut => Err(not_signed_in()),
        }
    }

    /// Reads tenant data from the server when it answers, else from the cache: see
    /// [`TenantWork::read`].
    pub async fn read<T>(
        &self,
        online: impl AsyncFnOnce(TenantAccess) -> Result<T, ApiError>,
        cached: impl AsyncFnOnce(&LocalStore) -> Result<T, ErrorBody>,
    ) -> Result<T, ErrorBody> {
        self.work().await?.read(online, cached).await
    }

    /// The API of the tenant the app works in, for what only the server can do.
    pub async fn tenant(&self) -> Result<TenantAccess, ErrorBody> {
        self.work().await?.access().await.map_err(|e| e.to_body())
    }

    /// The tenant's encrypted cache, where leads are read and edited, offline too.
    pub async fn store(&self) -> Result<LocalStore, ErrorBody> {
        Ok(self.engine().await?.store().clone())
    }

    /// The sync engine of the tenant the app works in.
    pub async fn engine(&self) -> Result<Arc<SyncEngine>, ErrorBody> {
        Ok(self.work().await?.engine)
    }

    /// The tenant's commission reports, held between requests (see `HeldReports`).
    pub async fn held_reports(&self) -> Result<Arc<HeldReports>, ErrorBody> {
        Ok(self.work().await?.reports)
    }

    /// Wakes the sync engine after a local edit, so it is pushed at once when online.
    pub async fn nudge_sync(&self) {
        if let Ok(work) = self.work().await {
            work.engine.nudge();
        }
    }

    /// The client session of the tenant, for the few lead operations that need the
    /// server.
    pub async fn session(&self) -> Result<Arc<Session>, ErrorBody> {
        Ok(self.work().await?.session)
    }

    /// The staff API, in the staff view or from inside a support session, while the
    /// staff sign-in lasts.
    pub async fn staff(&self) -> Result<(ApiClient, String), ErrorBody> {
        match &*self.identity.lock().await {
            Identity::Staff(staff) | Identity::Support { staff, .. } if staff.expired() => {
                Err(staff_expired())
            }
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
            Identity::Member { tenant, who } => Some(SignedIn::Member {
                server_url: tenant.work.session.api().base_url().to_string(),
                user: who.user.clone(),
                tenant: who.tenant.clone(),
            }),
            Identity::Staff(staff) => Some(staff.signed_in()),
            Identity::Support {
                staff,
                summary,
                details,
                ..
            } => Some(SignedIn::Support {
                server_url: staff.api.base_url().to_string(),
                tenant: (**summary).clone(),
                // The window counts down to whichever ends the session first: its own
                // hour, or the staff sign-in it was opened with.
                session: SupportSession {
                    expires_at: support_ends_at(staff, details),
                    ..(**details).clone()
                },
                // The server acts for support as an admin narrowed by the support rules.
                role: Role::Admin,
            }),
        }
    }

    /// The sync of the tenant the app works in, if it works in one.
    pub fn tenant_sync(&self) -> Option<&TenantSync> {
        match self {
            Identity::Member { tenant, .. } | Identity::Support { tenant, .. } => Some(tenant),
            Identity::Staff(_) | Identity::SignedOut => None,
        }
    }
}

/// When the app ends a support session by itself.
pub fn support_ends_at(staff: &StaffIdentity, details: &SupportSession) -> DateTime<Utc> {
    details.expires_at.min(staff.leaves_at())
}

pub fn staff_expired() -> ErrorBody {
    ErrorBody::new(
        "staff_session_expired",
        "Your platform staff sign-in has run out (staff sign-ins are short-lived, for safety). Sign in again with your password and authenticator code.",
    )
}

pub fn not_signed_in() -> ErrorBody {
    ErrorBody::new(
        "not_signed_in",
        "You are signed out. Sign in again to continue.",
    )
}
