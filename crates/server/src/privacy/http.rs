//! The privacy-request register's routes: list, record, change, link an action.

use axum::Json;
use axum::extract::Path;
use axum::http::StatusCode;
use brokerdesk_core::ids::PrivacyRequestId;
use brokerdesk_core::privacy::{
    LinkPrivacyAction, NewPrivacyRequest, PrivacyRequest, PrivacyRequestChanges,
};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use crate::auth::Authenticated;
use crate::error::ApiError;
use crate::privacy;
use crate::state::AppState;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_requests, record_request))
        .routes(routes!(change_request))
        .routes(routes!(link_action))
}

/// Every request in the register: open ones first, soonest due first.
#[utoipa::path(
    get, path = "/v1/privacy-requests", tag = "privacy",
    responses((status = 200, body = Vec<PrivacyRequest>), (status = 403, body = brokerdesk_core::error::ErrorBody)),
    security(("bearer" = []))
)]
pub async fn list_requests(mut auth: Authenticated) -> Result<Json<Vec<PrivacyRequest>>, ApiError> {
    Ok(Json(privacy::list(&mut auth).await?))
}

/// Records a request: what was asked, by whom, how and when. The answer's due date (and
/// for the CCPA the confirmation's) is computed from the law and the date received.
#[utoipa::path(
    post, path = "/v1/privacy-requests", tag = "privacy", request_body = NewPrivacyRequest,
    responses(
        (status = 201, body = PrivacyRequest),
        (status = 403, body = brokerdesk_core::error::ErrorBody),
        (status = 422, body = brokerdesk_core::error::ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn record_request(
    mut auth: Authenticated,
    Json(new): Json<NewPrivacyRequest>,
) -> Result<(StatusCode, Json<PrivacyRequest>), ApiError> {
    let (request, _) = privacy::create(&mut auth, PrivacyRequestId::new(), new).await?;
    auth.tx.commit().await?;
    Ok((StatusCode::CREATED, Json(request)))
}

/// Changes a request's status or notes. Completing or denying it stamps the day; a
/// denial needs its reason in the notes.
#[utoipa::path(
    patch, path = "/v1/privacy-requests/{id}", tag = "privacy", request_body = PrivacyRequestChanges,
    params(("id" = Uuid, Path, description = "The request's id")),
    responses(
        (status = 200, body = PrivacyRequest),
        (status = 403, body = brokerdesk_core::error::ErrorBody),
        (status = 404, body = brokerdesk_core::error::ErrorBody),
        (status = 422, body = brokerdesk_core::error::ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn change_request(
    mut auth: Authenticated,
    Path(id): Path<Uuid>,
    Json(changes): Json<PrivacyRequestChanges>,
) -> Result<Json<PrivacyRequest>, ApiError> {
    let (request, _) = privacy::update(&mut auth, PrivacyRequestId::from_uuid(id), changes).await?;
    auth.tx.commit().await?;
    Ok(Json(request))
}

/// Links an action taken for the request, by its audit-trail entry: a lead's erasure or
/// correction, or an export.
#[utoipa::path(
    post, path = "/v1/privacy-requests/{id}/actions", tag = "privacy", request_body = LinkPrivacyAction,
    params(("id" = Uuid, Path, description = "The request's id")),
    responses(
        (status = 200, body = PrivacyRequest),
        (status = 403, body = brokerdesk_core::error::ErrorBody),
        (status = 404, description = "No such request or audit entry", body = brokerdesk_core::error::ErrorBody),
        (status = 422, description = "The entry is not an erasure, correction or export", body = brokerdesk_core::error::ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn link_action(
    mut auth: Authenticated,
    Path(id): Path<Uuid>,
    Json(link): Json<LinkPrivacyAction>,
) -> Result<Json<PrivacyRequest>, ApiError> {
    let request =
        privacy::link_action(&mut auth, PrivacyRequestId::from_uuid(id), link.audit_seq).await?;
    auth.tx.commit().await?;
    Ok(Json(request))
}
