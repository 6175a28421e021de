//! What the Settings card shows: whether Dotloop is set up on this server, whether the
//! brokerage is connected and to which account, and the import runs. The wire types are
//! core's (`transactions::dotloop_status`), so the desktop reads the same ones.

use brokerdesk_core::transactions::dotloop_status::{DotloopAccount, DotloopStatus};

use super::connection;
use super::runs;
use crate::db::TenantTx;
use crate::error::ApiError;

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
