//! The long-poll a client parks on between syncs.

use serde::{Deserialize, Serialize};

/// The longest a wait is held open, so proxies with idle timeouts never cut it.
pub const MAX_WAIT_SECS: u64 = 25;

/// The query string of `GET /v1/sync/wait`.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[serde(rename_all = "camelCase")]
pub struct WaitQuery {
    /// Answer as soon as the tenant's clock is past this version (0 answers at once).
    #[serde(default)]
    pub after_version: i64,
    /// At most [`MAX_WAIT_SECS`] (the default).
    pub timeout_secs: Option<u64>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct WaitOutcome {
    /// The tenant's clock when the wait ended.
    pub clock: i64,
    /// True when the clock moved past `afterVersion`; false when the wait timed out.
    pub changed: bool,
}
