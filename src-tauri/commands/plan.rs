//! The tenant's plan and usage, the owner's own change of plan, and the plan change
//! platform staff make.

use brokerdesk_core::identity::{StaffTenantView, UpdateTenantRequest};
use brokerdesk_core::ids::TenantId;
use brokerdesk_core::plan::change::{ChangePlanRequest, PlanOption};
use brokerdesk_core::usage::PlanUsage;
use tauri::State;

use super::CommandResult;
use super::edits::{online_only, server_change};
use crate::state::AppState;
use crate::tenant::{no_cache, tenant_snapshot};

#[tauri::command]
pub async fn plan_usage(state: State<'_, AppState>) -> CommandResult<PlanUsage> {
    state
        .read(
            async |tenant| tenant.api().plan_usage().await,
            async |store| {
                tenant_snapshot(store)
                    .await?
                    .plan_usage
                    .ok_or_else(no_cache)
            },
        )
        .await
}

const ON_THE_SERVER: &str = "the server counts what the brokerage holds against each plan.";

/// Every plan with what the brokerage holds over it; counted by the server.
#[tauri::command]
pub async fn plan_options(state: State<'_, AppState>) -> CommandResult<Vec<PlanOption>> {
    let options = state.tenant().await?.api().plan_options().await;
    online_only(options, "Comparing plans", ON_THE_SERVER)
}

/// The owner moves the brokerage to another plan; the cache's plan follows at once.
#[tauri::command]
pub async fn change_plan(
    state: State<'_, AppState>,
    request: ChangePlanRequest,
) -> CommandResult<PlanUsage> {
    let changed = state.tenant().await?.api().change_plan(&request).await;
    server_change(&state, "Changing the plan", ON_THE_SERVER, changed).await
}

/// Staff only: made with the staff token, also from inside a support session.
#[tauri::command]
pub async fn update_tenant(
    state: State<'_, AppState>,
    tenant_id: TenantId,
    update: UpdateTenantRequest,
) -> CommandResult<StaffTenantView> {
    let (api, token) = state.staff().await?;
    Ok(api
        .authorised(&token)
        .update_tenant(tenant_id, &update)
        .await?)
}
