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
    Deleted,
}
