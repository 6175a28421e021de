//! The export job: waits for its turn, counts the rows, reads each kind in pages (each
//! page in a short tenant-scoped transaction, so no connection or snapshot is held for
//! the whole export) and hands them to the ZIP writer, moving its progress and
//! heartbeat after every page. It ends completed, with the file's size and checksum, or
//! failed with an error code, its partial files deleted; both are audited with counts.

use std::time::Duration;

use brokerdesk_core::export::{DOWNLOAD_DAYS, EXPORT_FORMAT, ExportManifest};
use brokerdesk_core::ids::{ExportId, TenantId};
use chrono::Utc;
use serde_json::json;
use tokio::sync::SemaphorePermit;

use super::Exports;
use super::kinds::{self, After};
use super::zip_out::{self, Piece, Written};
use crate::auth::audit::{record, system_event};
use crate::db::TenantTx;
use crate::error::ApiError;
use crate::settings::load_settings;
use crate::tenancy::tenant_summary;

/// Rows read per page and transaction.
pub(super) const PAGE_ROWS: i64 = 1_000;
/// How often a queued job that waits for its turn shows it is alive.
const QUEUED_HEARTBEAT: Duration = Duration::from_secs(30);
const ACTOR: &str = "Brokerdesk export";

/// Why a job stopped early.
enum Stop {
    /// Its row is no longer running (marked failed as interrupted): nothing more to record.
    Abandoned,
    /// The ZIP writer hung up; its own error says why.
    WriterGone,
    Failed(ApiError),
}

impl From<ApiError> for Stop {
    fn from(error: ApiError) -> Self {
        Stop::Failed(error)
    }
}

impl From<sqlx::Error> for Stop {
    fn from(error: sqlx::Error) -> Self {
        Stop::Failed(error.into())
    }
}

impl From<anyhow::Error> for Stop {
    fn from(error: anyhow::Error) -> Self {
        Stop::Failed(error.into())
    }
}

pub(super) async fn run(exports: Exports, tenant: TenantId, id: ExportId) {
    let error = match write(&exports, tenant, id).await {
        Ok(()) => return,
        Err(Stop::Abandoned) => return exports.remove_files(id),
        Err(Stop::WriterGone) => anyhow::anyhow!("the ZIP writer stopped early").into(),
        Err(Stop::Failed(error)) => error,
    };
    tracing::warn!(%tenant, %id, %error, code = error.code(), "a tenant export failed");
    exports.remove_files(id);
    if let Err(error) = fail(&exports, tenant, id, error.code()).await {
        tracing::warn!(%tenant, %id, %error, "a failed export could not be recorded");
    }
}

async fn write(exports: &Exports, tenant: TenantId, id: ExportId) -> Result<(), Stop> {
    let _turn = wait_for_turn(exports, tenant, id).await?;
    let mut tx = exports.tenant_tx(tenant).await?;
    let mut total = 0;
    for kind in &kinds::ALL {
        total += kind.count(&mut tx).await?;
    }
    let running = sqlx::query(
        "update exports set status = 'running', started_at = now(), heartbeat_at = now(),
                            rows_total = $3
          where tenant_id = $1 and id = $2 and status = 'queued'",
    )
    .bind(tenant.as_uuid())
    .bind(id.as_uuid())
    .bind(total)
    .execute(tx.conn())
    .await?;
    if running.rows_affected() == 0 {
        return Err(Stop::Abandoned);
    }
    let profile = json!({
        "tenant": tenant_summary(&mut tx).await?,
        "settings": load_settings(&mut tx).await?,
    });
    tx.commit().await?;

    let manifest = ExportManifest {
        format: EXPORT_FORMAT.to_owned(),
        tenant_id: tenant,
        export_id: id,
        exported_at: Utc::now(),
        files: Vec::new(),
    };
    let [part, spool] = exports.partial_paths(id);
    let (pieces, writer) = zip_out::spawn(part.clone(), spool, manifest);
    let read = read_all(exports, tenant, id, profile, &pieces).await;
    drop(pieces);
    let written = writer.await.map_err(anyhow::Error::from)?;
    let (rows, written) = match (read, written) {
        (Ok(rows), Ok(written)) => (rows, written),
        // The writer's own error explains a closed channel, and a write that failed.
        (Ok(_) | Err(Stop::WriterGone), Err(error)) => {
            return Err(anyhow::Error::from(error).into());
        }
        (Err(stop), _) => return Err(stop),
    };
    std::fs::rename(&part, exports.zip_path(id)).map_err(anyhow::Error::from)?;
    complete(exports, tenant, id, rows, &written).await
}

