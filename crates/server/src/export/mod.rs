//! The tenant's full export, as a job (core's `export`). An owner starts it; a task in
//! this server reads every kind of record in pages and streams a ZIP to the export
//! directory (`job`, `kinds`, `zip_out`); the owner polls its progress and downloads the
//! file for [`DOWNLOAD_DAYS`] days. One export runs per tenant at a time, a few may start
//! a day, and starting and downloading are both audited.
//!
//! A server that stops mid-export leaves its job queued or running. Another instance
//! cannot tell such a job from one a live instance is still running, so jobs keep a
//! heartbeat, and one whose heartbeat is older than [`STALE_AFTER_SECS`] is marked
//! failed (`interrupted`) when the tenant next looks. It is not restarted: the owner
//! sees it failed and starts again, and no two servers can ever write one file.

pub mod http;
mod job;
mod kinds;
mod zip_out;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use brokerdesk_core::export::{
    DAILY_LIMIT, DOWNLOAD_DAYS, ExportJob, ExportStatus, next_start_allowed,
};
use brokerdesk_core::ids::{ExportId, TenantId, UserId};
use brokerdesk_core::permission::Permission;
use chrono::{DateTime, Utc};
use serde_json::json;
use tokio::sync::Semaphore;
use uuid::Uuid;

use crate::auth::Authenticated;
use crate::db::{Database, TenantScope, TenantTx, is_unique_violation};
use crate::error::{ApiError, parse_stored_enum};

/// A queued or running job whose heartbeat is older than this has lost its server.
const STALE_AFTER_SECS: i64 = 120;
/// Exports this instance writes at once; more wait, queued. Each one compresses and
/// writes a file, so they compete for the same CPU and disk.
const JOBS_AT_ONCE: usize = 2;

/// Where exports are written, and the database their jobs read. Handlers reach it as an
/// axum `Extension`, like Dotloop's client, so `AppState` names no domain.
#[derive(Clone)]
pub struct Exports {
    db: Database,
    dir: Arc<PathBuf>,
    turns: Arc<Semaphore>,
}

impl Exports {
    /// Creates the directory if it is missing.
    pub fn new(db: Database, dir: PathBuf) -> std::io::Result<Self> {
        std::fs::create_dir_all(&dir)?;
        Ok(Self {
            db,
            dir: Arc::new(dir),
            turns: Arc::new(Semaphore::new(JOBS_AT_ONCE)),
        })
    }

    /// The finished ZIP of export `id`.
    fn zip_path(&self, id: ExportId) -> PathBuf {
        self.dir.join(format!("{id}.zip"))
    }

    /// Files a job writes before it completes; gone once it has, or when it fails.
    fn partial_paths(&self, id: ExportId) -> [PathBuf; 2] {
        [
            self.dir.join(format!("{id}.zip.part")),
            self.dir.join(format!("{id}.csv.part")),
        ]
    }

    /// Deletes every file of export `id`; a file already gone is fine.
    fn remove_files(&self, id: ExportId) {
        for path in std::iter::once(self.zip_path(id)).chain(self.partial_paths(id)) {
            remove_quietly(&path);
        }
    }

    async fn tenant_tx(&self, tenant: TenantId) -> Result<TenantTx, ApiError> {
        Ok(self
            .db
            .begin_tenant(TenantScope {
                tenant_id: tenant,
                actor: "system:export".into(),
            })
            .await?)
    }
}

fn remove_quietly(path: &Path) {
    if let Err(error) = std::fs::remove_file(path)
        && error.kind() != std::io::ErrorKind::NotFound
    {
        tracing::warn!(%error, path = %path.display(), "an export file could not be deleted");
    }
}

#[derive(sqlx::FromRow)]
struct JobRow {
    id: Uuid,
    status: String,
    requested_by: Uuid,
    created_at: DateTime<Utc>,
    started_at: Option<DateTime<Utc>>,
    finished_at: Option<DateTime<Utc>>,
    expires_at: Option<DateTime<Utc>>,
    rows_done: i64,
    rows_total: i64,
    file_bytes: Option<i64>,
    sha256: Option<String>,
    error_code: Option<String>,
}

const COLUMNS: &str = "id, status, requested_by, created_at, started_at, finished_at, expires_at,
    rows_done, rows_total, file_bytes, sha256, error_code";

impl JobRow {
    fn into_job(self) -> Result<ExportJob, ApiError> {
        Ok(ExportJob {
            id: ExportId::from_uuid(self.id),
            status: parse_stored_enum(self.status)?,
            requested_by: UserId::from_uuid(self.requested_by),
            created_at: self.created_at,
            started_at: self.started_at,
            finished_at: self.finished_at,
            expires_at: self.expires_at,
            rows_done: self.rows_done,
            rows_total: self.rows_total,
            file_bytes: self.file_bytes,
            sha256: self.sha256,
            error_code: self.error_code,
        })
    }
}

fn no_such_export() -> ApiError {
    ApiError::NotFound("No such export in this brokerage.".into())
}

/// Brings the tenant's jobs up to date before they are read: jobs whose server stopped
/// are failed, and completed ones past their window expire, their files deleted.
async fn settle(tx: &mut TenantTx, exports: &Exports) -> Result<(), ApiError> {
    let tenant = tx.tenant_id().as_uuid();
    let interrupted: Vec<Uuid> = sqlx::query_scalar(
        "update exports set status = 'failed', error_code = 'interrupted', finished_at = now()
          where tenant_id = $1 and status in ('queued', 'running')
            and heartbeat_at < now() - make_interval(secs => $2)
          returning id",
    )
    .bind(tenant)
    .bind(STALE_AFTER_SECS as f64)
    .fetch_all(tx.conn())
    .await?;
    let expired: Vec<Uuid> = sqlx::query_scalar(
        "update exports set status = 'expired'
          where tenant_id = $1 and status = 'completed' and expires_at <= now()
          returning id",
    )
    .bind(tenant)
    .fetch_all(tx.conn())
    .await?;
    for id in interrupted.into_iter().chain(expired) {
        exports.remove_files(ExportId::from_uuid(id));
    }
    Ok(())
}

