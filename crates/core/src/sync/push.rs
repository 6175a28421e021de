//! Pushing: a device sends its queued edits in order. Each carries an id the device
//! made, so a replay after a lost acknowledgement is recognised and applied only once.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use super::SyncEntity;

/// The most mutations one push may carry.
pub const MAX_PUSH_MUTATIONS: usize = 500;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum MutationOp {
    Create,
    Update,
    Delete,
}

/// One local edit, as the outbox keeps it and the server receives it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Mutation {
    #[ts(type = "string")]
    pub mutation_id: Uuid,
    pub entity: SyncEntity,
    pub op: MutationOp,
    /// The record's id; for a create, the id the device chose.
    pub entity_id: String,
    /// The changed fields, by wire name. Empty for a delete.
    #[ts(type = "Record<string, unknown>")]
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub changes: serde_json::Map<String, serde_json::Value>,
    /// The version of the record the edit was made on; none for a create. Fields
    /// someone else changed after it are conflicts when this edit overwrites them.
    #[ts(type = "number | null")]
    pub base_version: Option<i64>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct PushRequest {
    /// The device's own id, which scopes its mutation ids.
    pub device_id: Uuid,
    pub mutations: Vec<Mutation>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct PushResponse {
    /// One per mutation, in the order sent.
    pub results: Vec<MutationResult>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct MutationResult {
    pub mutation_id: Uuid,
    pub outcome: MutationOutcome,
    /// True when the server had already applied this mutation and answers from memory.
    pub replayed: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum MutationOutcome {
    /// Applied at `version`; `conflicts` lists the values this edit overwrote.
    Applied {
        version: i64,
        conflicts: Vec<FieldConflict>,
    },
    /// Not applied, for good: invalid, not allowed, over a plan limit, or the record is
    /// gone. The code is the one the REST API would answer with.
    Rejected { code: String, message: String },
}

/// A value a push overwrote although it had changed since the pusher last saw the
/// record. Both sides get it through pull, as the `conflict` entity.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct FieldConflict {
    #[ts(type = "string")]
    pub id: Uuid,
    pub entity: SyncEntity,
    pub entity_id: String,
    pub field: String,
    /// The value that was lost, and the version that had written it.
    #[ts(type = "unknown")]
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub overwritten_value: serde_json::Value,
    #[ts(type = "number")]
    pub overwritten_version: i64,
    /// The value that won, from the later push.
    #[ts(type = "unknown")]
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub winning_value: serde_json::Value,
    #[ts(type = "string")]
    pub mutation_id: Uuid,
    /// Who pushed the winning value, e.g. `user:<id>`.
    pub resolved_by: String,
    #[ts(type = "string")]
    pub created_at: DateTime<Utc>,
}