/// Sends every record to the writer; returns how many there were.
async fn read_all(
    exports: &Exports,
    tenant: TenantId,
    id: ExportId,
    profile: serde_json::Value,
    pieces: &tokio::sync::mpsc::Sender<Piece>,
) -> Result<i64, Stop> {
    let send = |piece| async move { pieces.send(piece).await.map_err(|_| Stop::WriterGone) };
    send(Piece::Document("tenant", profile)).await?;
    let mut done = 0;
    for kind in &kinds::ALL {
        send(Piece::Begin(kind.name)).await?;
        let mut after = After::default();
        loop {
            let mut tx = exports.tenant_tx(tenant).await?;
            let page = kind.page(&mut tx, &mut after, PAGE_ROWS).await?;
            let read = page.len() as i64;
            done += read;
            progress(&mut tx, id, done).await?;
            tx.commit().await?;
            if read > 0 {
                send(Piece::Rows(page)).await?;
            }
            if read < PAGE_ROWS {
                break;
            }
        }
        send(Piece::End).await?;
    }
    Ok(done)
}

/// Waits for one of this instance's turns, showing the job alive meanwhile.
async fn wait_for_turn(
    exports: &Exports,
    tenant: TenantId,
    id: ExportId,
) -> Result<SemaphorePermit<'_>, Stop> {
    loop {
        match tokio::time::timeout(QUEUED_HEARTBEAT, exports.turns.acquire()).await {
            Ok(turn) => return Ok(turn.map_err(anyhow::Error::from)?),
            Err(_) => {
                let mut tx = exports.tenant_tx(tenant).await?;
                heartbeat(&mut tx, id, "queued").await?;
                tx.commit().await?;
            }
        }
    }
}

async fn heartbeat(tx: &mut TenantTx, id: ExportId, status: &str) -> Result<(), Stop> {
    let moved = sqlx::query(
        "update exports set heartbeat_at = now()
          where tenant_id = $1 and id = $2 and status = $3",
    )
    .bind(tx.tenant_id().as_uuid())
    .bind(id.as_uuid())
    .bind(status)
    .execute(tx.conn())
    .await?;
    if moved.rows_affected() == 0 {
        return Err(Stop::Abandoned);
    }
    Ok(())
}

async fn progress(tx: &mut TenantTx, id: ExportId, done: i64) -> Result<(), Stop> {
    let moved = sqlx::query(
        "update exports set rows_done = $3, heartbeat_at = now()
          where tenant_id = $1 and id = $2 and status = 'running'",
    )
    .bind(tx.tenant_id().as_uuid())
    .bind(id.as_uuid())
    .bind(done)
    .execute(tx.conn())
    .await?;
    if moved.rows_affected() == 0 {
        return Err(Stop::Abandoned);
    }
    Ok(())
}

async fn complete(
    exports: &Exports,
    tenant: TenantId,
    id: ExportId,
    rows: i64,
    written: &Written,
) -> Result<(), Stop> {
    let mut tx = exports.tenant_tx(tenant).await?;
    let finished = sqlx::query(
        "update exports set status = 'completed', finished_at = now(), heartbeat_at = now(),
                            expires_at = now() + make_interval(days => $3),
                            rows_done = $4, file_bytes = $5, sha256 = $6
          where tenant_id = $1 and id = $2 and status = 'running'",
    )
    .bind(tenant.as_uuid())
    .bind(id.as_uuid())
    .bind(DOWNLOAD_DAYS as i32)
    .bind(rows)
    .bind(written.bytes as i64)
    .bind(&written.sha256)
    .execute(tx.conn())
    .await?;
    if finished.rows_affected() == 0 {
        return Err(Stop::Abandoned);
    }
    let details = json!({
        "rows": rows,
        "files": written.manifest.files.len(),
        "bytes": written.bytes,
    });
    let event = system_event(
        tenant,
        ACTOR,
        "export.completed",
        Some(id.to_string()),
        details,
    );
    record(&mut tx, event).await?;
    tx.commit().await?;
    Ok(())
}

async fn fail(
    exports: &Exports,
    tenant: TenantId,
    id: ExportId,
    code: &str,
) -> Result<(), ApiError> {
    let mut tx = exports.tenant_tx(tenant).await?;
    let failed = sqlx::query(
        "update exports set status = 'failed', finished_at = now(), error_code = $3
          where tenant_id = $1 and id = $2 and status in ('queued', 'running')",
    )
    .bind(tenant.as_uuid())
    .bind(id.as_uuid())
    .bind(code)
    .execute(tx.conn())
    .await?;
    if failed.rows_affected() > 0 {
        let details = json!({ "errorCode": code });
        let event = system_event(
            tenant,
            ACTOR,
            "export.failed",
            Some(id.to_string()),
            details,
        );
        record(&mut tx, event).await?;
    }
    tx.commit().await?;
    Ok(())
}
