//! Each tenant's audit trail is a hash chain: every entry's hash covers its content and the
//! hash of the entry before it, so editing, deleting or reordering any entry shows up when
//! the chain is verified, on the server or locally in the desktop app.
//!
//! The chain has no secret, so someone who can rewrite the whole table can re-seal it from
//! the edit onwards, and dropping the newest entries leaves a shorter chain that still
//! verifies. Both are caught by resuming from a head the verifier remembered
//! (`ChainLink`) rather than starting again from genesis.

mod canonical;
mod client_details;
pub mod sentence;
mod verify;

use chrono::{DateTime, SubsecRound, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::ids::TenantId;

pub use canonical::{canonical_content, compute_hash};
pub use client_details::{CLIENT_DETAILS_KEPT_DAYS, ClientSalt, client_digest};
pub use verify::{BreakReason, ChainVerdict, verify_chain};

/// The `prev_hash` of a tenant's first entry.
pub const GENESIS_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ActorKind {
    /// A member of the tenant.
    User,
    /// Platform staff, who act inside a tenant only through a support session.
    Staff,
    /// The chatbot or AI calling service, through a tenant API key.
    ApiKey,
    /// Scheduled work such as retention purges.
    System,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct AuditActor {
    pub kind: ActorKind,
    /// The user, staff member or API key; none for the system.
    pub id: Option<String>,
    /// The name at the time, so the trail still reads after the actor is gone.
    pub display: String,
}

impl AuditActor {
    /// Whether platform staff did this, which the UI highlights for the owner.
    pub fn is_support(&self) -> bool {
        self.kind == ActorKind::Staff
    }
}

/// Something that happened, before it takes its place in the chain.
#[derive(Clone, Debug, PartialEq)]
pub struct AuditEvent {
    pub tenant_id: TenantId,
    pub occurred_at: DateTime<Utc>,
    pub actor: AuditActor,
    /// Dotted and stable, e.g. `user.role_changed`.
    pub action: String,
    pub target: Option<String>,
    pub ip: Option<String>,
    pub user_agent: Option<String>,
    /// Why it was done; required of support sessions.
    pub reason: Option<String>,
    pub support_ticket: Option<String>,
    pub details: serde_json::Value,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct AuditEntry {
    /// 1 for a tenant's first entry, then one more for each entry, with no gaps.
    #[ts(type = "number")]
    pub seq: i64,
    pub tenant_id: TenantId,
    #[ts(type = "string")]
    pub occurred_at: DateTime<Utc>,
    pub actor: AuditActor,
    pub action: String,
    pub target: Option<String>,
    /// The client's IP address and user agent, while they are kept
    /// ([`CLIENT_DETAILS_KEPT_DAYS`]). Entries sealed with a `client_digest` do not hash
    /// them, so they can expire; older entries hash them and keep them.
    pub ip: Option<String>,
    pub user_agent: Option<String>,
    /// The salted digest of `ip` and `user_agent` that the hash covers instead of them.
    /// Every entry sealed since client details could expire has one; its presence is
    /// what marks the entry's encoding as `brokerdesk.audit.v2`.
    #[serde(default)]
    pub client_digest: Option<String>,
    pub reason: Option<String>,
    pub support_ticket: Option<String>,
    #[ts(type = "unknown")]
    pub details: serde_json::Value,
    /// Hex SHA-256 of the previous entry, or `GENESIS_HASH`.
    pub prev_hash: String,
    /// Hex SHA-256 of this entry's canonical content.
    pub hash: String,
}

impl AuditEntry {
    /// The position this entry brings the chain to.
    pub fn link(&self) -> ChainLink {
        ChainLink {
            seq: self.seq,
            hash: self.hash.clone(),
        }
    }
}

impl AuditEvent {
    /// Makes the event the entry after `previous`. The server must hold the tenant's
    /// append lock between reading `previous` and inserting the result, or two writers
    /// would fork the chain. `salt` digests the client details (a fresh random one per
    /// entry; see `client_details`).
    pub fn seal(self, previous: &ChainLink, salt: &ClientSalt) -> AuditEntry {
        let digest = client_digest(salt, self.ip.as_deref(), self.user_agent.as_deref());
        let mut entry = AuditEntry {
            seq: previous.seq + 1,
            tenant_id: self.tenant_id,
            // PostgreSQL keeps microseconds; storing exactly what was hashed means the
            // value read back is the value sealed.
            occurred_at: self.occurred_at.trunc_subsecs(6),
            actor: self.actor,
            action: self.action,
            target: self.target,
            ip: self.ip,
            user_agent: self.user_agent,
            client_digest: Some(digest),
            reason: self.reason,
            support_ticket: self.support_ticket,
            details: self.details,
            prev_hash: previous.hash.clone(),
            hash: String::new(),
        };
        entry.hash = compute_hash(&entry);
        entry
    }
}

/// Where a chain has got to: the last entry's seq and hash. Verification resumes from one,
/// so the app can check page by page and remember how far it trusts the trail.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ChainLink {
    #[ts(type = "number")]
    pub seq: i64,
    pub hash: String,
}

impl ChainLink {
    /// The position before a tenant's first entry.
    pub fn genesis() -> Self {
        Self {
            seq: 0,
            hash: GENESIS_HASH.to_owned(),
        }
    }
}

#[cfg(test)]
pub(crate) mod fixtures {
    use super::*;
    use chrono::TimeZone;

    /// Tests seal with a fixed salt; the server draws a random one per entry.
    pub const SALT: ClientSalt = ClientSalt([3; 16]);

    pub fn actor(kind: ActorKind) -> AuditActor {
        AuditActor {
            kind,
            id: Some("u-1".into()),
            display: "Dana Owner".into(),
        }
    }

    pub fn event(tenant_id: TenantId, n: u32) -> AuditEvent {
        AuditEvent {
            tenant_id,
            occurred_at: Utc.with_ymd_and_hms(2025, 3, 1, 9, 0, n).unwrap()
                + chrono::Duration::microseconds(i64::from(n) * 1_111),
            actor: actor(if n.is_multiple_of(2) {
                ActorKind::User
            } else {
                ActorKind::Staff
            }),
            action: "user.role_changed".into(),
            target: Some(format!("user:{n}")),
            ip: Some("203.0.113.7".into()),
            user_agent: Some("Brokerdesk/0.1".into()),
            reason: Some("ticket follow-up".into()),
            support_ticket: Some(format!("SUP-{n}")),
            details: serde_json::json!({"to": "admin", "from": "agent", "meta": {"n": n, "b": [1, 2]}}),
        }
    }

    /// A valid chain of `len` entries from genesis.
    pub fn chain(tenant_id: TenantId, len: u32) -> Vec<AuditEntry> {
        let mut head = ChainLink::genesis();
        (1..=len)
            .map(|n| {
                let entry = event(tenant_id, n).seal(&head, &SALT);
                head = entry.link();
                entry
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::fixtures::*;
    use super::*;

    #[test]
    fn sealing_links_each_entry_to_the_one_before() {
        let tenant = TenantId::new();
        let entries = chain(tenant, 3);
        assert_eq!(entries[0].seq, 1);
        assert_eq!(entries[0].prev_hash, GENESIS_HASH);
        assert_eq!(GENESIS_HASH.len(), 64);
        for pair in entries.windows(2) {
            assert_eq!(pair[1].seq, pair[0].seq + 1);
            assert_eq!(pair[1].prev_hash, pair[0].hash);
        }
        for entry in &entries {
            assert_eq!(entry.hash, compute_hash(entry));
            assert_eq!(entry.hash.len(), 64);
        }
    }

    #[test]
    fn the_same_event_after_a_different_head_gets_a_different_hash() {
        let tenant = TenantId::new();
        let first = event(tenant, 1).seal(&ChainLink::genesis(), &SALT);
        let elsewhere = event(tenant, 1).seal(
            &ChainLink {
                seq: 0,
                hash: "1".repeat(64),
            },
            &SALT,
        );
        assert_ne!(first.hash, elsewhere.hash);
    }

    #[test]
    fn sealing_drops_what_postgres_would_not_keep() {
        let mut event = event(TenantId::new(), 1);
        event.occurred_at += chrono::Duration::nanoseconds(789);
        let entry = event.seal(&ChainLink::genesis(), &SALT);
        assert_eq!(entry.occurred_at.timestamp_subsec_nanos() % 1_000, 0);
    }

    #[test]
    fn only_staff_actions_count_as_support() {
        assert!(actor(ActorKind::Staff).is_support());
        for kind in [ActorKind::User, ActorKind::ApiKey, ActorKind::System] {
            assert!(!actor(kind).is_support());
        }
    }
}
