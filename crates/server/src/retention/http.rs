//! Retention's routes: the policies, the dry run, and legal holds on a lead or deal.

use axum::Json;
use axum::extract::Path;
use axum::http::StatusCode;
use brokerdesk_core::ids::LegalHoldId;
use brokerdesk_core::retention::{
    DryRunRequest, DryRunResult, LegalHold, NewLegalHold, RetentionPolicy, SetRetentionPolicy,
};
use chrono::Utc;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use super::holds;
use crate::auth::Authenticated;
use crate::error::ApiError;
use crate::retention;
use crate::state::AppState;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_policies))
        .routes(routes!(set_policy))
        .routes(routes!(dry_run))
        .routes(routes!(list_holds, set_hold))
        .routes(routes!(release_hold))
}

/// Each kind of record with how long it is kept and its legal minimum.
#[utoipa::path(
    get, path = "/v1/retention/policies", tag = "retention",
    responses((status = 200, body = Vec<RetentionPolicy>), (status = 403, body = brokerdesk_core::error::ErrorBody)),
    security(("bearer" = []))
)]
pub async fn list_policies(
    mut auth: Authenticated,
) -> Result<Json<Vec<RetentionPolicy>>, ApiError> {
    Ok(Json(retention::policies(&mut auth).await?))
}

/// Sets how long a kind of record is kept (`null`: forever). A period below the legal
/// minimum is refused with `retention_below_legal_minimum`.
#[utoipa::path(
    put, path = "/v1/retention/policies/{kind}", tag = "retention", request_body = SetRetentionPolicy,
    params(("kind" = String, Path, description = "conversations, closed_leads, invitations_and_mail, transactions or kb_versions")),
    responses(
        (status = 200, body = RetentionPolicy),
        (status = 403, body = brokerdesk_core::error::ErrorBody),
        (status = 404, body = brokerdesk_core::error::ErrorBody),
        (status = 422, body = brokerdesk_core::error::ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn set_policy(
    mut auth: Authenticated,
    Path(kind): Path<String>,
    Json(body): Json<SetRetentionPolicy>,
) -> Result<Json<RetentionPolicy>, ApiError> {
    let kind = retention::parse_kind(&kind)?;
    let policy = retention::set_policy(&mut auth, kind, body.months).await?;
    auth.tx.commit().await?;
    Ok(Json(policy))
}

/// What a policy would purge now, counted by the purge's own queries (held records
/// excluded), with the sentence the app shows before the policy is saved.
#[utoipa::path(
    post, path = "/v1/retention/dry-run", tag = "retention", request_body = DryRunRequest,
    responses(
        (status = 200, body = DryRunResult),
        (status = 403, body = brokerdesk_core::error::ErrorBody),
        (status = 422, body = brokerdesk_core::error::ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn dry_run(
    mut auth: Authenticated,
    Json(body): Json<DryRunRequest>,
) -> Result<Json<DryRunResult>, ApiError> {
    Ok(Json(
        retention::dry_run(&mut auth, body.kind, body.months, Utc::now()).await?,
    ))
}

/// The tenant's legal holds, newest first.
#[utoipa::path(
    get, path = "/v1/retention/holds", tag = "retention",
    responses((status = 200, body = Vec<LegalHold>), (status = 403, body = brokerdesk_core::error::ErrorBody)),
    security(("bearer" = []))
)]
pub async fn list_holds(mut auth: Authenticated) -> Result<Json<Vec<LegalHold>>, ApiError> {
    Ok(Json(holds::list(&mut auth).await?))
}

/// Puts a lead or a transaction under a legal hold: no purge touches it until released.
#[utoipa::path(
    post, path = "/v1/retention/holds", tag = "retention", request_body = NewLegalHold,
    responses(
        (status = 201, body = LegalHold),
        (status = 403, body = brokerdesk_core::error::ErrorBody),
        (status = 404, description = "No such lead or transaction", body = brokerdesk_core::error::ErrorBody),
        (status = 409, description = "Already held", body = brokerdesk_core::error::ErrorBody),
        (status = 422, body = brokerdesk_core::error::ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn set_hold(
    mut auth: Authenticated,
    Json(body): Json<NewLegalHold>,
) -> Result<(StatusCode, Json<LegalHold>), ApiError> {
    let hold = holds::create(&mut auth, body).await?;
    auth.tx.commit().await?;
    Ok((StatusCode::CREATED, Json(hold)))
}

/// Releases a legal hold; the record is purged again as its policy says.
#[utoipa::path(
    delete, path = "/v1/retention/holds/{id}", tag = "retention",
    params(("id" = Uuid, Path, description = "The hold's id")),
    responses(
        (status = 204, description = "Released"),
        (status = 403, body = brokerdesk_core::error::ErrorBody),
        (status = 404, body = brokerdesk_core::error::ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn release_hold(
    mut auth: Authenticated,
    Path(id): Path<Uuid>,
) -> Result<StatusCode, ApiError> {
    holds::release(&mut auth, LegalHoldId::from_uuid(id)).await?;
    auth.tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}
