//! The Commission plans page (owners and admins): plans and assignments read from and
//! edited in the cache (pushed at the next sync), and the simulation of a plan version,
//! on the server when it answers and from the cache offline.

use brokerdesk_client::commissions::plans::{assignment_rows, plan_rows};
use brokerdesk_core::admin_view::Edited;
use brokerdesk_core::commissions::simulate::{Simulation, SimulationRequest};
use brokerdesk_core::commissions::{
    CommissionPlan, NewCommissionPlan, NewPlanAssignment, PlanAssignmentRecord, PlanVersion,
};
use brokerdesk_core::ids::{CommissionPlanId, PlanAssignmentId};
use chrono::Utc;
use tauri::State;

use super::CommandResult;
use super::commissions::reports;
use super::edits::{queued, store_error};
use crate::state::AppState;

#[tauri::command]
pub async fn commission_plans(
    state: State<'_, AppState>,
) -> CommandResult<Vec<Edited<CommissionPlan>>> {
    plan_rows(&state.store().await?).await.map_err(store_error)
}

#[tauri::command]
pub async fn plan_assignments(
    state: State<'_, AppState>,
) -> CommandResult<Vec<Edited<PlanAssignmentRecord>>> {
    assignment_rows(&state.store().await?)
        .await
        .map_err(store_error)
}

#[tauri::command]
pub async fn add_commission_plan(
    state: State<'_, AppState>,
    plan: NewCommissionPlan,
) -> CommandResult<CommissionPlan> {
    let store = state.store().await?;
    queued(&state, store.add_commission_plan(plan).await).await
}

#[tauri::command]
pub async fn set_plan_versions(
    state: State<'_, AppState>,
    plan_id: CommissionPlanId,
    versions: Vec<PlanVersion>,
) -> CommandResult<CommissionPlan> {
    let store = state.store().await?;
    queued(&state, store.set_plan_versions(plan_id, versions).await).await
}

#[tauri::command]
pub async fn assign_plan(
    state: State<'_, AppState>,
    assignment: NewPlanAssignment,
) -> CommandResult<PlanAssignmentRecord> {
    let store = state.store().await?;
    queued(&state, store.assign_plan(assignment).await).await
}

#[tauri::command]
pub async fn unassign_plan(
    state: State<'_, AppState>,
    assignment_id: PlanAssignmentId,
) -> CommandResult<()> {
    let store = state.store().await?;
    queued(&state, store.unassign_plan(assignment_id).await).await
}

/// "Would have paid" beside "did pay": the server's answer when it is reachable (its
/// data is complete), else the same core function over the cache.
#[tauri::command]
pub async fn simulate_plan(
    state: State<'_, AppState>,
    request: SimulationRequest,
) -> CommandResult<Simulation> {
    state
        .read(
            async |tenant| tenant.api().simulate_plan(&request).await,
            async |_| {
                reports(&state, Utc::now().date_naive())
                    .await?
                    .simulate(&request)
                    .map_err(store_error)
            },
        )
        .await
}
