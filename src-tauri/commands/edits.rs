//! Where the users and settings screens read and write, and the edits the server
//! refused. Whoever works in a tenant (a member, or staff in a support session, whose
//! cache is ephemeral) works against its encrypted cache, online or offline alike:
//! edits queue in its outbox and show as pending until the server takes them.

use brokerdesk_client::api::ApiError;
use brokerdesk_client::sync::{RejectedEdit, StoreError};
use brokerdesk_core::error::ErrorBody;
use brokerdesk_core::sync::SyncEntity;
use std::time::Duration;

use tauri::State;
use uuid::Uuid;

use super::CommandResult;
use crate::state::AppState;

/// How long a change the server made waits for the sync that brings it into the cache;
/// a slower sync still refreshes the page when it lands.
const SYNC_WAIT: Duration = Duration::from_secs(5);

/// An edit made in the cache: it is in the outbox now, so wake the engine to send it.
pub async fn queued<T>(state: &AppState, edit: Result<T, StoreError>) -> CommandResult<T> {
    let shown = edit.map_err(store_error)?;
    state.nudge_sync().await;
    Ok(shown)
}

pub fn store_error(error: StoreError) -> ErrorBody {
    ErrorBody::new(error.code(), error.to_string())
}

/// For what cannot wait in the outbox: an answer only the server can make (a key or an
/// invitation link, shown once), or a secret handed straight to it. Without the server
/// it says so, instead of a network error.
pub fn online_only<T>(result: Result<T, ApiError>, action: &str, why: &str) -> CommandResult<T> {
    result.map_err(|error| {
        if error.is_offline() {
            ErrorBody::new(
                "needs_connection",
                format!(
                    "{action} needs a connection to the server, which cannot be reached now: \
                     {why} Try again once you are back online."
                ),
            )
        } else {
            error.to_body()
        }
    })
}

/// A change only the server makes: refused plainly when offline (`why` says why it
/// can't wait in the outbox), then the cache is let catch up, so the page reads the
/// change back at once.
pub async fn server_change<T>(
    state: &AppState,
    action: &str,
    why: &str,
    result: Result<T, ApiError>,
) -> CommandResult<T> {
    let answer = online_only(result, action, why)?;
    if let Ok(engine) = state.engine().await {
        let mut watch = engine.subscribe();
        let before = engine.state().last_synced_at;
        engine.nudge();
        let landed = watch.wait_for(|sync| sync.last_synced_at != before);
        let _ = tokio::time::timeout(SYNC_WAIT, landed).await;
    }
    Ok(answer)
}

/// The edits the server refused, each with its reason: of these entities only, when
/// named (a screen's own), else all of them (the header's dialog).
#[tauri::command]
pub async fn rejected_edits(
    state: State<'_, AppState>,
    entities: Option<Vec<SyncEntity>>,
) -> CommandResult<Vec<RejectedEdit>> {
    let store = state.store().await?;
    let refused = match entities {
        Some(entities) => brokerdesk_client::sync::edited::rejected_edits(&store, &entities).await,
        None => store.rejected().await,
    };
    refused.map_err(store_error)
}

/// The person has read a refusal: forget it, and update the header's count at once.
#[tauri::command]
pub async fn dismiss_rejected_edit(
    state: State<'_, AppState>,
    mutation_id: Uuid,
) -> CommandResult<()> {
    let engine = state.engine().await?;
    engine
        .store()
        .dismiss_rejected(mutation_id)
        .await
        .map_err(store_error)?;
    engine.refresh_counts().await.map_err(|e| e.to_body())
}
