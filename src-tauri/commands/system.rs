//! The machine the app runs on: can it reach its server, and can it keep secrets.

use brokerdesk_client::secrets::OsKeychain;
use brokerdesk_client::status::{check_keychain, check_server};
use brokerdesk_core::app_status::{KeychainStatus, ServerStatus};
use brokerdesk_core::error::ErrorBody;
use tauri::State;

use crate::state::AppState;

/// Whether the configured server answers its readiness check. The request is made from
/// Rust: the webview's CSP allows it no network access of its own. An unreachable
/// server is a status, not an error.
#[tauri::command]
pub async fn server_status(state: State<'_, AppState>) -> Result<ServerStatus, ErrorBody> {
    Ok(check_server(&state.server_url()).await)
}

/// Whether the OS keychain can hold the cache keys. Keychain calls block, so they run
/// on a blocking thread, off the async runtime.
#[tauri::command]
pub async fn keychain_status() -> Result<KeychainStatus, ErrorBody> {
    tokio::task::spawn_blocking(|| check_keychain(&OsKeychain))
        .await
        .map_err(|_| ErrorBody::new("keychain_error", "The keychain check stopped unexpectedly."))
}
