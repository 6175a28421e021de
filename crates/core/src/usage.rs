//! What a tenant is on and how much of it it uses, as the plan page shows it.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::plan::Plan;
use crate::tenant::TenantStatus;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct PlanUsage {
    pub plan: Plan,
    pub status: TenantStatus,
    /// When the trial ends; none when the tenant is not on a trial.
    #[ts(type = "string | null")]
    pub trial_ends_at: Option<DateTime<Utc>>,
    pub usage: Usage,
}

/// Current use, in the units of the plan's limits.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Usage {
    /// Seats taken: active members plus pending invitations, as the user limit counts them.
    #[ts(type = "number")]
    pub users: u64,
    /// Of `users`, those invited who have not accepted yet.
    #[ts(type = "number")]
    pub invited_users: u64,
    #[ts(type = "number")]
    pub leads: u64,
    #[ts(type = "number")]
    pub ai_calls_this_month: u64,
    #[ts(type = "number")]
    pub storage_bytes: u64,
}
