//! The header's sync status and its "Sync now" button.

use brokerdesk_core::sync::state::SyncState;
use tauri::State;

use super::CommandResult;
use crate::state::{AppState, Identity};

/// The engine's state; none when no member's tenant is syncing (staff, support).
#[tauri::command]
pub async fn sync_state(state: State<'_, AppState>) -> CommandResult<Option<SyncState>> {
    Ok(match &*state.identity.lock().await {
        Identity::Member { sync, .. } => Some(sync.engine.state()),
        _ => None,
    })
}

/// Wakes the engine to push and pull at once, instead of waiting for the server.
#[tauri::command]
pub async fn sync_now(state: State<'_, AppState>) -> CommandResult<()> {
    if let Identity::Member { sync, .. } = &*state.identity.lock().await {
        sync.engine.nudge();
    }
    Ok(())
}
