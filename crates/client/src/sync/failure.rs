//! Why a sync round stopped ([`SyncError`]): the server's answer, the session, the
//! cache or the store, as the engine and the app report it.

use brokerdesk_core::error::ErrorBody;
use brokerdesk_core::tenant_deletion::{DELETED_CODE, PENDING_CODE};
use reqwest::StatusCode;

use super::error::StoreError;
use crate::api::ApiError;
use crate::cache::CacheError;
use crate::session::SessionError;

/// Why a sync round stopped, as the engine reports it.
#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    /// No answer from the server: try again later; edits stay queued.
    #[error("{0}")]
    Offline(ApiError),
    /// The server no longer lets this sign-in into the tenant. The cache has been
    /// crypto-shredded.
    #[error("Access to this brokerage has ended ({0}); its data was removed from this device.")]
    AccessLost(String),
    /// The tenant is read-only (suspended, or pending deletion): it can be read but not
    /// changed, so edits wait.
    #[error("{0}")]
    Suspended(ApiError),
    /// The server answered 426; the message names the protocol version it needs.
    #[error("{0}")]
    ClientTooOld(String),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Cache(#[from] CacheError),
    #[error("{0}")]
    Server(ApiError),
    #[error(transparent)]
    Session(SessionError),
}

impl SyncError {
    pub fn code(&self) -> &str {
        match self {
            SyncError::Offline(e) | SyncError::Suspended(e) | SyncError::Server(e) => e.code(),
            SyncError::AccessLost(_) => "access_lost",
            SyncError::ClientTooOld(_) => "client_too_old",
            SyncError::Store(e) => e.code(),
            SyncError::Cache(_) => "cache_error",
            SyncError::Session(e) => e.code(),
        }
    }

    pub fn to_body(&self) -> ErrorBody {
        ErrorBody::new(self.code(), self.to_string())
    }
}

impl From<SessionError> for SyncError {
    fn from(error: SessionError) -> Self {
        match error {
            SessionError::AccessLost(why) => SyncError::AccessLost(why),
            SessionError::Api(api) if api.is_offline() => SyncError::Offline(api),
            other => SyncError::Session(other),
        }
    }
}

/// What an API error means for sync.
pub(super) fn classify(error: ApiError) -> SyncError {
    match error.status() {
        _ if error.is_offline() => SyncError::Offline(error),
        Some(StatusCode::UNAUTHORIZED) => SyncError::AccessLost(error.to_string()),
        Some(StatusCode::GONE) if error.code() == DELETED_CODE => {
            SyncError::AccessLost(error.to_string())
        }
        Some(StatusCode::FORBIDDEN) if error.code() == "tenant_suspended" => {
            SyncError::Suspended(error)
        }
        Some(StatusCode::CONFLICT) if error.code() == PENDING_CODE => SyncError::Suspended(error),
        Some(StatusCode::FORBIDDEN) => SyncError::AccessLost(error.to_string()),
        Some(StatusCode::UPGRADE_REQUIRED) => SyncError::ClientTooOld(error.to_string()),
        _ => SyncError::Server(error),
    }
}
