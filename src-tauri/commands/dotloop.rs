//! The Dotloop card in Settings: the connection's status, read from the server when it
//! answers and otherwise the last one seen (kept in the cache, shown "as of" its time);
//! connecting (the authorize URL opens in the system browser), "Sync now" and
//! disconnecting, which only the server can do.

use brokerdesk_client::dotloop::card::{self, DotloopCard};
use brokerdesk_client::dotloop::connect::authorize_url;
use brokerdesk_core::error::ErrorBody;
use brokerdesk_core::transactions::dotloop_status::{ConnectStart, Disconnected, SyncStarted};
use tauri::State;

use super::CommandResult;
use super::edits::{online_only, store_error};
use crate::state::AppState;

const ON_THE_SERVER: &str = "the Dotloop connection is kept and run by the server.";

#[tauri::command]
pub async fn dotloop_status(state: State<'_, AppState>) -> CommandResult<DotloopCard> {
    let store = state.store().await?;
    state
        .read(
            async |tenant| Ok(card::seen_live(&store, tenant.api().dotloop_status().await?).await),
            async |store| {
                card::last_seen(store)
                    .await
                    .map_err(store_error)?
                    .ok_or_else(never_seen)
            },
        )
        .await
}

fn never_seen() -> ErrorBody {
    ErrorBody::new(
        "needs_connection",
        "The server cannot be reached, and this computer has not seen the Dotloop connection's \
         status yet. It shows once you are back online.",
    )
}

/// Starts connecting and opens Dotloop's sign-in page in the system browser; the server
/// takes it from there. The URL comes back too, for when no browser opens.
#[tauri::command]
pub async fn connect_dotloop(state: State<'_, AppState>) -> CommandResult<ConnectStart> {
    let started = state.tenant().await?.api().start_dotloop_connect().await;
    let started = online_only(started, "Connecting Dotloop", ON_THE_SERVER)?;
    let url = authorize_url(&started.authorize_url).map_err(|e| ErrorBody::new(e.code, e.message))?;
    crate::browser::open(url.as_str())?;
    Ok(started)
}

#[tauri::command]
pub async fn sync_dotloop(state: State<'_, AppState>) -> CommandResult<SyncStarted> {
    let started = state.tenant().await?.api().sync_dotloop().await;
    online_only(started, "Syncing with Dotloop", ON_THE_SERVER)
}

#[tauri::command]
pub async fn disconnect_dotloop(state: State<'_, AppState>) -> CommandResult<Disconnected> {
    let done = state.tenant().await?.api().disconnect_dotloop().await;
    online_only(done, "Disconnecting Dotloop", ON_THE_SERVER)
}
