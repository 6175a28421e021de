//! The commission plans' routes: list, read, create and change plans, set a version,
//! put agents on plans (or take an assignment away), and set or remove an agent's split
//! override on a deal.

use axum::Json;
use axum::extract::Path;
use axum::http::StatusCode;
use brokerdesk_core::commissions::{
    CommissionOverride, CommissionPlan, CommissionPlanChanges, NewCommissionPlan,
    NewPlanAssignment, OverrideTerms, PlanAssignmentRecord, PlanVersion,
};
use brokerdesk_core::ids::{CommissionPlanId, PlanAssignmentId, RosterAgentId, TransactionId};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use super::{assignments, overrides};
use crate::auth::Authenticated;
use crate::commissions;
use crate::error::ApiError;
use crate::state::AppState;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_plans, create_plan))
        .routes(routes!(get_plan, change_plan))
        .routes(routes!(set_plan_version))
        .routes(routes!(list_assignments, assign_agent))
        .routes(routes!(unassign_agent))
        .routes(routes!(list_overrides))
        .routes(routes!(set_override, remove_override))
}

/// The plans the caller may read (an agent: the plans they are assigned to), by name.
#[utoipa::path(
    get, path = "/v1/commission-plans", tag = "commissions",
    responses((status = 200, body = Vec<CommissionPlan>), (status = 403, body = brokerdesk_core::error::ErrorBody)),
    security(("bearer" = []))
)]
pub async fn list_plans(mut auth: Authenticated) -> Result<Json<Vec<CommissionPlan>>, ApiError> {
    Ok(Json(commissions::list(&mut auth).await?))
}

/// Creates a plan with its versions; core checks every version's terms.
#[utoipa::path(
    post, path = "/v1/commission-plans", tag = "commissions", request_body = NewCommissionPlan,
    responses(
        (status = 201, body = CommissionPlan),
        (status = 403, body = brokerdesk_core::error::ErrorBody),
        (status = 422, body = brokerdesk_core::error::ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn create_plan(
    mut auth: Authenticated,
    Json(new): Json<NewCommissionPlan>,
) -> Result<(StatusCode, Json<CommissionPlan>), ApiError> {
    let (plan, _) = commissions::create_plan(&mut auth, CommissionPlanId::new(), new).await?;
    auth.tx.commit().await?;
    Ok((StatusCode::CREATED, Json(plan)))
}

/// One plan.
#[utoipa::path(
    get, path = "/v1/commission-plans/{id}", tag = "commissions",
    params(("id" = Uuid, Path, description = "The plan's id")),
    responses((status = 200, body = CommissionPlan), (status = 404, body = brokerdesk_core::error::ErrorBody)),
    security(("bearer" = []))
)]
pub async fn get_plan(
    mut auth: Authenticated,
    Path(id): Path<Uuid>,
) -> Result<Json<CommissionPlan>, ApiError> {
    Ok(Json(
        commissions::get(&mut auth, CommissionPlanId::from_uuid(id)).await?,
    ))
}

