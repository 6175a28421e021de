//! What a device's outbox shows its user: the edits the server refused, each kept with
//! the server's reason until the user dismisses it.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use ts_rs::TS;
use uuid::Uuid;

use super::SyncEntity;

/// A local edit the server refused, kept with its reason until the user dismisses it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RejectedEdit {
    #[ts(type = "string")]
    pub mutation_id: Uuid,
    pub entity: SyncEntity,
    pub entity_id: String,
    /// `create`, `update` or `delete`, as the outbox stores it.
    pub op: String,
    #[ts(type = "Record<string, unknown>")]
    pub changes: Value,
    pub code: String,
    pub message: String,
    #[ts(type = "string")]
    pub created_at: DateTime<Utc>,
}
