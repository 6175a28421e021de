//! The header's sync status and its "Sync now" button (the edits the server refused are
//! in `edits`).
//! The state itself reaches the window as `sync-state` events (see `crate::sync`);
//! `sync_state` gives a window that has just loaded the state as it stands.

use brokerdesk_core::sync::state::SyncState;
use tauri::State;

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
