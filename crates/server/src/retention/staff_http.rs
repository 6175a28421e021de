//! Platform staff's hold on a whole tenant (litigation, a regulator's inquiry): while it
//! stands the scheduler purges nothing of the tenant. Recorded in the tenant's trail and
//! the platform's, like every staff action on a tenant, with the staff's reason.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use brokerdesk_core::ids::TenantId;
use brokerdesk_core::retention::SetTenantHold;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use super::holds;
use crate::auth::staff::StaffAuthenticated;
use crate::db::TenantTx;
use crate::error::ApiError;
use crate::staff;
use crate::state::AppState;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(set_tenant_hold, clear_tenant_hold))
}

/// The tenant's own transaction for the hold, once the registry says it exists.
async fn open_tenant(
    state: &AppState,
    staff: &mut StaffAuthenticated,
    tenant: Uuid,
) -> Result<TenantTx, ApiError> {
    let exists: bool = sqlx::query_scalar("select exists (select 1 from tenants where id = $1)")
        .bind(tenant)
        .fetch_one(staff.tx.conn())
        .await?;
    if !exists {
        return Err(ApiError::NotFound("No such tenant.".into()));
    }
    staff::begin_tenant_as(&state.db, staff, TenantId::from_uuid(tenant)).await
}

/// Holds the whole tenant: no retention purge runs for it until the hold is cleared.
#[utoipa::path(
    put, path = "/v1/staff/tenants/{tenant_id}/legal-hold", tag = "staff", request_body = SetTenantHold,
    params(("tenant_id" = Uuid, Path, description = "Tenant id")),
    responses(
        (status = 204, description = "Held"),
        (status = 404, body = brokerdesk_core::error::ErrorBody),
        (status = 422, body = brokerdesk_core::error::ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn set_tenant_hold(
    State(state): State<AppState>,
    mut staff: StaffAuthenticated,
    Path(tenant_id): Path<Uuid>,
    Json(body): Json<SetTenantHold>,
) -> Result<StatusCode, ApiError> {
    let mut tx = open_tenant(&state, &mut staff, tenant_id).await?;
    holds::set_tenant_hold(&mut tx, staff.staff_id, &body.reason).await?;
    let reason = Some(body.reason.trim().to_owned());
    staff::record_on_tenant(staff, tx, "tenant_hold.set", reason).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Clears the tenant's hold; purges resume at the next pass.
#[utoipa::path(
    delete, path = "/v1/staff/tenants/{tenant_id}/legal-hold", tag = "staff",
    params(("tenant_id" = Uuid, Path, description = "Tenant id")),
    responses(
        (status = 204, description = "Released"),
        (status = 404, description = "No such tenant, or no hold on it", body = brokerdesk_core::error::ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn clear_tenant_hold(
    State(state): State<AppState>,
    mut staff: StaffAuthenticated,
    Path(tenant_id): Path<Uuid>,
) -> Result<StatusCode, ApiError> {
    let mut tx = open_tenant(&state, &mut staff, tenant_id).await?;
    if !holds::clear_tenant_hold(&mut tx).await? {
        return Err(ApiError::NotFound(
            "This tenant is not under a legal hold.".into(),
        ));
    }
    staff::record_on_tenant(staff, tx, "tenant_hold.released", None).await?;
    Ok(StatusCode::NO_CONTENT)
}
