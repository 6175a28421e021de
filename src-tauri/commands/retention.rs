//! Retention: the owner's policies with the dry run shown before one is saved, and
//! legal holds. The server counts and purges its own rows, so every call is online; a
//! purge reaches the cache through sync like any deletion.

use brokerdesk_core::ids::LegalHoldId;
use brokerdesk_core::retention::{
    DryRunRequest, DryRunResult, LegalHold, NewLegalHold, RetentionKind, RetentionPolicy,
};
use tauri::State;

use super::CommandResult;
use super::edits::online_only;
use crate::state::AppState;

const ON_THE_SERVER: &str = "retention is counted and kept on the server, against its own records.";

#[tauri::command]
pub async fn retention_policies(state: State<'_, AppState>) -> CommandResult<Vec<RetentionPolicy>> {
    let policies = state.tenant().await?.api().retention_policies().await;
    online_only(policies, "Reading the retention policies", ON_THE_SERVER)
}

/// What a policy would purge now, as the app shows it before the policy is saved.
#[tauri::command]
pub async fn retention_dry_run(
    state: State<'_, AppState>,
    request: DryRunRequest,
) -> CommandResult<DryRunResult> {
    let preview = state.tenant().await?.api().retention_dry_run(&request).await;
    online_only(preview, "Previewing a retention policy", ON_THE_SERVER)
}

#[tauri::command]
pub async fn set_retention_policy(
    state: State<'_, AppState>,
    kind: RetentionKind,
    months: Option<u32>,
) -> CommandResult<RetentionPolicy> {
    let set = state
        .tenant()
        .await?
        .api()
        .set_retention_policy(kind, months)
        .await;
    online_only(set, "Saving a retention policy", ON_THE_SERVER)
}

#[tauri::command]
pub async fn legal_holds(state: State<'_, AppState>) -> CommandResult<Vec<LegalHold>> {
    let holds = state.tenant().await?.api().legal_holds().await;
    online_only(holds, "Reading the legal holds", ON_THE_SERVER)
}

#[tauri::command]
pub async fn set_legal_hold(
    state: State<'_, AppState>,
    hold: NewLegalHold,
) -> CommandResult<LegalHold> {
    let held = state.tenant().await?.api().set_legal_hold(&hold).await;
    online_only(held, "Setting a legal hold", ON_THE_SERVER)
}

#[tauri::command]
pub async fn release_legal_hold(
    state: State<'_, AppState>,
    hold_id: LegalHoldId,
) -> CommandResult<()> {
    let released = state
        .tenant()
        .await?
        .api()
        .release_legal_hold(hold_id)
        .await;
    online_only(released, "Releasing a legal hold", ON_THE_SERVER)
}
