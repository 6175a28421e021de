//! What the desktop's users and settings screens show: a cached record with where this
//! device's edits of it stand, so a change made offline reads as pending until the
//! server takes it. The client builds these from the encrypted cache.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::leads::view::EditState;

/// A member, invitation, API key or the settings, as the cache holds them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Edited<T> {
    /// What the user sees: the server's copy with this device's pending edits on top.
    pub record: T,
    pub edit: EditState,
    /// Wire names of the fields with edits the server has not taken yet.
    pub pending_fields: Vec<String>,
    /// A revocation (of an API key or an invitation) waiting to be sent.
    pub revoking: bool,
}

impl<T> Edited<T> {
    /// A record straight from the server, with nothing of this device's pending.
    pub fn synced(record: T) -> Self {
        Self {
            record,
            edit: EditState::Synced,
            pending_fields: Vec::new(),
            revoking: false,
        }
    }
}