async fn load(tx: &mut TenantTx, id: ExportId) -> Result<ExportJob, ApiError> {
    let row: Option<JobRow> = sqlx::query_as(&format!(
        "select {COLUMNS} from exports where tenant_id = $1 and id = $2"
    ))
    .bind(tx.tenant_id().as_uuid())
    .bind(id.as_uuid())
    .fetch_optional(tx.conn())
    .await?;
    row.ok_or_else(no_such_export)?.into_job()
}

/// Starts an export: refused while one is queued or running, and past the daily limit.
/// The job itself starts once the caller has committed (see [`http`]).
pub async fn start(auth: &mut Authenticated, exports: &Exports) -> Result<ExportJob, ApiError> {
    auth.require(Permission::ExportTenantData)?;
    settle(&mut auth.tx, exports).await?;
    let tenant = auth.tx.tenant_id().as_uuid();
    let started: Vec<DateTime<Utc>> = sqlx::query_scalar(
        "select created_at from exports
          where tenant_id = $1 and created_at > now() - interval '24 hours'",
    )
    .bind(tenant)
    .fetch_all(auth.tx.conn())
    .await?;
    let now = Utc::now();
    if let Some(next) = next_start_allowed(&started, now) {
        return Err(ApiError::RateLimited {
            code: "export_daily_limit",
            retry_after_secs: (next - now).num_seconds().max(1) as u64,
            message: format!(
                "A brokerage can start {DAILY_LIMIT} exports a day. The next one can start at \
                 {} UTC; until then, download one of today's.",
                next.format("%Y-%m-%d %H:%M")
            ),
        });
    }
    let id = ExportId::new();
    let inserted = sqlx::query(
        "insert into exports (tenant_id, id, status, requested_by, created_at, heartbeat_at)
         values ($1, $2, 'queued', $3, $4, $4)",
    )
    .bind(tenant)
    .bind(id.as_uuid())
    .bind(auth.user.id.as_uuid())
    .bind(now)
    .execute(auth.tx.conn())
    .await;
    match inserted {
        Err(error) if is_unique_violation(&error) => {
            return Err(ApiError::Conflict {
                code: "export_running",
                message: "An export of this brokerage is already running. Wait for it to \
                          finish, then download it."
                    .into(),
            });
        }
        other => other?,
    };
    auth.audit("export.started", Some(id.to_string()), json!({}))
        .await?;
    load(&mut auth.tx, id).await
}

/// Starts the job of an export [`start`] recorded, once that is committed.
pub fn run_in_background(exports: Exports, tenant: TenantId, id: ExportId) {
    tokio::spawn(job::run(exports, tenant, id));
}

/// The tenant's exports, newest first.
pub async fn list(auth: &mut Authenticated, exports: &Exports) -> Result<Vec<ExportJob>, ApiError> {
    auth.require(Permission::ExportTenantData)?;
    settle(&mut auth.tx, exports).await?;
    let rows: Vec<JobRow> = sqlx::query_as(&format!(
        "select {COLUMNS} from exports where tenant_id = $1 order by created_at desc, id desc limit 50"
    ))
    .bind(auth.tx.tenant_id().as_uuid())
    .fetch_all(auth.tx.conn())
    .await?;
    rows.into_iter().map(JobRow::into_job).collect()
}

pub async fn get(
    auth: &mut Authenticated,
    exports: &Exports,
    id: ExportId,
) -> Result<ExportJob, ApiError> {
    auth.require(Permission::ExportTenantData)?;
    settle(&mut auth.tx, exports).await?;
    load(&mut auth.tx, id).await
}

/// A completed export's file, opened, with its job; the download is audited in the
/// caller's transaction. The permission is checked again here, whoever started it.
pub async fn open_download(
    auth: &mut Authenticated,
    exports: &Exports,
    id: ExportId,
) -> Result<(ExportJob, tokio::fs::File), ApiError> {
    auth.require(Permission::ExportTenantData)?;
    settle(&mut auth.tx, exports).await?;
    let job = load(&mut auth.tx, id).await?;
    match job.status {
        ExportStatus::Completed => {}
        ExportStatus::Expired => return Err(expired()),
        ExportStatus::Queued | ExportStatus::Running => {
            return Err(ApiError::Conflict {
                code: "export_not_ready",
                message: "This export is still running. Download it once it has completed.".into(),
            });
        }
        ExportStatus::Failed => {
            return Err(ApiError::Conflict {
                code: "export_failed",
                message: "This export failed and has no file. Start a new export.".into(),
            });
        }
    }
    let file = match tokio::fs::File::open(exports.zip_path(id)).await {
        Ok(file) => file,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
            tracing::warn!(%id, "a completed export's file is missing");
            return Err(expired());
        }
        Err(error) => return Err(anyhow::Error::from(error).into()),
    };
    auth.audit("export.downloaded", Some(id.to_string()), json!({}))
        .await?;
    Ok((job, file))
}

fn expired() -> ApiError {
    ApiError::Gone {
        code: "export_expired",
        message: format!(
            "This export's download expired (exports can be downloaded for {DOWNLOAD_DAYS} days). \
             Start a new export."
        ),
    }
}
