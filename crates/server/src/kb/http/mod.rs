//! The knowledge base's routes for people in the app: items (documents written in the
//! app, uploads, Q&A pairs), drafts, publishing, history, diff and restore. The
//! chatbot's routes (search, unanswered questions) are in `search.rs`.

mod import;
mod search;

use axum::Json;
use axum::extract::{DefaultBodyLimit, Path, Query};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use brokerdesk_core::ids::{KbItemId, KbVersionId};
use brokerdesk_core::kb::api::{KbPublishRefused, KbSaved, KbUploadRequest};
use brokerdesk_core::kb::diff::VersionDiff;
use brokerdesk_core::kb::item::{KbDraft, KbItem, KbVersion, KbVersionMeta, PublishRequest};
use serde::Deserialize;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use crate::auth::Authenticated;
use crate::error::ApiError;
use crate::kb::{self, publish, upload};
use crate::state::AppState;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_items, add_item))
        .routes(routes!(get_item, save_draft, delete_item))
        .merge(
            // Files come base64 in JSON, larger than the API's usual 2 MB.
            OpenApiRouter::new()
                .routes(routes!(upload_file))
                .layer(DefaultBodyLimit::max(upload::MAX_UPLOAD_BODY)),
        )
        .routes(routes!(publish_item))
        .routes(routes!(unpublish_item))
        .routes(routes!(list_versions))
        .routes(routes!(get_version))
        .routes(routes!(restore_version))
        .routes(routes!(diff_versions))
        .merge(search::routes())
        .merge(import::routes())
}

/// Every item with its draft and publish state.
#[utoipa::path(
    get, path = "/v1/kb/items", tag = "knowledge-base",
    responses((status = 200, body = Vec<KbItem>), (status = 403, body = brokerdesk_core::error::ErrorBody)),
    security(("bearer" = []))
)]
pub async fn list_items(mut auth: Authenticated) -> Result<Json<Vec<KbItem>>, ApiError> {
    Ok(Json(kb::list(&mut auth).await?))
}

