//! Platform support sessions: staff act inside one tenant for at most an hour, with a
//! cache of its own that never outlives the session. It is deleted when the session is
//! closed, when it is found past its end (at a restore, or by the sync engine, whose
//! every request asks [`Session::access_token`]), and, for what a crash left behind, by
//! [`SessionManager::shred_support_leftovers`] at the app's next start.

use brokerdesk_core::identity::{
    OpenSupportSessionRequest, StaffSignInRequest, SupportSession, TenantSummary,
};
use brokerdesk_core::ids::{TenantId, UserId};
use chrono::Utc;
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use std::time::Duration;

use super::{AccessToken, Account, Session, SessionError, SessionManager, SupportInfo, who_am_i};
use crate::api::ApiClient;
use crate::cache::{CacheLocation, shred_location};

/// How long a leftover session may take to be ended on the server at start-up before
/// its cache is deleted regardless: the app should not wait long on a dead network.
const LEFTOVER_END_TIMEOUT: Duration = Duration::from_secs(3);

/// The secrets of a support session, kept in the keychain so a later CLI run can use
/// and end it: the tenant token and the staff token that may end it.
#[derive(Serialize, Deserialize)]
struct SupportSecrets {
    access_token: String,
    staff_token: String,
}

/// The keychain entry holding a support session's [`SupportSecrets`].
pub(super) fn secrets_key(server_fingerprint: &str, tenant_id: TenantId) -> String {
    format!("support-session:{server_fingerprint}:{tenant_id}")
}

/// A support session just opened: the client session that acts in the tenant, and what
/// the window shows about it.
pub struct SupportOpening {
    pub session: Arc<Session>,
    /// The server's record: who, why, the ticket, and when it runs out.
    pub details: SupportSession,
    pub tenant: TenantSummary,
}

impl SessionManager {
    /// Platform staff sign in (always with an authenticator code) and open a support
    /// session in `request.tenant_id`, with the reason the tenant's owner will read.
    pub async fn open_support(
        &self,
        server_url: &str,
        staff: &StaffSignInRequest,
        request: &OpenSupportSessionRequest,
    ) -> Result<Arc<Session>, SessionError> {
        let staff_token = ApiClient::new(server_url)?.staff_sign_in(staff).await?;
        let opening = self
            .open_support_as(server_url, &staff_token.access_token, &staff.email, request)
            .await?;
        Ok(opening.session)
    }

    /// Opens a support session with a staff token the caller already holds (the desktop
    /// keeps the one from its staff sign-in), and makes it the current account.
    pub async fn open_support_as(
        &self,
        server_url: &str,
        staff_token: &str,
        staff_email: &str,
        request: &OpenSupportSessionRequest,
    ) -> Result<SupportOpening, SessionError> {
        let api = ApiClient::new(server_url)?;
        let staff = api.authorised(staff_token);
        let opened = staff.open_support_session(request).await?;
        let tenant = match who_am_i(&api, &opened.access_token).await {
            Ok(tenant) => tenant,
            Err(error) => {
                // Nothing is kept locally yet; do not leave the session open either.
                let _ = staff
                    .end_support_session(request.tenant_id, opened.session.id)
                    .await;
                return Err(error);
            }
        };
        let details = opened.session;
        let account = Account {
            server_url: server_url.to_owned(),
            tenant_id: request.tenant_id,
            subdomain: tenant.subdomain.clone(),
            tenant_name: tenant.name.clone(),
            user_id: UserId::from_uuid(details.id),
            email: staff_email.trim().to_lowercase(),
            support: Some(SupportInfo {
                session_id: details.id,
                reason: details.reason.clone(),
                expires_at: details.expires_at,
            }),
        };
        let secrets = SupportSecrets {
            access_token: opened.access_token.clone(),
            staff_token: staff_token.to_owned(),
        };
        self.secrets.set(
            &account.support_key(),
            &serde_json::to_string(&secrets).expect("support secrets serialise"),
        )?;
        self.remember(&account)?;
        let session = Arc::new(Session {
            api,
            access: tokio::sync::Mutex::new(AccessToken {
                token: opened.access_token,
                expires_at: details.expires_at,
            }),
            account,
            secrets: self.secrets.clone(),
        });
        Ok(SupportOpening {
            session,
            details,
            tenant,
        })
    }

    /// Ends the support session on the server and deletes its ephemeral cache. The
    /// cache goes even when the server cannot be reached. Close the session's
    /// [`crate::sync::SyncEngine`] first.
    pub async fn close_support(&self, session: &Session) -> Result<(), SessionError> {
        self.end_support(&session.account).await
    }

    async fn end_support(&self, account: &Account) -> Result<(), SessionError> {
        let Some(support) = &account.support else {
            return Ok(());
        };
        let stored = self.secrets.get(&account.support_key())?;
        let ended = match stored.and_then(|s| serde_json::from_str::<SupportSecrets>(&s).ok()) {
            Some(secrets) => ApiClient::new(&account.server_url)?
                .authorised(&secrets.staff_token)
                .end_support_session(account.tenant_id, support.session_id)
                .await
                .map_err(SessionError::from),
            None => Ok(()),
        };
        self.forget(account)?;
        ended
    }

    /// Deletes every support session's cache, key and tokens this data directory holds,
    /// remembered or not, ending each on the server when that is quick. For the
    /// desktop's start-up: its support sessions live only as long as the process, so
    /// anything found is what a crash left behind. Returns how many were deleted.
    pub async fn shred_support_leftovers(&self) -> Result<usize, SessionError> {
        let mut shredded = 0;
        for account in self.accounts()?.into_iter().filter(|a| a.support.is_some()) {
            match tokio::time::timeout(LEFTOVER_END_TIMEOUT, self.end_support(&account)).await {
                Ok(Ok(())) => {}
                Ok(Err(error)) => {
                    tracing::warn!(%error, "a leftover support session was not ended on the server");
                    self.forget(&account)?;
                }
                Err(_) => self.forget(&account)?,
            }
            shredded += 1;
        }
        for (server, tenant, location) in CacheLocation::support_caches_on_disk(&self.data_dir) {
            shred_location(&location, self.secrets.as_ref())?;
            self.secrets.delete(&secrets_key(&server, tenant))?;
            shredded += 1;
        }
        Ok(shredded)
    }

    pub(super) fn restore_support(
        &self,
        api: ApiClient,
        account: &Account,
        support: &SupportInfo,
    ) -> Result<Arc<Session>, SessionError> {
        let stored = self.secrets.get(&account.support_key())?;
        let secrets = stored.and_then(|s| serde_json::from_str::<SupportSecrets>(&s).ok());
        match secrets {
            Some(secrets) if support.expires_at > Utc::now() => Ok(Arc::new(Session {
                api,
                access: tokio::sync::Mutex::new(AccessToken {
                    token: secrets.access_token,
                    expires_at: support.expires_at,
                }),
                account: account.clone(),
                secrets: self.secrets.clone(),
            })),
            _ => {
                self.forget(account)?;
                Err(SessionError::AccessLost(
                    "The support session has ended; its cache was deleted.".into(),
                ))
            }
        }
    }
}
