//! The About dialog and updates: what this app is and talks to, and signed updates.

use brokerdesk_client::status::check_server;
use brokerdesk_core::app_status::{AboutInfo, UpdateCheck, UpdateReady};
use brokerdesk_core::protocol::PROTOCOL_VERSION;
use tauri::{AppHandle, Manager, State};

use super::CommandResult;
use crate::state::AppState;
use crate::updates::Updates;

#[tauri::command]
pub async fn about_info(
    app: AppHandle,
    state: State<'_, AppState>,
    updates: State<'_, Updates>,
) -> CommandResult<AboutInfo> {
    let server = check_server(&state.server_url()).await;
    let keychain = super::system::keychain_status().await?;
    let data_folder = app
        .path()
        .app_data_dir()
        .map(|dir| dir.display().to_string())
        .unwrap_or_else(|error| format!("unknown ({error})"));
    Ok(AboutInfo {
        app_version: app.package_info().version.to_string(),
        server,
        sync_protocol_version: PROTOCOL_VERSION,
        data_folder,
        keychain,
        update_endpoint: updates.endpoint(&app),
    })
}

#[tauri::command]
pub async fn check_for_update(
    app: AppHandle,
    updates: State<'_, Updates>,
) -> CommandResult<UpdateCheck> {
    updates.check(&app).await
}

#[tauri::command]
pub async fn download_update(updates: State<'_, Updates>) -> CommandResult<UpdateReady> {
    updates.download().await
}

#[tauri::command]
pub fn install_update(app: AppHandle, updates: State<'_, Updates>) -> CommandResult<()> {
    updates.install_and_restart(&app)
}
