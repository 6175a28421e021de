//! The purge of tenants whose grace period has ended: every row of the tenant, in every
//! table with a tenant_id column (the audit trail, sync memory, tombstones, idempotency
//! records and mail included), goes; the registry row is scrubbed of its name and
//! subdomain and marked deleted; the platform trail keeps the tenant's id and the count
//! of rows per table, nothing else.
//!
//! The deleting is done by the database function `brokerdesk_purge_tenant` (migration
//! 20261211000300), which finds the tables in the catalogue, so a table added later
//! cannot be forgotten, and which re-checks that the deletion is due and not held.
//!
//! It runs on an interval inside the server ([`spawn`]); an advisory lock lets one
//! instance purge at a time, and each tenant is purged in a transaction of its own.

use std::collections::BTreeMap;
use std::time::Duration;

use brokerdesk_core::ids::TenantId;
use chrono::{DateTime, Utc};
use serde_json::json;
use sqlx::types::Json;
use tokio::task::JoinHandle;
use uuid::Uuid;

use crate::audit::{self, SUBJECT_TENANT_KEY, platform_chain_id};
use crate::auth::audit::system_event;
use crate::db::Database;
use crate::error::ApiError;

/// The key of the lock one purging instance holds: "bdpurge" in ASCII.
pub const PURGE_LOCK: i64 = 0x0062_6470_7572_6765;

/// A tenant purged, with the rows deleted from each table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PurgedTenant {
    pub tenant: TenantId,
    pub rows: BTreeMap<String, i64>,
}

/// What one pass did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PurgePass {
    /// Another instance holds the lock and is purging.
    Busy,
    Purged(Vec<PurgedTenant>),
}

/// Purges every tenant whose deletion is due at `now` and not held.
pub async fn purge_due(db: &Database, now: DateTime<Utc>) -> Result<PurgePass, ApiError> {
    // Held for the whole pass by this transaction, so it is released however the pass
    // ends, even if the process dies.
    let mut lock = db.begin_platform("tenant-purge").await?;
    let taken: bool = sqlx::query_scalar("select pg_try_advisory_xact_lock($1)")
        .bind(PURGE_LOCK)
        .fetch_one(lock.conn())
        .await?;
    if !taken {
        return Ok(PurgePass::Busy);
    }
    let due: Vec<Uuid> = sqlx::query_scalar(
        "select id from tenants
          where status = 'pending_deletion' and deletion_due_at <= $1 and deletion_held_at is null
          order by deletion_due_at, id",
    )
    .bind(now)
    .fetch_all(lock.conn())
    .await?;
    let mut purged = Vec::new();
    for id in due {
        if let Some(tenant) = purge_one(db, TenantId::from_uuid(id), now).await? {
            purged.push(tenant);
        }
    }
    lock.commit().await?;
    Ok(PurgePass::Purged(purged))
}

/// Purges one tenant and records it in the platform trail, in one transaction. None when
/// it was cancelled or held since the pass listed it.
async fn purge_one(
    db: &Database,
    tenant: TenantId,
    now: DateTime<Utc>,
) -> Result<Option<PurgedTenant>, ApiError> {
    let mut tx = db.begin_platform("tenant-purge").await?;
    let counts: Option<Json<BTreeMap<String, i64>>> =
        sqlx::query_scalar("select brokerdesk_purge_tenant($1, $2)")
            .bind(tenant.as_uuid())
            .bind(now)
            .fetch_one(tx.conn())
            .await?;
    let Some(Json(rows)) = counts else {
        return Ok(None);
    };
    let total: i64 = rows.values().sum();
    let event = system_event(
        platform_chain_id(),
        "Brokerdesk",
        "tenant.purged",
        Some(tenant.to_string()),
        json!({ SUBJECT_TENANT_KEY: tenant, "rows": rows, "totalRows": total }),
    );
    audit::append_platform(&mut tx, event).await?;
    tx.commit().await?;
    tracing::info!(%tenant, total, "purged a deleted tenant");
    Ok(Some(PurgedTenant { tenant, rows }))
}

/// Spawns the purge on `interval`, or nothing when it is zero. The first pass waits a
/// whole interval, so a fleet restarting together does not purge at once.
pub fn spawn(db: Database, interval: Duration) -> Option<JoinHandle<()>> {
    if interval.is_zero() {
        return None;
    }
    Some(tokio::spawn(async move {
        let mut ticks = tokio::time::interval(interval);
        ticks.tick().await;
        loop {
            ticks.tick().await;
            match purge_due(&db, Utc::now()).await {
                Ok(PurgePass::Busy) => tracing::debug!("another instance is purging tenants"),
                Ok(PurgePass::Purged(_)) => {}
                Err(error) => tracing::warn!(%error, "the tenant purge did not complete"),
            }
        }
    }))
}
