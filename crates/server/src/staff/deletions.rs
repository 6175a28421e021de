//! Staff and tenant deletions: the list of pending ones, and holding one (a legal matter,
//! an unpaid invoice under dispute) so it is not purged, or releasing the hold. A hold
//! and its release are recorded in the platform trail and the tenant's own, with the
//! reason, so the owner sees why the deletion waits.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use brokerdesk_core::ids::TenantId;
use brokerdesk_core::tenant_deletion::{DeletionHoldRequest, PendingDeletion};
use uuid::Uuid;

use crate::auth::staff::StaffAuthenticated;
use crate::error::ApiError;
use crate::state::AppState;
use crate::tenancy::deletion;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

const MIN_REASON_CHARS: usize = 15;

/// Tenants pending deletion, soonest first, with any hold.
#[utoipa::path(
    get, path = "/v1/staff/deletions", tag = "staff",
    responses((status = 200, body = Vec<PendingDeletion>), (status = 401, body = brokerdesk_core::error::ErrorBody)),
    security(("bearer" = []))
)]
pub async fn list_pending(
    mut staff: StaffAuthenticated,
) -> Result<Json<Vec<PendingDeletion>>, ApiError> {
    let pending = deletion::pending(&mut staff.tx).await?;
    staff.tx.commit().await?;
    Ok(Json(pending))
}

/// Holds a pending deletion: it is not purged until the hold is released. A reason of
/// at least 15 characters is required.
#[utoipa::path(
    put, path = "/v1/staff/tenants/{tenant_id}/deletion-hold", tag = "staff",
    request_body = DeletionHoldRequest,
    params(("tenant_id" = Uuid, Path, description = "Tenant id")),
    responses(
        (status = 204, description = "Held"),
        (status = 404, description = "No pending deletion to hold, or it is held already", body = brokerdesk_core::error::ErrorBody),
        (status = 422, body = brokerdesk_core::error::ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn hold(
    State(state): State<AppState>,
    mut staff: StaffAuthenticated,
    Path(tenant_id): Path<Uuid>,
    Json(request): Json<DeletionHoldRequest>,
) -> Result<StatusCode, ApiError> {
    let reason = request.reason.trim().to_owned();
    if reason.chars().count() < MIN_REASON_CHARS {
        return Err(ApiError::validation(
            "reason_too_short",
            format!(
                "Say why the deletion is held, in at least {MIN_REASON_CHARS} characters. The brokerage's owner will read it."
            ),
        ));
    }
    let tenant = TenantId::from_uuid(tenant_id);
    if !deletion::hold(&mut staff.tx, tenant, staff.staff_id, &reason).await? {
        return Err(ApiError::NotFound(
            "That brokerage has no pending deletion to hold, or it is held already.".into(),
        ));
    }
    record(&state, staff, tenant, "tenant.deletion_held", Some(reason)).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Releases the hold: the deletion is purged at the next pass once due.
#[utoipa::path(
    delete, path = "/v1/staff/tenants/{tenant_id}/deletion-hold", tag = "staff",
    params(("tenant_id" = Uuid, Path, description = "Tenant id")),
    responses(
        (status = 204, description = "Released"),
        (status = 404, description = "The deletion is not held", body = brokerdesk_core::error::ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn release(
    State(state): State<AppState>,
    mut staff: StaffAuthenticated,
    Path(tenant_id): Path<Uuid>,
) -> Result<StatusCode, ApiError> {
    let tenant = TenantId::from_uuid(tenant_id);
    if !deletion::release(&mut staff.tx, tenant).await? {
        return Err(ApiError::NotFound(
            "That brokerage's deletion is not held.".into(),
        ));
    }
    record(&state, staff, tenant, "tenant.deletion_hold_released", None).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Records the hold or its release in both trails; the tenant's own transaction is
/// opened for it, since the hold itself lives in the registry.
async fn record(
    state: &AppState,
    staff: StaffAuthenticated,
    tenant: TenantId,
    action: &str,
    reason: Option<String>,
) -> Result<(), ApiError> {
    let tenant_tx = super::begin_tenant_as(&state.db, &staff, tenant).await?;
    super::record_on_tenant(staff, tenant_tx, action, reason).await
}

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_pending))
        .routes(routes!(hold, release))
}
