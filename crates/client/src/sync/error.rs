//! What can go wrong in sync: reading or writing the cache's synced records
//! ([`StoreError`]), and a sync round against the server ([`SyncError`]).

use brokerdesk_core::admin_edit::EditInvalid;
use brokerdesk_core::error::ErrorBody;
use brokerdesk_core::leads::LeadInvalid;
use brokerdesk_core::people::TextInvalid;
use brokerdesk_core::tenant_deletion::{DELETED_CODE, PENDING_CODE};
use reqwest::StatusCode;

use crate::api::ApiError;
use crate::cache::CacheError;
use crate::session::SessionError;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("The local cache could not be read or written: {0}.")]
    Database(#[from] sqlx::Error),
    /// The edit breaks a rule the server would refuse it for; nothing was written.
    #[error("{0}")]
    Invalid(#[from] LeadInvalid),
    #[error("No such lead in the local cache.")]
    NotFound,
    /// An edit of a member or of the settings breaks a rule the server would refuse it
    /// for; nothing was written.
    #[error("{0}")]
    InvalidEdit(#[from] EditInvalid),
    /// The record (a member, an API key…) is not in the local cache, or not any more.
    #[error("No such {0} in the local copy; it may have changed since the last sync.")]
    Missing(&'static str),
    #[error("The local cache holds a record it cannot read ({0}).")]
    Corrupt(String),
}

impl StoreError {
    pub fn code(&self) -> &str {
        match self {
            StoreError::Database(_) => "cache_error",
            StoreError::Invalid(invalid) => invalid.code,
            StoreError::NotFound | StoreError::Missing(_) => "not_found",
            StoreError::InvalidEdit(invalid) => invalid.code,
            StoreError::Corrupt(_) => "cache_corrupt",
        }
    }
}

/// A field core's rules refuse (a deal's, a roster agent's): nothing was written.
impl From<TextInvalid> for StoreError {
    fn from(invalid: TextInvalid) -> Self {
        StoreError::InvalidEdit(EditInvalid {
            code: invalid.code,
            message: invalid.message,
        })
    }
}

pub(crate) fn corrupt(e: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt(e.to_string())
}

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
