//! The scheduled import: every interval, each active tenant with a working connection
//! gets an incremental run, one tenant after another (Dotloop's rate limit is per
//! account, so tenants do not compete, but one instance should not flood the pool).
//! Runs started elsewhere (another instance, "Sync now") hold the tenant's lock; such a
//! tenant is skipped until the next tick.

use brokerdesk_core::ids::TenantId;
use tokio::task::JoinHandle;

use super::runs::{self, Trigger};
use super::{Dotloop, importer};
use crate::error::ApiError;

/// Spawns the schedule, or nothing when Dotloop is not configured or the interval is 0.
pub fn spawn(dotloop: Dotloop) -> Option<JoinHandle<()>> {
    dotloop.config.client.as_ref()?;
    let interval = dotloop.config.sync_interval?;
    Some(tokio::spawn(async move {
        let mut ticks = tokio::time::interval(interval);
        // The first tick is immediate: wait a whole interval after start-up instead.
        ticks.tick().await;
        loop {
            ticks.tick().await;
            if let Err(error) = run_all(&dotloop).await {
                tracing::warn!(%error, "the scheduled Dotloop import could not list tenants");
            }
        }
    }))
}

/// One pass over every connected tenant; returns how many runs succeeded.
pub async fn run_all(dotloop: &Dotloop) -> Result<usize, ApiError> {
    let mut succeeded = 0;
    for tenant in connected_tenants(dotloop).await? {
        match importer::run(dotloop, tenant, Trigger::Schedule).await {
            Ok(_) => succeeded += 1,
            Err(error) => {
                tracing::info!(%tenant, code = error.code(), %error, "scheduled Dotloop import did not complete")
            }
        }
    }
    Ok(succeeded)
}

/// Active tenants whose connection Dotloop still accepts. The registry is read in a
/// platform transaction; each tenant's connection in its own tenant transaction.
async fn connected_tenants(dotloop: &Dotloop) -> Result<Vec<TenantId>, ApiError> {
    let mut platform = dotloop.db.begin_platform("dotloop-schedule").await?;
    let active: Vec<uuid::Uuid> =
        sqlx::query_scalar("select id from tenants where status = 'active' order by id")
            .fetch_all(platform.conn())
            .await?;
    platform.commit().await?;
    let mut connected = Vec::new();
    for id in active {
        let tenant = TenantId::from_uuid(id);
        let mut tx = runs::scoped(&dotloop.db, tenant).await?;
        let working: Option<bool> = sqlx::query_scalar(
            "select status = 'connected' from dotloop_connections where tenant_id = $1",
        )
        .bind(id)
        .fetch_optional(tx.conn())
        .await?;
        tx.commit().await?;
        if working == Some(true) {
            connected.push(tenant);
        }
    }
    Ok(connected)
}
