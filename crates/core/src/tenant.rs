//! The tenant registry's vocabulary: statuses and plans.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

// The tier lives with the plan catalogue; this path stays for the crates that import it.
pub use crate::plan::PlanTier;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum TenantStatus {
    Active,
    Suspended,
    /// The owner asked for the tenant to be deleted: read-only until the purge, which
    /// the owner can cancel until then (see [`crate::tenant_deletion`]).
    PendingDeletion,
    Deleted,
}

impl TenantStatus {
    /// The name stored in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            TenantStatus::Active => "active",
            TenantStatus::Suspended => "suspended",
            TenantStatus::PendingDeletion => "pending_deletion",
            TenantStatus::Deleted => "deleted",
        }
    }
}

impl std::str::FromStr for TenantStatus {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        [
            TenantStatus::Active,
            TenantStatus::Suspended,
            TenantStatus::PendingDeletion,
            TenantStatus::Deleted,
        ]
        .into_iter()
        .find(|status| status.as_str() == s)
        .ok_or_else(|| format!("unknown tenant status {s:?}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_round_trip_through_their_stored_names() {
        for status in [
            TenantStatus::Active,
            TenantStatus::Suspended,
            TenantStatus::PendingDeletion,
            TenantStatus::Deleted,
        ] {
            assert_eq!(status.as_str().parse::<TenantStatus>(), Ok(status));
            assert_eq!(serde_json::to_value(status).unwrap(), status.as_str());
        }
        assert!("Active".parse::<TenantStatus>().is_err());
    }
}
