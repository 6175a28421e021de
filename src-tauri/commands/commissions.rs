//! Commission reports, computed offline from the encrypted cache by the same core code
//! the server runs, for the signed-in member's scope (everyone, or their own lines).
//! The priced inputs are held while the cache does not change (`HeldReports`), so a
//! report reflects the last sync without pricing every deal again for each request.

use brokerdesk_client::commissions::OfflineReports;
use brokerdesk_core::commissions::reports::Period;
use brokerdesk_core::commissions::reports::cap_progress::CapProgress;
use brokerdesk_core::commissions::reports::run::{ProductionAnswer, ProductionRequest, Statement};
use brokerdesk_core::commissions::reports::tax1099::Form1099Total;
use brokerdesk_core::ids::RosterAgentId;
use chrono::{NaiveDate, Utc};
use tauri::State;

use super::CommandResult;
use super::edits::store_error;
use crate::state::AppState;

pub(super) async fn reports(state: &AppState, today: NaiveDate) -> CommandResult<OfflineReports> {
    let store = state.store().await?;
    let user = state.session().await?.account().user_id;
    state
        .held_reports()
        .await?
        .get(&store, user, today)
        .await
        .map_err(store_error)
}

fn today() -> NaiveDate {
    Utc::now().date_naive()
}

#[tauri::command]
pub async fn production_report(
    state: State<'_, AppState>,
    request: ProductionRequest,
) -> CommandResult<ProductionAnswer> {
    reports(&state, today())
        .await?
        .production(&request)
        .map_err(store_error)
}

#[tauri::command]
pub async fn cap_progress_report(state: State<'_, AppState>) -> CommandResult<Vec<CapProgress>> {
    Ok(reports(&state, today()).await?.cap_progress(today()))
}

#[tauri::command]
pub async fn tax_1099_report(
    state: State<'_, AppState>,
    year: i32,
) -> CommandResult<Vec<Form1099Total>> {
    Ok(reports(&state, today()).await?.tax_1099(year))
}

#[tauri::command]
pub async fn agent_statement(
    state: State<'_, AppState>,
    agent_id: RosterAgentId,
    period: Period,
) -> CommandResult<Statement> {
    reports(&state, today())
        .await?
        .statement(agent_id, period)
        .map_err(store_error)
}
