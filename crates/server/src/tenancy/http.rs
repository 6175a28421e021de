//! The tenant's routes: its plan, its trial and what it uses of its limits, and its
//! custom domain.

use axum::Json;
use brokerdesk_core::permission::Permission;
use brokerdesk_core::usage::PlanUsage;

use crate::auth::Authenticated;
use crate::error::ApiError;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::custom_domain_http as custom_domain;
use super::plan_usage;
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

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(
            custom_domain::get_custom_domain,
            custom_domain::put_custom_domain,
            custom_domain::delete_custom_domain
        ))
        .routes(routes!(custom_domain::verify_custom_domain))
        .routes(routes!(plan_and_usage))
}