/// Adds a document written in the app (Markdown) or a Q&A pair, as a draft. The answer
/// carries the fair-housing lint's findings.
#[utoipa::path(
    post, path = "/v1/kb/items", tag = "knowledge-base", request_body = KbDraft,
    responses(
        (status = 201, body = KbSaved),
        (status = 403, body = brokerdesk_core::error::ErrorBody),
        (status = 422, body = brokerdesk_core::error::ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn add_item(
    mut auth: Authenticated,
    Json(draft): Json<KbDraft>,
) -> Result<(StatusCode, Json<KbSaved>), ApiError> {
    let saved = kb::create(&mut auth, KbItemId::new(), draft).await?;
    auth.tx.commit().await?;
    Ok((StatusCode::CREATED, Json(saved)))
}

/// Makes a document from a text, Markdown, HTML, PDF or Word (DOCX) file (base64 in
/// JSON, the body up to 25 MiB); the original is kept and counts against the plan's
/// storage.
#[utoipa::path(
    post, path = "/v1/kb/uploads", tag = "knowledge-base", request_body = KbUploadRequest,
    responses(
        (status = 201, body = KbSaved),
        (status = 403, description = "Not allowed, or over the plan's storage (quota_exceeded)", body = brokerdesk_core::error::ErrorBody),
        (status = 413, description = "The body is over 25 MiB (payload_too_large)", body = brokerdesk_core::error::ErrorBody),
        (status = 422, description = "Unreadable (damaged, encrypted, text-less, or over 20 s to read: kb_unreadable_file) or unsupported file (kb_unsupported_file)", body = brokerdesk_core::error::ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn upload_file(
    mut auth: Authenticated,
    Json(request): Json<KbUploadRequest>,
) -> Result<(StatusCode, Json<KbSaved>), ApiError> {
    let saved = upload::upload(&mut auth, request).await?;
    auth.tx.commit().await?;
    Ok((StatusCode::CREATED, Json(saved)))
}

/// One item.
#[utoipa::path(
    get, path = "/v1/kb/items/{id}", tag = "knowledge-base",
    params(("id" = Uuid, Path, description = "The item's id")),
    responses((status = 200, body = KbItem), (status = 403, body = brokerdesk_core::error::ErrorBody), (status = 404, body = brokerdesk_core::error::ErrorBody)),
    security(("bearer" = []))
)]
pub async fn get_item(
    mut auth: Authenticated,
    Path(id): Path<Uuid>,
) -> Result<Json<KbItem>, ApiError> {
    Ok(Json(kb::get(&mut auth, KbItemId::from_uuid(id)).await?))
}

/// Replaces the item's draft; the published version stays live until the next publish.
#[utoipa::path(
    put, path = "/v1/kb/items/{id}", tag = "knowledge-base", request_body = KbDraft,
    params(("id" = Uuid, Path, description = "The item's id")),
    responses(
        (status = 200, body = KbSaved),
        (status = 403, body = brokerdesk_core::error::ErrorBody),
        (status = 404, body = brokerdesk_core::error::ErrorBody),
        (status = 422, body = brokerdesk_core::error::ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn save_draft(
    mut auth: Authenticated,
    Path(id): Path<Uuid>,
    Json(draft): Json<KbDraft>,
) -> Result<Json<KbSaved>, ApiError> {
    let saved = kb::save_draft(&mut auth, KbItemId::from_uuid(id), draft).await?;
    auth.tx.commit().await?;
    Ok(Json(saved))
}

/// Deletes the item, its versions and its file; every cache drops them on its next pull.
#[utoipa::path(
    delete, path = "/v1/kb/items/{id}", tag = "knowledge-base",
    params(("id" = Uuid, Path, description = "The item's id")),
    responses((status = 204), (status = 403, body = brokerdesk_core::error::ErrorBody), (status = 404, body = brokerdesk_core::error::ErrorBody)),
    security(("bearer" = []))
)]
pub async fn delete_item(
    mut auth: Authenticated,
    Path(id): Path<Uuid>,
) -> Result<StatusCode, ApiError> {
    kb::delete(&mut auth, KbItemId::from_uuid(id)).await?;
    auth.tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}

/// A refused publish answers 422 with the findings that refused it.
impl IntoResponse for publish::PublishFailure {
    fn into_response(self) -> Response {
        match self {
            publish::PublishFailure::Api(error) => error.into_response(),
            publish::PublishFailure::Refused(refused) => {
                (StatusCode::UNPROCESSABLE_ENTITY, Json(refused)).into_response()
            }
        }
    }
}

/// Publishes the draft as a new immutable version. Block findings refuse
/// (kb_lint_blocked); warn findings need `acknowledgeWarnings` (kb_lint_unacknowledged),
/// which the audit trail records with the findings.
#[utoipa::path(
    post, path = "/v1/kb/items/{id}/publish", tag = "knowledge-base", request_body = PublishRequest,
    params(("id" = Uuid, Path, description = "The item's id")),
    responses(
        (status = 201, body = KbVersionMeta),
        (status = 403, body = brokerdesk_core::error::ErrorBody),
        (status = 404, body = brokerdesk_core::error::ErrorBody),
        (status = 422, description = "Invalid draft, or refused by the fair-housing lint", body = KbPublishRefused),
    ),
    security(("bearer" = []))
)]
pub async fn publish_item(
    mut auth: Authenticated,
    Path(id): Path<Uuid>,
    Json(request): Json<PublishRequest>,
) -> Result<(StatusCode, Json<KbVersionMeta>), publish::PublishFailure> {
    let meta = publish::publish(&mut auth, KbItemId::from_uuid(id), request).await?;
    auth.tx.commit().await.map_err(ApiError::from)?;
    Ok((StatusCode::CREATED, Json(meta)))
}