/// Renames a plan or replaces its list of versions; absent fields stay.
#[utoipa::path(
    patch, path = "/v1/commission-plans/{id}", tag = "commissions", request_body = CommissionPlanChanges,
    params(("id" = Uuid, Path, description = "The plan's id")),
    responses(
        (status = 200, body = CommissionPlan),
        (status = 403, body = brokerdesk_core::error::ErrorBody),
        (status = 404, body = brokerdesk_core::error::ErrorBody),
        (status = 422, body = brokerdesk_core::error::ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn change_plan(
    mut auth: Authenticated,
    Path(id): Path<Uuid>,
    Json(changes): Json<CommissionPlanChanges>,
) -> Result<Json<CommissionPlan>, ApiError> {
    let (plan, _) =
        commissions::update_plan(&mut auth, CommissionPlanId::from_uuid(id), changes).await?;
    auth.tx.commit().await?;
    Ok(Json(plan))
}

/// Adds a version to a plan, in force from its `effectiveFrom` until the next one; a
/// version from the same day is replaced.
#[utoipa::path(
    post, path = "/v1/commission-plans/{id}/versions", tag = "commissions", request_body = PlanVersion,
    params(("id" = Uuid, Path, description = "The plan's id")),
    responses(
        (status = 200, body = CommissionPlan),
        (status = 403, body = brokerdesk_core::error::ErrorBody),
        (status = 404, body = brokerdesk_core::error::ErrorBody),
        (status = 422, body = brokerdesk_core::error::ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn set_plan_version(
    mut auth: Authenticated,
    Path(id): Path<Uuid>,
    Json(version): Json<PlanVersion>,
) -> Result<Json<CommissionPlan>, ApiError> {
    let (plan, _) =
        commissions::add_version(&mut auth, CommissionPlanId::from_uuid(id), version).await?;
    auth.tx.commit().await?;
    Ok(Json(plan))
}

/// Which agent is on which plan from when (an agent: their own assignments).
#[utoipa::path(
    get, path = "/v1/commission-assignments", tag = "commissions",
    responses((status = 200, body = Vec<PlanAssignmentRecord>), (status = 403, body = brokerdesk_core::error::ErrorBody)),
    security(("bearer" = []))
)]
pub async fn list_assignments(
    mut auth: Authenticated,
) -> Result<Json<Vec<PlanAssignmentRecord>>, ApiError> {
    Ok(Json(assignments::list(&mut auth).await?))
}

/// Puts a roster agent on a plan from a date, until their next assignment.
#[utoipa::path(
    post, path = "/v1/commission-assignments", tag = "commissions", request_body = NewPlanAssignment,
    responses(
        (status = 201, body = PlanAssignmentRecord),
        (status = 403, body = brokerdesk_core::error::ErrorBody),
        (status = 409, description = "The agent has an assignment from that day", body = brokerdesk_core::error::ErrorBody),
        (status = 422, body = brokerdesk_core::error::ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn assign_agent(
    mut auth: Authenticated,
    Json(new): Json<NewPlanAssignment>,
) -> Result<(StatusCode, Json<PlanAssignmentRecord>), ApiError> {
    let (record, _) = assignments::assign(&mut auth, PlanAssignmentId::new(), new).await?;
    auth.tx.commit().await?;
    Ok((StatusCode::CREATED, Json(record)))
}

/// Removes an assignment; the agent's previous one (if any) runs on.
#[utoipa::path(
    delete, path = "/v1/commission-assignments/{id}", tag = "commissions",
    params(("id" = Uuid, Path, description = "The assignment's id")),
    responses(
        (status = 204),
        (status = 403, body = brokerdesk_core::error::ErrorBody),
        (status = 404, body = brokerdesk_core::error::ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn unassign_agent(
    mut auth: Authenticated,
    Path(id): Path<Uuid>,
) -> Result<StatusCode, ApiError> {
    assignments::unassign(&mut auth, PlanAssignmentId::from_uuid(id)).await?;
    auth.tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The split overrides on a deal (an agent: their own).
#[utoipa::path(
    get, path = "/v1/transactions/{id}/commission-overrides", tag = "commissions",
    params(("id" = Uuid, Path, description = "The deal's id")),
    responses(
        (status = 200, body = Vec<CommissionOverride>),
        (status = 403, body = brokerdesk_core::error::ErrorBody),
        (status = 404, body = brokerdesk_core::error::ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn list_overrides(
    mut auth: Authenticated,
    Path(id): Path<Uuid>,
) -> Result<Json<Vec<CommissionOverride>>, ApiError> {
    Ok(Json(
        overrides::list_for_transaction(&mut auth, TransactionId::from_uuid(id)).await?,
    ))
}

/// Sets an agent's split on this deal only, with its reason (shown in the payout's
/// trace): creates the override, or replaces the agent's existing one. The agent's cap
/// still applies. A Dotloop import of the deal leaves it in place.
#[utoipa::path(
    put, path = "/v1/transactions/{id}/commission-overrides/{agent_id}", tag = "commissions",
    request_body = OverrideTerms,
    params(
        ("id" = Uuid, Path, description = "The deal's id"),
        ("agent_id" = Uuid, Path, description = "The roster agent's id"),
    ),
    responses(
        (status = 200, description = "The agent's override, replaced", body = CommissionOverride),
        (status = 201, description = "The agent's override, created", body = CommissionOverride),
        (status = 403, body = brokerdesk_core::error::ErrorBody),
        (status = 404, body = brokerdesk_core::error::ErrorBody),
        (status = 422, body = brokerdesk_core::error::ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn set_override(
    mut auth: Authenticated,
    Path((id, agent)): Path<(Uuid, Uuid)>,
    Json(terms): Json<OverrideTerms>,
) -> Result<(StatusCode, Json<CommissionOverride>), ApiError> {
    let (record, created) = overrides::set(
        &mut auth,
        TransactionId::from_uuid(id),
        RosterAgentId::from_uuid(agent),
        terms,
    )
    .await?;
    auth.tx.commit().await?;
    let status = if created {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((status, Json(record)))
}

/// Removes an agent's split override on this deal: their plan's split applies again.
#[utoipa::path(
    delete, path = "/v1/transactions/{id}/commission-overrides/{agent_id}", tag = "commissions",
    params(
        ("id" = Uuid, Path, description = "The deal's id"),
        ("agent_id" = Uuid, Path, description = "The roster agent's id"),
    ),
    responses(
        (status = 204),
        (status = 403, body = brokerdesk_core::error::ErrorBody),
        (status = 404, body = brokerdesk_core::error::ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn remove_override(
    mut auth: Authenticated,
    Path((id, agent)): Path<(Uuid, Uuid)>,
) -> Result<StatusCode, ApiError> {
    overrides::unset(
        &mut auth,
        TransactionId::from_uuid(id),
        RosterAgentId::from_uuid(agent),
    )
    .await?;
    auth.tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}
