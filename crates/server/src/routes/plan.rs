//! The tenant's plan, its trial and what it uses of its limits.

use axum::Json;
use brokerdesk_core::permission::Permission;
use brokerdesk_core::usage::PlanUsage;

use crate::auth::Authenticated;
use crate::error::ApiError;
use crate::plan_usage;

/// The plan the tenant is on, with its limits and features, and current usage.
#[utoipa::path(
    get, path = "/v1/plan", tag = "plan",
    responses((status = 200, body = PlanUsage), (status = 403, body = brokerdesk_core::error::ErrorBody)),
    security(("bearer" = []))
)]
pub async fn plan_and_usage(mut auth: Authenticated) -> Result<Json<PlanUsage>, ApiError> {
    auth.require(Permission::ViewPlanAndUsage)?;
    Ok(Json(plan_usage::plan_usage(&mut auth.tx).await?))
}
