//! The retention scheduler: on an interval, one pass over every tenant, purging what each
//! policy says (and closed privacy requests past the register's 24 months, and the
//! integration posts' stored answers past their retry window).
//!
//! One instance at a time: a pass holds a transaction-level advisory lock in a platform
//! transaction for its whole length, and an instance that cannot take it skips the pass
//! (the holder is doing the same work). Each tenant is purged in its own tenant-scoped
//! transaction, so one tenant's failure neither undoes nor stops the others', and a
//! tenant's purge commits with its audit entries and tombstones or not at all.

use std::time::Duration;

use brokerdesk_core::audit::CLIENT_DETAILS_KEPT_DAYS;
use brokerdesk_core::ids::TenantId;
use brokerdesk_core::retention::{PurgeCount, privacy_request_cutoff};
use chrono::{DateTime, Utc};
use serde_json::json;
use tokio::task::JoinHandle;

use super::{holds, purge, stored_policies};
use crate::audit;
use crate::auth::audit::{record, system_event};
use crate::db::{Database, TenantScope, TenantTx};
use crate::error::ApiError;

/// The advisory lock's key: "bdretain" in ASCII, distinct from the audit chain's.
pub const PASS_LOCK: i64 = 0x6264_7265_7461_696e;
/// Who the trail says purged.
const ACTOR: &str = "Retention schedule";

/// What one pass did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct PassReport {
    pub tenants: usize,
    /// Tenants under a staff hold, left untouched.
    pub held: usize,
    /// Tenants whose purge failed (logged); the next pass tries again.
    pub failed: usize,
    /// Rows deleted, over every tenant and kind.
    pub purged: u64,
}

/// Spawns the schedule, or nothing when the interval is 0.
pub fn spawn(db: Database, interval_secs: u64) -> Option<JoinHandle<()>> {
    if interval_secs == 0 {
        return None;
    }
    Some(tokio::spawn(async move {
        let mut ticks = tokio::time::interval(Duration::from_secs(interval_secs));
        // The first tick is immediate: wait a whole interval after start-up instead, so
        // a restart loop does not purge on every start.
        ticks.tick().await;
        loop {
            ticks.tick().await;
            match run_pass(&db, Utc::now()).await {
                Ok(Some(report)) => tracing::info!(?report, "retention pass done"),
                Ok(None) => tracing::debug!("another instance holds the retention pass"),
                Err(error) => tracing::warn!(%error, "the retention pass could not run"),
            }
        }
    }))
}

/// One pass over every tenant as of `now`; `None` when another instance is running one.
pub async fn run_pass(db: &Database, now: DateTime<Utc>) -> Result<Option<PassReport>, ApiError> {
    let mut lock = db.begin_platform("retention").await?;
    let ours: bool = sqlx::query_scalar("select pg_try_advisory_xact_lock($1)")
        .bind(PASS_LOCK)
        .fetch_one(lock.conn())
        .await?;
    if !ours {
        return Ok(None);
    }
    let tenants: Vec<uuid::Uuid> = sqlx::query_scalar("select id from tenants order by id")
        .fetch_all(lock.conn())
        .await?;
    let mut report = PassReport {
        tenants: tenants.len(),
        ..PassReport::default()
    };
    for id in tenants {
        let tenant = TenantId::from_uuid(id);
        match purge_tenant(db, tenant, now).await {
            Ok(None) => report.held += 1,
            Ok(Some(rows)) => report.purged += rows,
            Err(error) => {
                report.failed += 1;
                tracing::warn!(%tenant, code = error.code(), %error, "retention purge failed");
            }
        }
    }
    // The staff trail's client details, under the same lock (they belong to no tenant).
    report.purged += audit::expire_platform_client_details(&mut lock, now).await?;
    // Ending the transaction releases the lock.
    lock.commit().await?;
    Ok(Some(report))
}

/// Purges one tenant; `None` when staff hold it, else the rows deleted.
async fn purge_tenant(
    db: &Database,
    tenant: TenantId,
    now: DateTime<Utc>,
) -> Result<Option<u64>, ApiError> {
    let mut tx = db
        .begin_tenant(TenantScope {
            tenant_id: tenant,
            actor: "retention".into(),
        })
        .await?;
    if holds::tenant_held(&mut tx).await? {
        return Ok(None);
    }
    let mut purged = 0;
    for (kind, months, _) in stored_policies(&mut tx).await? {
        let Some(months) = months else { continue };
        let found = purge::find(&mut tx, kind, months, now).await?;
        let details = json!({ "kind": kind.as_str(), "months": months });
        purged += delete_and_record(&mut tx, &found, details).await?;
    }
    let requests = purge::find_privacy_requests(&mut tx, privacy_request_cutoff(now)).await?;
    let details =
        json!({ "kind": "privacy_requests", "months": brokerdesk_core::privacy::KEEP_MONTHS });
    purged += delete_and_record(&mut tx, &[requests], details).await?;
    purged += expire_client_details(&mut tx, now).await?;
    // Technical records, not the tenant's data: forgotten without a trail entry.
    purged += crate::leads::ingest::expire_keys(&mut tx, now).await?;
    tx.commit().await?;
    Ok(Some(purged))
}

/// Deletes the audit trail's client details past core's keeping period, with one entry
/// saying how many entries lost theirs (a fixed rule, like the register's 24 months).
async fn expire_client_details(tx: &mut TenantTx, now: DateTime<Utc>) -> Result<u64, ApiError> {
    let expired = audit::expire_client_details(tx, now).await?;
    if expired > 0 {
        let details = json!({ "entries": expired, "days": CLIENT_DETAILS_KEPT_DAYS });
        let event = system_event(
            tx.tenant_id(),
            ACTOR,
            "audit.client_details_expired",
            None,
            details,
        );
        record(tx, event).await?;
    }
    Ok(expired)
}

/// Deletes what was found and, when anything was, appends one `retention.purged` entry
/// with the counts (ids and counts only).
async fn delete_and_record(
    tx: &mut TenantTx,
    found: &[purge::Found],
    mut details: serde_json::Value,
) -> Result<u64, ApiError> {
    let counts: Vec<PurgeCount> = found
        .iter()
        .map(purge::Found::count)
        .filter(|c| c.count > 0)
        .collect();
    if counts.is_empty() {
        return Ok(0);
    }
    let version = tx.next_version().await?;
    for records in found {
        purge::delete(tx, records, version).await?;
    }
    details["counts"] = json!(counts);
    let event = system_event(tx.tenant_id(), ACTOR, "retention.purged", None, details);
    record(tx, event).await?;
    Ok(counts.iter().map(|c| c.count).sum())
}
