//! Deleting a tenant: the owner asks, with the password (and the authenticator code when
//! MFA is on); the tenant is then read-only for a grace period the owner can cancel in,
//! after which every row it has is purged and each device shreds its cache at its next
//! contact. Staff see pending deletions and can hold one, which stops the purge.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::identity::TenantSummary;
use crate::ids::UserId;
use crate::tenant::TenantStatus;

/// Days between the owner's request and the purge.
pub const GRACE_DAYS: i64 = 30;

/// The code of the refusal of a write while the deletion is pending.
pub const PENDING_CODE: &str = "tenant_pending_deletion";
/// The code of every answer about a tenant that has been deleted.
pub const DELETED_CODE: &str = "tenant_deleted";

/// When a deletion asked for at `requested_at` is due.
pub fn due_at(requested_at: DateTime<Utc>) -> DateTime<Utc> {
    requested_at + Duration::days(GRACE_DAYS)
}

/// What a refused write says while the deletion is pending.
pub fn pending_message(due_at: DateTime<Utc>) -> String {
    format!(
        "This brokerage is set to be deleted with all of its data on {} UTC. Until then it is read-only: \
         you can read and export, but not make changes. The owner can cancel the deletion in Settings.",
        due_at.format("%B %-d, %Y at %H:%M")
    )
}

/// What a sign-in, refresh or request for a deleted tenant is told.
pub fn deleted_message() -> &'static str {
    "This brokerage has been deleted, with all of its data. Its data is being removed from this device."
}

/// The owner's request, with the password re-entered.
#[derive(Clone, Debug, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct RequestTenantDeletion {
    pub password: String,
    /// Required when the owner has two-step sign-in on: a code from the authenticator
    /// app, or a recovery code.
    #[serde(default)]
    pub mfa_code: Option<String>,
}

/// Where the tenant's deletion stands.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct TenantDeletionState {
    pub status: TenantStatus,
    #[ts(type = "string | null")]
    pub requested_at: Option<DateTime<Utc>>,
    pub requested_by: Option<UserId>,
    /// When the purge runs, unless the owner cancels or staff hold it.
    #[ts(type = "string | null")]
    pub due_at: Option<DateTime<Utc>>,
    /// Platform staff are holding the deletion: it will not be purged while they do.
    pub held: bool,
}

/// A pending deletion, as platform staff see it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct PendingDeletion {
    pub tenant: TenantSummary,
    #[ts(type = "string")]
    pub requested_at: DateTime<Utc>,
    #[ts(type = "string")]
    pub due_at: DateTime<Utc>,
    /// Why staff hold it, when they do.
    pub hold_reason: Option<String>,
    #[ts(type = "string | null")]
    pub held_at: Option<DateTime<Utc>>,
}

/// Staff hold a pending deletion, saying why.
#[derive(Clone, Debug, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct DeletionHoldRequest {
    pub reason: String,
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn the_purge_is_due_thirty_days_after_the_request_and_the_refusal_says_when() {
        let asked = Utc.with_ymd_and_hms(2026, 12, 3, 9, 30, 0).unwrap();
        let due = due_at(asked);
        assert_eq!(due, Utc.with_ymd_and_hms(2027, 1, 2, 9, 30, 0).unwrap());
        let message = pending_message(due);
        assert!(message.contains("January 2, 2027 at 09:30"), "{message}");
        assert!(message.contains("cancel"), "{message}");
    }

    #[test]
    fn a_request_reads_with_or_without_a_code() {
        let bare: RequestTenantDeletion =
            serde_json::from_value(serde_json::json!({ "password": "x" })).unwrap();
        assert_eq!(bare.mfa_code, None);
        let coded: RequestTenantDeletion =
            serde_json::from_value(serde_json::json!({ "password": "x", "mfaCode": "123456" }))
                .unwrap();
        assert_eq!(coded.mfa_code.as_deref(), Some("123456"));
    }
}
