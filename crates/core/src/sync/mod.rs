//! The sync protocol's wire types, shared by the server and the client engine.
//!
//! - [`pull`]: pages of changes after a cursor `(version, entity, id)`.
//! - [`push`]: mutations with device-made ids, applied at most once, merged per field.
//! - [`wait`]: the long-poll that wakes a client when its tenant's clock moves.
//! - [`state`]: what the client engine reports to the UI while it works.
//! - [`outbox`]: the refused edits a device keeps for its user to see.

pub mod outbox;
pub mod pull;
pub mod push;
pub mod state;
pub mod wait;

use serde::{Deserialize, Serialize};
use std::fmt;

use crate::identity::TenantSummary;
use crate::usage::PlanUsage;
use std::str::FromStr;
use ts_rs::TS;

/// Every kind of record sync carries. The order of the names (as text) is part of the
/// cursor order, so they are compared as their wire names, never as enum positions.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SyncEntity {
    Lead,
    User,
    Invitation,
    ApiKey,
    Settings,
    AuditEntry,
    /// A value a later push overwrote, kept so both sides can see it.
    Conflict,
    /// The tenant's profile and plan with its usage: computed, sent whole with the last page.
    Tenant,
    /// A line of a lead's consent ledger.
    Consent,
    /// A chatbot transcript attached to a lead.
    Conversation,
    /// A phone call attached to a lead.
    Call,
    /// A number on the tenant's do-not-call list.
    DncEntry,
    /// A commission-earning agent on the roster.
    RosterAgent,
    /// A deal: one Dotloop loop, or a deal entered by hand.
    Transaction,
    /// A commission plan with its effective-dated versions.
    CommissionPlan,
    /// A roster agent put on a commission plan from a date.
    CommissionAssignment,
    /// One agent's split on one deal, agreed for that deal only.
    CommissionOverride,
    /// A knowledge-base item with its draft and publish state.
    KbItem,
    /// An immutable published version of a knowledge-base item.
    KbVersion,
    /// A chunk of a knowledge-base item's live published version.
    KbChunk,
    /// A request in the privacy-request register.
    PrivacyRequest,
}

impl SyncEntity {
    pub const ALL: [SyncEntity; 21] = [
        SyncEntity::Lead,
        SyncEntity::User,
        SyncEntity::Invitation,
        SyncEntity::ApiKey,
        SyncEntity::Settings,
        SyncEntity::AuditEntry,
        SyncEntity::Conflict,
        SyncEntity::Tenant,
        SyncEntity::Consent,
        SyncEntity::Conversation,
        SyncEntity::Call,
        SyncEntity::DncEntry,
        SyncEntity::RosterAgent,
        SyncEntity::Transaction,
        SyncEntity::CommissionPlan,
        SyncEntity::CommissionAssignment,
        SyncEntity::CommissionOverride,
        SyncEntity::KbItem,
        SyncEntity::KbVersion,
        SyncEntity::KbChunk,
        SyncEntity::PrivacyRequest,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            SyncEntity::Lead => "lead",
            SyncEntity::User => "user",
            SyncEntity::Invitation => "invitation",
            SyncEntity::ApiKey => "api_key",
            SyncEntity::Settings => "settings",
            SyncEntity::AuditEntry => "audit_entry",
            SyncEntity::Conflict => "conflict",
            SyncEntity::Tenant => "tenant",
            SyncEntity::Consent => "consent",
            SyncEntity::Conversation => "conversation",
            SyncEntity::Call => "call",
            SyncEntity::DncEntry => "dnc_entry",
            SyncEntity::RosterAgent => "roster_agent",
            SyncEntity::Transaction => "transaction",
            SyncEntity::CommissionPlan => "commission_plan",
            SyncEntity::CommissionAssignment => "commission_assignment",
            SyncEntity::CommissionOverride => "commission_override",
            SyncEntity::KbItem => "kb_item",
            SyncEntity::KbVersion => "kb_version",
            SyncEntity::KbChunk => "kb_chunk",
            SyncEntity::PrivacyRequest => "privacy_request",
        }
    }
}

impl fmt::Display for SyncEntity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, thiserror::Error)]
#[error("unknown sync entity {0:?}")]
pub struct UnknownEntity(pub String);

impl FromStr for SyncEntity {
    type Err = UnknownEntity;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        SyncEntity::ALL
            .into_iter()
            .find(|e| e.as_str() == s)
            .ok_or_else(|| UnknownEntity(s.to_owned()))
    }
}

/// A position in a tenant's change stream. Changes are ordered by version, then entity
/// name, then id (as text); a pull returns what comes strictly after the cursor.
#[derive(
    Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS,
)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Cursor {
    #[ts(type = "number")]
    pub version: i64,
    /// The entity's wire name; empty before the first change.
    pub entity: String,
    pub id: String,
}

impl Cursor {
    /// Before every change.
    pub fn start() -> Self {
        Self::default()
    }

    pub fn at(version: i64, entity: SyncEntity, id: impl Into<String>) -> Self {
        Self {
            version,
            entity: entity.as_str().to_owned(),
            id: id.into(),
        }
    }
}

/// The tenant as the cache shows it: its profile, and its plan and usage for those who
/// may see them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct TenantSnapshot {
    pub tenant: TenantSummary,
    pub plan_usage: Option<PlanUsage>,
}

/// Audit entries are keyed by their sequence number. Written with a fixed width, the
/// text order of their ids is the numeric order, as the cursor needs.
pub fn audit_entry_id(seq: i64) -> String {
    format!("{seq:020}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_order_by_version_then_entity_then_id() {
        let a = Cursor::at(5, SyncEntity::User, "b");
        assert!(Cursor::start() < a);
        assert!(Cursor::at(5, SyncEntity::Lead, "z") < a, "lead < user");
        assert!(a < Cursor::at(5, SyncEntity::User, "c"));
        assert!(a < Cursor::at(6, SyncEntity::ApiKey, "a"));
    }

    #[test]
    fn audit_ids_sort_like_their_numbers() {
        assert!(audit_entry_id(9) < audit_entry_id(10));
        assert!(audit_entry_id(99_999) < audit_entry_id(100_000));
    }

    #[test]
    fn entity_names_round_trip() {
        for entity in SyncEntity::ALL {
            assert_eq!(entity.as_str().parse::<SyncEntity>().unwrap(), entity);
            assert_eq!(
                serde_json::to_value(entity).unwrap(),
                serde_json::json!(entity.as_str())
            );
        }
    }
}
