//! Signing in and staying signed in, for the desktop app and the CLI alike.
//!
//! - [`SessionManager::sign_in`] signs in to one tenant. An account with MFA answers
//!   [`SessionError::MfaRequired`] first; the caller asks for the code and signs in
//!   again with it.
//! - The refresh token goes to the OS keychain (through [`SecretStore`]) and nowhere
//!   else; the access token lives in memory only. [`SessionManager::restore`] signs in
//!   silently with the stored refresh token, which rotates on every use. When the
//!   server cannot be reached it still opens the account, to work from its cache; the
//!   first request that gets through refreshes the token.
//! - [`SessionManager::sign_out`] ends the session on the server and crypto-shreds the
//!   tenant's cache: the file and its key go, and so does the refresh token.
//! - Platform staff open a support session ([`SessionManager::open_support_as`]). Its
//!   cache is ephemeral: it never outlives the session, not even a crash.
//!
//! What is not secret (which server and tenant, the user's email, the current choice)
//! is kept in `accounts.json` in the data directory, so `brokerdesk-cli tenants` works
//! offline.

mod accounts;
mod member_identity;
mod support;

pub use accounts::{Account, SupportInfo};
pub use member_identity::MemberIdentity;
pub use support::SupportOpening;

use brokerdesk_core::identity::{SessionTokens, SignInRequest, TenantSummary};
use brokerdesk_core::sync::TenantSnapshot;
use brokerdesk_core::sync::pull::PullPage;
use brokerdesk_core::tenant_deletion::DELETED_CODE as TENANT_DELETED;
use chrono::{DateTime, Duration as ChronoDuration, Utc};
use reqwest::{Method, StatusCode};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::api::{ApiClient, ApiError};
use crate::cache::{CacheError, shred_location};
use crate::secrets::{SecretStore, SecretStoreError};

/// Refresh this long before the access token expires, so no request races its expiry.
const REFRESH_MARGIN_SECS: i64 = 60;
/// The code of [`SessionError::AccessLost`] (and of the sync engine's access-lost
/// error): the tenant's data has been removed from this device.
pub const ACCESS_LOST: &str = "access_lost";

