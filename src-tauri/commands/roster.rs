//! The roster of commission-earning agents: read from the encrypted cache, added and
//! edited there and queued in its outbox, so it all works offline.

use brokerdesk_client::roster::screens;
use brokerdesk_core::admin_view::Edited;
use brokerdesk_core::ids::RosterAgentId;
use brokerdesk_core::roster::{NewRosterAgent, RosterAgent, RosterAgentChanges};
use tauri::State;

use super::CommandResult;
use super::edits::{queued, store_error};
use crate::state::AppState;

/// The agents, with where this computer's edits of each stand.
#[tauri::command]
pub async fn roster_rows(state: State<'_, AppState>) -> CommandResult<Vec<Edited<RosterAgent>>> {
    let store = state.store().await?;
    screens::roster(&store).await.map_err(store_error)
}

#[tauri::command]
pub async fn add_roster_agent(
    state: State<'_, AppState>,
    agent: NewRosterAgent,
) -> CommandResult<RosterAgent> {
    let store = state.store().await?;
    let added = store.add_roster_agent(agent).await;
    queued(&state, added).await
}

#[tauri::command]
pub async fn edit_roster_agent(
    state: State<'_, AppState>,
    agent_id: RosterAgentId,
    changes: RosterAgentChanges,
) -> CommandResult<RosterAgent> {
    let store = state.store().await?;
    let edited = store.edit_roster_agent(agent_id, changes).await;
    queued(&state, edited).await
}
