//! The privacy-request register: read from the encrypted cache, recorded and changed
//! there and queued in its outbox, so it works offline; linking an audit entry asks
//! the server.

use brokerdesk_client::privacy::screens;
use brokerdesk_core::admin_view::Edited;
use brokerdesk_core::ids::PrivacyRequestId;
use brokerdesk_core::privacy::{
    LinkPrivacyAction, NewPrivacyRequest, PrivacyRequest, PrivacyRequestChanges,
};
use tauri::State;

use super::CommandResult;
use super::edits::{queued, server_change, store_error};
use crate::state::AppState;

const ON_THE_SERVER: &str = "the server checks the entry against its own audit trail.";

/// The register, with where this computer's edits of each request stand.
#[tauri::command]
pub async fn privacy_requests(
    state: State<'_, AppState>,
) -> CommandResult<Vec<Edited<PrivacyRequest>>> {
    let store = state.store().await?;
    screens::privacy_requests(&store)
        .await
        .map_err(store_error)
}

#[tauri::command]
pub async fn record_privacy_request(
    state: State<'_, AppState>,
    request: NewPrivacyRequest,
) -> CommandResult<PrivacyRequest> {
    let store = state.store().await?;
    let recorded = store.record_privacy_request(request).await;
    queued(&state, recorded).await
}

#[tauri::command]
pub async fn change_privacy_request(
    state: State<'_, AppState>,
    request_id: PrivacyRequestId,
    changes: PrivacyRequestChanges,
) -> CommandResult<PrivacyRequest> {
    let store = state.store().await?;
    let changed = store.change_privacy_request(request_id, changes).await;
    queued(&state, changed).await
}

#[tauri::command]
pub async fn link_privacy_action(
    state: State<'_, AppState>,
    request_id: PrivacyRequestId,
    link: LinkPrivacyAction,
) -> CommandResult<PrivacyRequest> {
    let linked = state
        .tenant()
        .await?
        .api()
        .link_privacy_action(request_id, &link)
        .await;
    server_change(&state, "Linking an action", ON_THE_SERVER, linked).await
}
