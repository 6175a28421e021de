//! The export job's routes: start, list, progress, download.

use axum::body::Body;
use axum::extract::Path;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use brokerdesk_core::export::ExportJob;
use brokerdesk_core::ids::ExportId;
use tokio_util::io::ReaderStream;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use super::Exports;
use crate::auth::Authenticated;
use crate::error::ApiError;
use crate::export;
use crate::state::AppState;
use crate::tenancy::tenant_summary;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_exports, start_export))
        .routes(routes!(get_export))
        .routes(routes!(download_export))
}

/// Starts an export of everything the brokerage holds, as a ZIP of JSON and CSV files
/// with a manifest. Owners only; one at a time, and a few a day.
#[utoipa::path(
    post, path = "/v1/exports", tag = "settings",
    responses(
        (status = 202, body = ExportJob),
        (status = 403, body = brokerdesk_core::error::ErrorBody),
        (status = 409, description = "One is already running (`export_running`)", body = brokerdesk_core::error::ErrorBody),
        (status = 429, description = "The daily limit (`export_daily_limit`)", body = brokerdesk_core::error::ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn start_export(
    mut auth: Authenticated,
    Extension(exports): Extension<Exports>,
) -> Result<(StatusCode, Json<ExportJob>), ApiError> {
    let job = export::start(&mut auth, &exports).await?;
    let tenant = auth.tx.tenant_id();
    auth.tx.commit().await?;
    export::run_in_background(exports, tenant, job.id);
    Ok((StatusCode::ACCEPTED, Json(job)))
}

/// The brokerage's exports, newest first.
#[utoipa::path(
    get, path = "/v1/exports", tag = "settings",
    responses((status = 200, body = Vec<ExportJob>), (status = 403, body = brokerdesk_core::error::ErrorBody)),
    security(("bearer" = []))
)]
pub async fn list_exports(
    mut auth: Authenticated,
    Extension(exports): Extension<Exports>,
) -> Result<Json<Vec<ExportJob>>, ApiError> {
    let jobs = export::list(&mut auth, &exports).await?;
    auth.tx.commit().await?;
    Ok(Json(jobs))
}

/// One export: its status and progress.
#[utoipa::path(
    get, path = "/v1/exports/{id}", tag = "settings",
    params(("id" = Uuid, Path, description = "The export's id")),
    responses(
        (status = 200, body = ExportJob),
        (status = 403, body = brokerdesk_core::error::ErrorBody),
        (status = 404, body = brokerdesk_core::error::ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn get_export(
    mut auth: Authenticated,
    Extension(exports): Extension<Exports>,
    Path(id): Path<Uuid>,
) -> Result<Json<ExportJob>, ApiError> {
    let job = export::get(&mut auth, &exports, ExportId::from_uuid(id)).await?;
    auth.tx.commit().await?;
    Ok(Json(job))
}

/// The completed export's ZIP, streamed from storage. Owners only, checked again at
/// download; each download is audited. Gone after the download window.
#[utoipa::path(
    get, path = "/v1/exports/{id}/download", tag = "settings",
    params(("id" = Uuid, Path, description = "The export's id")),
    responses(
        (status = 200, content_type = "application/zip", body = Vec<u8>),
        (status = 403, body = brokerdesk_core::error::ErrorBody),
        (status = 404, body = brokerdesk_core::error::ErrorBody),
        (status = 409, description = "Not completed (`export_not_ready`, `export_failed`)", body = brokerdesk_core::error::ErrorBody),
        (status = 410, description = "Expired (`export_expired`)", body = brokerdesk_core::error::ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn download_export(
    mut auth: Authenticated,
    Extension(exports): Extension<Exports>,
    Path(id): Path<Uuid>,
) -> Result<Response, ApiError> {
    let (job, file) = export::open_download(&mut auth, &exports, ExportId::from_uuid(id)).await?;
    let subdomain = tenant_summary(&mut auth.tx).await?.subdomain;
    auth.tx.commit().await?;
    let finished = job.finished_at.unwrap_or(job.created_at);
    let filename = format!(
        "brokerdesk-{subdomain}-{}.zip",
        finished.format("%Y%m%d-%H%M%S")
    );
    let mut response = (
        [
            (header::CONTENT_TYPE, "application/zip".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{filename}\""),
            ),
        ],
        Body::from_stream(ReaderStream::new(file)),
    )
        .into_response();
    if let Some(bytes) = job.file_bytes {
        response
            .headers_mut()
            .insert(header::CONTENT_LENGTH, bytes.into());
    }
    Ok(response)
}
