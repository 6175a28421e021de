//! The Overview, the home screen: what matters this week, from the encrypted cache.

use brokerdesk_client::overview::{Overview, overview};
use chrono::Utc;
use tauri::State;

use super::CommandResult;
use super::edits::store_error;
use crate::state::AppState;

#[tauri::command]
pub async fn home_overview(state: State<'_, AppState>) -> CommandResult<Overview> {
    let store = state.store().await?;
    let user = state.session().await?.account().user_id;
    overview(&store, user, Utc::now())
        .await
        .map_err(store_error)
}
