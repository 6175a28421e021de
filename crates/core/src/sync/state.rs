//! What the client's sync engine reports while it runs, for the desktop UI and the CLI.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::ErrorBody;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum SyncPhase {
    /// Not started yet.
    Idle,
    Pushing,
    Pulling,
    /// Up to date, parked until the server says the tenant changed.
    Waiting,
    /// The server cannot be reached; edits queue and the engine retries with backoff.
    Offline,
    /// Sync stopped for a reason a person has to act on (signed out, access removed).
    Stopped,
}

/// Rows applied so far in the current pull, out of those the server said were waiting.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SyncProgress {
    #[ts(type = "number")]
    pub done: u64,
    #[ts(type = "number")]
    pub expected: u64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SyncState {
    pub phase: SyncPhase,
    pub online: bool,
    #[ts(type = "string | null")]
    pub last_synced_at: Option<DateTime<Utc>>,
    /// Local edits not yet accepted by the server.
    #[ts(type = "number")]
    pub pending_edits: u64,
    /// Edits the server refused; kept, with the reason, until the user dismisses them.
    #[ts(type = "number")]
    pub rejected_edits: u64,
    /// Values overwritten by a later edit, as recorded by the server.
    #[ts(type = "number")]
    pub conflicts: u64,
    pub progress: Option<SyncProgress>,
    /// The last failure, while it lasts.
    pub error: Option<ErrorBody>,
}

impl Default for SyncState {
    fn default() -> Self {
        Self {
            phase: SyncPhase::Idle,
            online: false,
            last_synced_at: None,
            pending_edits: 0,
            rejected_edits: 0,
            conflicts: 0,
            progress: None,
            error: None,
        }
    }
}
