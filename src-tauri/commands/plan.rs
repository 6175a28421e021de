//! The tenant's plan and usage, and the plan change platform staff make.

use brokerdesk_core::identity::{StaffTenantView, UpdateTenantRequest};
use brokerdesk_core::ids::TenantId;
use brokerdesk_core::usage::PlanUsage;
use tauri::State;

use super::CommandResult;
use crate::state::{AppState, no_cache, online_or_cached};

#[tauri::command]
pub async fn plan_usage(state: State<'_, AppState>) -> CommandResult<PlanUsage> {
    let online = state.tenant().await?.api().plan_usage().await;
    let cached = async {
        let snapshot = state.cached_tenant().await?;
        snapshot.plan_usage.ok_or_else(no_cache)
    };
    online_or_cached(online, cached).await
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
