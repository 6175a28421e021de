//! Deleting the brokerage: the owner's request (password and authenticator code), its
//! state for the banner, and cancelling it; and the staff list of pending deletions with
//! their holds. All of it happens on the server; the cache learns the tenant's status
//! with the next sync, and a purged tenant's cache is shredded by the sync engine.

use brokerdesk_core::ids::TenantId;
use brokerdesk_core::tenant_deletion::{
    PendingDeletion, RequestTenantDeletion, TenantDeletionState,
};
use tauri::State;

use super::CommandResult;
use super::edits::{online_only, server_change};
use crate::state::AppState;

const ON_THE_SERVER: &str = "the brokerage's deletion is decided by the server.";

#[tauri::command]
pub async fn tenant_deletion(state: State<'_, AppState>) -> CommandResult<TenantDeletionState> {
    let answer = state.tenant().await?.api().tenant_deletion().await;
    online_only(answer, "Reading the deletion's state", ON_THE_SERVER)
}

#[tauri::command]
pub async fn request_tenant_deletion(
    state: State<'_, AppState>,
    request: RequestTenantDeletion,
) -> CommandResult<TenantDeletionState> {
    let answer = state
        .tenant()
        .await?
        .api()
        .request_tenant_deletion(&request)
        .await;
    server_change(&state, "Deleting the brokerage", ON_THE_SERVER, answer).await
}

#[tauri::command]
pub async fn cancel_tenant_deletion(
    state: State<'_, AppState>,
) -> CommandResult<TenantDeletionState> {
    let answer = state.tenant().await?.api().cancel_tenant_deletion().await;
    server_change(&state, "Cancelling the deletion", ON_THE_SERVER, answer).await
}

/// Staff only, with the staff token.
#[tauri::command]
pub async fn pending_deletions(state: State<'_, AppState>) -> CommandResult<Vec<PendingDeletion>> {
    let (api, token) = state.staff().await?;
    Ok(api.authorised(&token).pending_deletions().await?)
}

#[tauri::command]
pub async fn hold_deletion(
    state: State<'_, AppState>,
    tenant_id: TenantId,
    reason: String,
) -> CommandResult<()> {
    let (api, token) = state.staff().await?;
    Ok(api
        .authorised(&token)
        .hold_deletion(tenant_id, &reason)
        .await?)
}

#[tauri::command]
pub async fn release_deletion_hold(
    state: State<'_, AppState>,
    tenant_id: TenantId,
) -> CommandResult<()> {
    let (api, token) = state.staff().await?;
    Ok(api
        .authorised(&token)
        .release_deletion_hold(tenant_id)
        .await?)
}
