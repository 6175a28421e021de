//! The owner's routes for deleting the tenant: ask, see where it stands, cancel.

use axum::Json;
use axum::extract::State;
use brokerdesk_core::tenant_deletion::{RequestTenantDeletion, TenantDeletionState};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::auth::Authenticated;
use crate::auth::attempt::AuthAttempt;
use crate::error::ApiError;
use crate::state::AppState;

/// Where the tenant's deletion stands. Every member may read it, so every device can
/// show the banner with the date.
#[utoipa::path(
    get, path = "/v1/tenant/deletion", tag = "plan",
    responses((status = 200, body = TenantDeletionState)),
    security(("bearer" = []))
)]
pub async fn get_deletion(mut auth: Authenticated) -> Result<Json<TenantDeletionState>, ApiError> {
    Ok(Json(super::state(&mut auth.tx).await?))
}

/// The owner asks for the brokerage and all of its data to be deleted, with the password
/// and, when two-step sign-in is on, an authenticator or recovery code. The brokerage is
/// read-only for 30 days, then purged; the owner can cancel until then. Attempts count
/// against the per-address limit of sign-ins.
#[utoipa::path(
    post, path = "/v1/tenant/deletion", tag = "plan", request_body = RequestTenantDeletion,
    responses(
        (status = 200, body = TenantDeletionState),
        (status = 401, description = "Wrong password (`wrong_password`), or a missing or wrong code (`mfa_required`, `invalid_mfa_code`)", body = brokerdesk_core::error::ErrorBody),
        (status = 403, description = "Only the owner deletes the brokerage, never in a support session", body = brokerdesk_core::error::ErrorBody),
        (status = 409, description = "Already pending deletion, or suspended", body = brokerdesk_core::error::ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn request_deletion(
    State(state): State<AppState>,
    _attempt: AuthAttempt,
    mut auth: Authenticated,
    Json(request): Json<RequestTenantDeletion>,
) -> Result<Json<TenantDeletionState>, ApiError> {
    let answer = super::request(&mut auth, &state.master_key, request).await?;
    auth.tx.commit().await?;
    Ok(Json(answer))
}

/// The owner cancels a pending deletion: the brokerage is active again at once.
#[utoipa::path(
    delete, path = "/v1/tenant/deletion", tag = "plan",
    responses(
        (status = 200, body = TenantDeletionState),
        (status = 403, body = brokerdesk_core::error::ErrorBody),
        (status = 409, description = "No deletion is pending", body = brokerdesk_core::error::ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn cancel_deletion(
    mut auth: Authenticated,
) -> Result<Json<TenantDeletionState>, ApiError> {
    let answer = super::cancel(&mut auth).await?;
    auth.tx.commit().await?;
    Ok(Json(answer))
}

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(get_deletion, request_deletion, cancel_deletion))
}
