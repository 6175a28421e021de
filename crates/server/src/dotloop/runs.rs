//! Import runs: one at a time per tenant, under a PostgreSQL advisory lock held by a
//! transaction that stays open for the whole run (so it is released however the run
//! ends, even if the process dies), and a row per run with its progress and counts.

use brokerdesk_core::ids::TenantId;
use brokerdesk_core::transactions::dotloop_status::RunSummary;
use chrono::{DateTime, Duration, Utc};
use uuid::Uuid;

use super::store::StoreCounts;
use crate::db::{Database, TenantScope, TenantTx};
use crate::error::ApiError;

/// Dotloop's clock and ours may differ; an incremental run looks back this much further
/// than the last successful run's start. Loops it sees twice are left unchanged.
const CLOCK_SLACK_MINUTES: i64 = 5;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Trigger {
    /// "Sync now".
    Manual,
    Schedule,
}

impl Trigger {
    fn as_str(self) -> &'static str {
        match self {
            Trigger::Manual => "manual",
            Trigger::Schedule => "schedule",
        }
    }
}

/// The tenant's import lock, held until [`RunLock::release`] or drop.
pub struct RunLock {
    tx: TenantTx,
}

impl RunLock {
    /// Lets go of the lock before returning. Dropping the lock also releases it, but
    /// only once the pool gets round to rolling the dropped transaction back, so a
    /// "Sync now" right after a run ends could still be refused as running.
    pub async fn release(self) -> Result<(), ApiError> {
        Ok(self.tx.commit().await?)
    }
}

/// Takes the tenant's import lock, or None when a run holds it (on any instance).
pub async fn try_lock(db: &Database, tenant: TenantId) -> Result<Option<RunLock>, ApiError> {
    let mut tx = scoped(db, tenant).await?;
    let taken: bool = sqlx::query_scalar(
        "select pg_try_advisory_xact_lock(hashtextextended('dotloop-import:' || $1::text, 0))",
    )
    .bind(tenant.as_uuid())
    .fetch_one(tx.conn())
    .await?;
    Ok(taken.then_some(RunLock { tx }))
}

pub async fn scoped(db: &Database, tenant: TenantId) -> Result<TenantTx, ApiError> {
    Ok(db
        .begin_tenant(TenantScope {
            tenant_id: tenant,
            actor: "dotloop-import".into(),
        })
        .await?)
}

/// Records a new run (closing any a crash left open) and returns the `updated_min` of
/// an incremental run: the last successful run's start, less the slack; None for the
/// first run, which imports everything.
pub async fn start(
    tx: &mut TenantTx,
    run: Uuid,
    trigger: Trigger,
) -> Result<Option<DateTime<Utc>>, ApiError> {
    let tenant = tx.tenant_id().as_uuid();
    // Only the lock holder gets here, so a run still marked running was cut off.
    sqlx::query(
        "update dotloop_import_runs set status = 'failed', error_code = 'interrupted', finished_at = now()
          where tenant_id = $1 and status = 'running'",
    )
    .bind(tenant)
    .execute(tx.conn())
    .await?;
    let last_success: Option<DateTime<Utc>> = sqlx::query_scalar(
        "select max(started_at) from dotloop_import_runs where tenant_id = $1 and status = 'succeeded'",
    )
    .bind(tenant)
    .fetch_one(tx.conn())
    .await?;
    let updated_min = last_success.map(|at| at - Duration::minutes(CLOCK_SLACK_MINUTES));
    sqlx::query(
        "insert into dotloop_import_runs (tenant_id, id, trigger, updated_min) values ($1, $2, $3, $4)",
    )
    .bind(tenant)
    .bind(run)
    .bind(trigger.as_str())
    .bind(updated_min)
    .execute(tx.conn())
    .await?;
    Ok(updated_min)
}

/// What a run has done so far.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Progress {
    /// What Dotloop's first pages said there are (the sum of each profile's total).
    pub loops_total: u64,
    pub loops_seen: u64,
    pub counts: StoreCounts,
}

pub async fn record_progress(
    tx: &mut TenantTx,
    run: Uuid,
    progress: &Progress,
) -> Result<(), ApiError> {
    sqlx::query(
        "update dotloop_import_runs set loops_total = $3, loops_seen = $4, created = $5,
                updated = $6, unchanged = $7
          where tenant_id = $1 and id = $2",
    )
    .bind(tx.tenant_id().as_uuid())
    .bind(run)
    .bind(progress.loops_total as i64)
    .bind(progress.loops_seen as i64)
    .bind(progress.counts.created as i64)
    .bind(progress.counts.updated as i64)
    .bind(progress.counts.unchanged as i64)
    .execute(tx.conn())
    .await?;
    Ok(())
}

/// Closes the run: succeeded, or failed with the error's code.
pub async fn finish(
    tx: &mut TenantTx,
    run: Uuid,
    error_code: Option<&str>,
) -> Result<(), ApiError> {
    sqlx::query(
        "update dotloop_import_runs set status = $3, error_code = $4, finished_at = now()
          where tenant_id = $1 and id = $2",
    )
    .bind(tx.tenant_id().as_uuid())
    .bind(run)
    .bind(if error_code.is_some() {
        "failed"
    } else {
        "succeeded"
    })
    .bind(error_code)
    .execute(tx.conn())
    .await?;
    Ok(())
}

/// A run's row; core's [`RunSummary`] is what `GET /v1/dotloop` sends (core has no sqlx).
#[derive(sqlx::FromRow)]
struct RunRow {
    id: Uuid,
    trigger: String,
    status: String,
    started_at: DateTime<Utc>,
    finished_at: Option<DateTime<Utc>>,
    loops_total: Option<i64>,
    loops_seen: i64,
    created: i64,
    updated: i64,
    unchanged: i64,
    error_code: Option<String>,
}

impl From<RunRow> for RunSummary {
    fn from(row: RunRow) -> Self {
        RunSummary {
            id: row.id,
            trigger: row.trigger,
            status: row.status,
            started_at: row.started_at,
            finished_at: row.finished_at,
            loops_total: row.loops_total,
            loops_seen: row.loops_seen,
            created: row.created,
            updated: row.updated,
            unchanged: row.unchanged,
            error_code: row.error_code,
        }
    }
}

/// The latest run, and the latest successful one.
pub async fn latest(
    tx: &mut TenantTx,
) -> Result<(Option<RunSummary>, Option<RunSummary>), ApiError> {
    let mut found = Vec::new();
    for only_succeeded in [false, true] {
        let run: Option<RunRow> = sqlx::query_as(
            "select id, trigger, status, started_at, finished_at, loops_total, loops_seen,
                    created, updated, unchanged, error_code
               from dotloop_import_runs
              where tenant_id = $1 and (not $2 or status = 'succeeded')
              order by started_at desc limit 1",
        )
        .bind(tx.tenant_id().as_uuid())
        .bind(only_succeeded)
        .fetch_optional(tx.conn())
        .await?;
        found.push(run.map(RunSummary::from));
    }
    let last_success = found.pop().flatten();
    Ok((found.pop().flatten(), last_success))
}
