//! What the Settings card shows: whether Dotloop is set up on this server, whether the
//! brokerage is connected and to which account, and the import runs.

use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use super::connection;
use super::runs::{self, RunSummary};
use crate::db::TenantTx;
use crate::error::ApiError;

#[derive(Clone, Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DotloopAccount {
    pub profile_id: Option<String>,
    pub name: Option<String>,
}

#[derive(Clone, Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DotloopStatus {
    /// The operator has set the client id and secret.
    pub configured: bool,
    pub connected: bool,
    /// `connected` or `needs_reconnect` (Dotloop refused the tokens: connect again).
    pub status: Option<String>,
    pub account: Option<DotloopAccount>,
    pub connected_at: Option<DateTime<Utc>>,
    /// The latest run; while it runs, its counts are its progress so far.
    pub latest_run: Option<RunSummary>,
    /// The latest run that completed: when deals were last brought up to date.
    pub last_successful_run: Option<RunSummary>,
}

pub async fn status(tx: &mut TenantTx, configured: bool) -> Result<DotloopStatus, ApiError> {
    let connection = connection::load(tx).await?;
    let (latest_run, last_successful_run) = runs::latest(tx).await?;
    Ok(DotloopStatus {
        configured,
        connected: connection.is_some(),
        status: connection.as_ref().map(|c| c.status.clone()),
        connected_at: connection.as_ref().map(|c| c.connected_at),
        account: connection.map(|c| DotloopAccount {
            profile_id: c.account_profile_id,
            name: c.account_name,
        }),
        latest_run,
        last_successful_run,
    })
}
