//! A deal's split overrides (owners and admins), in the transaction's detail pane: read
//! from and edited in the cache, pushed at the next sync, so they work offline.

use brokerdesk_client::commissions::overrides::override_rows;
use brokerdesk_core::admin_view::Edited;
use brokerdesk_core::commissions::{CommissionOverride, OverrideTerms};
use brokerdesk_core::ids::{CommissionOverrideId, RosterAgentId, TransactionId};
use tauri::State;

use super::CommandResult;
use super::edits::{queued, store_error};
use crate::state::AppState;

#[tauri::command]
pub async fn commission_overrides(
    state: State<'_, AppState>,
    transaction_id: TransactionId,
) -> CommandResult<Vec<Edited<CommissionOverride>>> {
    override_rows(&state.store().await?, transaction_id)
        .await
        .map_err(store_error)
}

/// Sets an agent's split on the deal: a new override, or theirs changed.
#[tauri::command]
pub async fn set_commission_override(
    state: State<'_, AppState>,
    transaction_id: TransactionId,
    agent_id: RosterAgentId,
    terms: OverrideTerms,
) -> CommandResult<CommissionOverride> {
    let store = state.store().await?;
    let set = store
        .set_commission_override(transaction_id, agent_id, terms)
        .await;
    queued(&state, set).await
}

#[tauri::command]
pub async fn remove_commission_override(
    state: State<'_, AppState>,
    override_id: CommissionOverrideId,
) -> CommandResult<()> {
    let store = state.store().await?;
    queued(&state, store.remove_commission_override(override_id).await).await
}
