//! The tenant's plan and usage, and the plan change platform staff make.

use brokerdesk_core::identity::{StaffTenantView, UpdateTenantRequest};
use brokerdesk_core::ids::TenantId;
use brokerdesk_core::usage::PlanUsage;
use tauri::State;

use super::CommandResult;
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