#[derive(Debug, thiserror::Error)]
pub enum SessionError {
    #[error(transparent)]
    Api(#[from] ApiError),
    /// The password was right and the account has MFA: sign in again with the code.
    #[error("Enter the code from your authenticator app.")]
    MfaRequired,
    /// The server no longer accepts this sign-in (signed out elsewhere, deactivated,
    /// tenant deleted, support session over). The tenant's cache has been shredded.
    #[error("{0}")]
    AccessLost(String),
    #[error("Not signed in to {0}. Run `login` first.")]
    NotSignedIn(String),
    #[error(transparent)]
    Keychain(#[from] SecretStoreError),
    #[error(transparent)]
    Cache(#[from] CacheError),
    #[error("The list of sign-ins in {path} could not be read or written: {detail}.")]
    Accounts { path: PathBuf, detail: String },
}

impl SessionError {
    pub fn code(&self) -> &str {
        match self {
            SessionError::Api(e) => e.code(),
            SessionError::MfaRequired => "mfa_required",
            SessionError::AccessLost(_) => ACCESS_LOST,
            SessionError::NotSignedIn(_) => "not_signed_in",
            SessionError::Keychain(e) => {
                if matches!(e, SecretStoreError::Unavailable { .. }) {
                    "keychain_unavailable"
                } else {
                    "keychain_error"
                }
            }
            SessionError::Cache(_) => "cache_error",
            SessionError::Accounts { .. } => "accounts_file",
        }
    }

    pub fn to_body(&self) -> brokerdesk_core::error::ErrorBody {
        brokerdesk_core::error::ErrorBody::new(self.code(), self.to_string())
    }
}

#[derive(Clone)]
struct AccessToken {
    token: String,
    expires_at: DateTime<Utc>,
}

/// A live sign-in to one tenant: the API client and a fresh access token on demand.
pub struct Session {
    api: ApiClient,
    account: Account,
    access: tokio::sync::Mutex<AccessToken>,
    secrets: Arc<dyn SecretStore>,
}

impl Session {
    pub fn account(&self) -> &Account {
        &self.account
    }

    pub fn api(&self) -> &ApiClient {
        &self.api
    }

    /// An access token valid for at least another minute, refreshed if need be. A
    /// support session cannot be refreshed: its token serves to the session's last
    /// second, and past it the answer is [`SessionError::AccessLost`].
    pub async fn access_token(&self) -> Result<String, SessionError> {
        let mut access = self.access.lock().await;
        let margin = if self.account.support.is_some() {
            0
        } else {
            REFRESH_MARGIN_SECS
        };
        if access.expires_at - Utc::now() > ChronoDuration::seconds(margin) {
            return Ok(access.token.clone());
        }
        *access = self.refreshed().await?;
        Ok(access.token.clone())
    }

    /// Forces a refresh, after the server said the access token is no longer valid.
    pub async fn refresh(&self) -> Result<(), SessionError> {
        let mut access = self.access.lock().await;
        *access = self.refreshed().await?;
        Ok(())
    }

    async fn refreshed(&self) -> Result<AccessToken, SessionError> {
        if self.account.support.is_some() {
            return Err(SessionError::AccessLost(
                "The support session has ended.".into(),
            ));
        }
        let key = self.account.refresh_key();
        let refresh_token = self
            .secrets
            .get(&key)?
            .ok_or_else(|| SessionError::NotSignedIn(self.account.subdomain.clone()))?;
        let body = serde_json::json!({ "refreshToken": refresh_token });
        let tokens: SessionTokens = match self
            .api
            .call(Method::POST, "v1/auth/refresh", None, Some(&body))
            .await
        {
            Ok(tokens) => tokens,
            Err(error) if ends_access(&error) => {
                return Err(SessionError::AccessLost(error.to_string()));
            }
            Err(error) => return Err(error.into()),
        };
        // The old token is spent: store its successor before anything else can fail.
        self.secrets.set(&key, &tokens.refresh_token)?;
        Ok(access_from(&tokens.access_token, tokens.expires_in))
    }
}

/// The server refused the sign-in itself (401, or 403 for anything but a suspended
/// tenant, which stays readable), or the tenant has been deleted (410): no retry will
/// help, and the tenant's data must go.
fn ends_access(error: &ApiError) -> bool {
    match error.status() {
        Some(StatusCode::UNAUTHORIZED) => true,
        Some(StatusCode::GONE) => error.code() == TENANT_DELETED,
        Some(StatusCode::FORBIDDEN) => error.code() != "tenant_suspended",
        _ => false,
    }
}

fn access_from(token: &str, expires_in: i64) -> AccessToken {
    AccessToken {
        token: token.to_owned(),
        expires_at: Utc::now() + ChronoDuration::seconds(expires_in),
    }
}

/// Signs in, restores and forgets sign-ins for one data directory.
#[derive(Clone)]
pub struct SessionManager {
    data_dir: PathBuf,
    secrets: Arc<dyn SecretStore>,
}

impl SessionManager {
    pub fn new(data_dir: impl Into<PathBuf>, secrets: Arc<dyn SecretStore>) -> Self {
        Self {
            data_dir: data_dir.into(),
            secrets,
        }
    }

    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    pub fn secrets(&self) -> &Arc<dyn SecretStore> {
        &self.secrets
    }

    /// Signs in to the tenant named in `request` and makes it the current account.
    pub async fn sign_in(
        &self,
        server_url: &str,
        request: &SignInRequest,
    ) -> Result<Arc<Session>, SessionError> {
        let api = ApiClient::new(server_url)?;
        let tokens: SessionTokens = match api
            .call(Method::POST, "v1/auth/sign-in", None, Some(request))
            .await
        {
            Ok(tokens) => tokens,
            Err(ApiError::Server { body, .. }) if body.code == "mfa_required" => {
                return Err(SessionError::MfaRequired);
            }
            Err(error) => return Err(error.into()),
        };
        let tenant = who_am_i(&api, &tokens.access_token).await?;
        let account = Account {
            server_url: server_url.to_owned(),
            tenant_id: tokens.tenant_id,
            subdomain: tenant.subdomain,
            tenant_name: tenant.name,
            user_id: tokens.user_id,
            email: request.email.trim().to_lowercase(),
            support: None,
        };
        self.secrets
            .set(&account.refresh_key(), &tokens.refresh_token)?;
        self.remember(&account)?;
        Ok(Arc::new(Session {
            api,
            access: tokio::sync::Mutex::new(access_from(&tokens.access_token, tokens.expires_in)),
            account,
            secrets: self.secrets.clone(),
        }))
    }

    /// Signs in again without asking, with the refresh token in the keychain. When the
    /// server refuses it, access is gone for good: the cache is shredded and the account
    /// forgotten, and the answer is [`SessionError::AccessLost`]. When the server cannot
    /// be reached the session opens all the same, so its cache can be read and edited:
    /// its access token stays expired, and whichever request first gets through (the
    /// sync engine retries) refreshes it.
    pub async fn restore(&self, account: &Account) -> Result<Arc<Session>, SessionError> {
        let api = ApiClient::new(&account.server_url)?;
        if let Some(support) = &account.support {
            return self.restore_support(api, account, support);
        }
        let session = Session {
            api,
            account: account.clone(),
            // Already expired, so the first use refreshes.
            access: tokio::sync::Mutex::new(AccessToken {
                token: String::new(),
                expires_at: Utc::now(),
            }),
            secrets: self.secrets.clone(),
        };
        match session.refresh().await {
            Ok(()) => Ok(Arc::new(session)),
            Err(SessionError::AccessLost(why)) => {
                self.forget(account)?;
                Err(SessionError::AccessLost(why))
            }
            Err(SessionError::Api(error)) if error.is_offline() => {
                tracing::info!(%error, "server unreachable; opening the account offline");
                Ok(Arc::new(session))
            }
            Err(other) => Err(other),
        }
    }

    /// The current account, restored; none when nobody is signed in.
    pub async fn restore_current(&self) -> Result<Option<Arc<Session>>, SessionError> {
        match self.current()? {
            Some(account) => self.restore(&account).await.map(Some),
            None => Ok(None),
        }
    }

    /// Ends the session on the server (if it can be reached) and crypto-shreds
    /// everything this device holds for the tenant. Close the tenant's
    /// [`crate::sync::SyncEngine`] first, so no connection to the cache is left open.
    pub async fn sign_out(&self, session: &Session) -> Result<(), SessionError> {
        if session.account.support.is_some() {
            return self.close_support(session).await;
        }
        if let Ok(token) = session.access_token().await {
            let ended = session
                .api
                .call_no_content::<()>(Method::POST, "v1/auth/sign-out", Some(&token), None)
                .await;
            if let Err(error) = ended {
                tracing::warn!(%error, "sign-out did not reach the server; forgetting locally");
            }
        }
        self.forget(&session.account)
    }

    /// Crypto-shreds the account's cache (file and key), deletes its tokens from the
    /// keychain and drops it from the list. Used on sign-out and when access is lost.
    pub fn forget(&self, account: &Account) -> Result<(), SessionError> {
        shred_location(
            &account.cache_location(&self.data_dir),
            self.secrets.as_ref(),
        )?;
        self.secrets.delete(&account.refresh_key())?;
        self.secrets.delete(&account.support_key())?;
        let mut file = self.load()?;
        let current = file.current.and_then(|i| file.accounts.get(i).cloned());
        file.accounts.retain(|a| {
            !(a.same(&account.server_url, account.tenant_id) && a.support == account.support)
        });
        file.current = current.and_then(|c| file.accounts.iter().position(|a| *a == c));
        if file.current.is_none() && !file.accounts.is_empty() {
            file.current = Some(0);
        }
        self.save(&file)
    }
}

/// The tenant a token acts in. Asked of the sync pull, whose last page carries the
/// tenant's profile whoever the caller is (a member, or staff in a support session,
/// who has no member record for `/v1/me` to return): a cursor past every change gives
/// an empty last page.
async fn who_am_i(api: &ApiClient, access_token: &str) -> Result<TenantSummary, SessionError> {
    let request = api
        .request(Method::GET, "v1/sync/pull")?
        .bearer_auth(access_token)
        .query(&[
            ("afterVersion", i64::MAX.to_string()),
            ("limit", "1".into()),
        ]);
    let page: PullPage = api.send(request, &[]).await?;
    let snapshot: TenantSnapshot = page
        .tenant
        .as_deref()
        .map(|raw| serde_json::from_str(raw.get()))
        .transpose()
        .map_err(|e| ApiError::UnreadableResponse(e.to_string()))?
        .ok_or_else(|| ApiError::UnreadableResponse("no tenant in the last pull page".into()))?;
    Ok(snapshot.tenant)
}
