//! The Overview, the home screen: what matters this week, from the encrypted cache
//! (its commission figures from the reports the Reports page holds).

use brokerdesk_client::overview::{Overview, overview};
use chrono::Utc;
use tauri::State;

use super::CommandResult;
use super::commissions::reports;
use super::edits::store_error;
use crate::state::AppState;

#[tauri::command]
pub async fn home_overview(state: State<'_, AppState>) -> CommandResult<Overview> {
    let store = state.store().await?;
    let now = Utc::now();
    let reports = reports(&state, now.date_naive()).await?;
    overview(&store, &reports, now)
        .await
        .map_err(store_error)
}
