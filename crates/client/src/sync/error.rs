//! What can go wrong reading or writing the cache's synced records ([`StoreError`]).
//! Built on core's rules only, so every layer can name it: the cache, the store, the
//! domains. Why a sync round stops is `failure.rs`.

use brokerdesk_core::admin_edit::EditInvalid;
use brokerdesk_core::leads::LeadInvalid;
use brokerdesk_core::people::TextInvalid;

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
