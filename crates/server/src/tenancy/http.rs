//! The tenant's routes: its plan, its trial and what it uses of its limits, and its
//! custom domain.

use axum::Json;
use brokerdesk_core::permission::Permission;
use brokerdesk_core::plan::change::{ChangePlanRequest, PlanOption};
use brokerdesk_core::usage::PlanUsage;

use crate::auth::Authenticated;
use crate::error::ApiError;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::custom_domain_http as custom_domain;
use super::{plan_change, plan_usage};
use crate::state::AppState;

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

/// Every plan, whether moving to it is an upgrade or a downgrade, and what the tenant
/// holds over it (empty when it fits).
#[utoipa::path(
    get, path = "/v1/plan/options", tag = "plan",
    responses((status = 200, body = [PlanOption]), (status = 403, body = brokerdesk_core::error::ErrorBody)),
    security(("bearer" = []))
)]
pub async fn plan_options(mut auth: Authenticated) -> Result<Json<Vec<PlanOption>>, ApiError> {
    auth.require(Permission::ViewPlanAndUsage)?;
    Ok(Json(plan_change::options(&mut auth).await?))
}

/// The owner moves the tenant to another plan. An upgrade applies at once; a downgrade
/// the tenant's use does not fit is refused (409 `plan_does_not_fit`) with everything
/// over the new plan and what to remove. Audited; devices get the new plan with their
/// next sync.
#[utoipa::path(
    put, path = "/v1/plan", tag = "plan", request_body = ChangePlanRequest,
    responses(
        (status = 200, body = PlanUsage),
        (status = 403, description = "Only the owner changes the plan", body = brokerdesk_core::error::ErrorBody),
        (status = 409, description = "The tenant holds more than the plan allows", body = brokerdesk_core::error::ErrorBody),
        (status = 422, description = "Already on that plan", body = brokerdesk_core::error::ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn change_plan(
    mut auth: Authenticated,
    Json(request): Json<ChangePlanRequest>,
) -> Result<Json<PlanUsage>, ApiError> {
    auth.require(Permission::ChangePlan)?;
    plan_change::change_plan(&mut auth, request.plan).await?;
    let usage = plan_usage::plan_usage(&mut auth.tx).await?;
    auth.tx.commit().await?;
    Ok(Json(usage))
}

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(
            custom_domain::get_custom_domain,
            custom_domain::put_custom_domain,
            custom_domain::delete_custom_domain
        ))
        .routes(routes!(custom_domain::verify_custom_domain))
        .routes(routes!(plan_and_usage, change_plan))
        .routes(routes!(plan_options))
}
