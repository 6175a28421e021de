//! The header's sync status, its "Sync now" button, and the edits the server refused.
//! The state itself reaches the window as `sync-state` events (see `crate::sync`);
//! `sync_state` gives a window that has just loaded the state as it stands.

use brokerdesk_client::sync::RejectedEdit;
use brokerdesk_core::error::ErrorBody;
use brokerdesk_core::sync::state::SyncState;
use tauri::State;
use uuid::Uuid;

use super::CommandResult;
use crate::state::AppState;

/// The engine's state; none when the app works in no tenant (staff view, signed out).
#[tauri::command]
pub async fn sync_state(state: State<'_, AppState>) -> CommandResult<Option<SyncState>> {
    let identity = state.identity.lock().await;
    Ok(identity.tenant_sync().map(|tenant| tenant.engine().state()))
}

/// Wakes the engine to push and pull at once, instead of waiting for the server.
#[tauri::command]
pub async fn sync_now(state: State<'_, AppState>) -> CommandResult<()> {
    state.nudge_sync().await;
    Ok(())
}

/// The local edits the server refused, oldest first, each with the server's reason.
#[tauri::command]
pub async fn rejected_edits(state: State<'_, AppState>) -> CommandResult<Vec<RejectedEdit>> {
    let store = state.store().await?;
    store.rejected().await.map_err(store_error)
}

/// The person has read a refusal: forget it, and update the header's count at once.
#[tauri::command]
pub async fn dismiss_rejected_edit(
    state: State<'_, AppState>,
    mutation_id: Uuid,
) -> CommandResult<()> {
    let engine = state.engine().await?;
    engine
        .store()
        .dismiss_rejected(mutation_id)
        .await
        .map_err(store_error)?;
    engine.refresh_counts().await.map_err(|e| e.to_body())
}

fn store_error(error: brokerdesk_client::sync::StoreError) -> ErrorBody {
    ErrorBody::new(error.code(), error.to_string())
}