/// Takes the item off the chatbot; its draft and history stay.
#[utoipa::path(
    post, path = "/v1/kb/items/{id}/unpublish", tag = "knowledge-base",
    params(("id" = Uuid, Path, description = "The item's id")),
    responses(
        (status = 204),
        (status = 403, body = brokerdesk_core::error::ErrorBody),
        (status = 404, body = brokerdesk_core::error::ErrorBody),
        (status = 409, description = "Not published (kb_not_published)", body = brokerdesk_core::error::ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn unpublish_item(
    mut auth: Authenticated,
    Path(id): Path<Uuid>,
) -> Result<StatusCode, ApiError> {
    publish::unpublish(&mut auth, KbItemId::from_uuid(id)).await?;
    auth.tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The item's published versions, newest first.
#[utoipa::path(
    get, path = "/v1/kb/items/{id}/versions", tag = "knowledge-base",
    params(("id" = Uuid, Path, description = "The item's id")),
    responses((status = 200, body = Vec<KbVersionMeta>), (status = 403, body = brokerdesk_core::error::ErrorBody), (status = 404, body = brokerdesk_core::error::ErrorBody)),
    security(("bearer" = []))
)]
pub async fn list_versions(
    mut auth: Authenticated,
    Path(id): Path<Uuid>,
) -> Result<Json<Vec<KbVersionMeta>>, ApiError> {
    Ok(Json(
        publish::history(&mut auth, KbItemId::from_uuid(id)).await?,
    ))
}

/// One published version, whole.
#[utoipa::path(
    get, path = "/v1/kb/items/{id}/versions/{version}", tag = "knowledge-base",
    params(
        ("id" = Uuid, Path, description = "The item's id"),
        ("version" = Uuid, Path, description = "The version's id"),
    ),
    responses((status = 200, body = KbVersion), (status = 403, body = brokerdesk_core::error::ErrorBody), (status = 404, body = brokerdesk_core::error::ErrorBody)),
    security(("bearer" = []))
)]
pub async fn get_version(
    mut auth: Authenticated,
    Path((id, version)): Path<(Uuid, Uuid)>,
) -> Result<Json<KbVersion>, ApiError> {
    let (id, version) = (KbItemId::from_uuid(id), KbVersionId::from_uuid(version));
    Ok(Json(publish::version(&mut auth, id, version).await?))
}

/// Makes an old version the draft again; publish it to make it live.
#[utoipa::path(
    post, path = "/v1/kb/items/{id}/versions/{version}/restore", tag = "knowledge-base",
    params(
        ("id" = Uuid, Path, description = "The item's id"),
        ("version" = Uuid, Path, description = "The version to restore"),
    ),
    responses((status = 200, body = KbSaved), (status = 403, body = brokerdesk_core::error::ErrorBody), (status = 404, body = brokerdesk_core::error::ErrorBody)),
    security(("bearer" = []))
)]
pub async fn restore_version(
    mut auth: Authenticated,
    Path((id, version)): Path<(Uuid, Uuid)>,
) -> Result<Json<KbSaved>, ApiError> {
    let (id, version) = (KbItemId::from_uuid(id), KbVersionId::from_uuid(version));
    let saved = publish::restore(&mut auth, id, version).await?;
    auth.tx.commit().await?;
    Ok(Json(saved))
}

#[derive(Clone, Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DiffParams {
    /// The older version.
    pub from: Uuid,
    /// The newer version; the current draft when absent.
    pub to: Option<Uuid>,
}

/// The line diff between two versions, or a version and the current draft.
#[utoipa::path(
    get, path = "/v1/kb/items/{id}/diff", tag = "knowledge-base",
    params(("id" = Uuid, Path, description = "The item's id"), DiffParams),
    responses((status = 200, body = VersionDiff), (status = 403, body = brokerdesk_core::error::ErrorBody), (status = 404, body = brokerdesk_core::error::ErrorBody)),
    security(("bearer" = []))
)]
pub async fn diff_versions(
    mut auth: Authenticated,
    Path(id): Path<Uuid>,
    Query(params): Query<DiffParams>,
) -> Result<Json<VersionDiff>, ApiError> {
    let from = KbVersionId::from_uuid(params.from);
    let to = params.to.map(KbVersionId::from_uuid);
    Ok(Json(
        publish::diff(&mut auth, KbItemId::from_uuid(id), from, to).await?,
    ))
}
