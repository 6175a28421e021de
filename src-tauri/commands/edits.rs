//! Where the users and settings screens read and write, and the edits the server
//! refused. A member works against the encrypted cache, online or offline alike: edits
//! queue in its outbox and show as pending until the server takes them. Platform staff
//! in a support session keep no cache of the tenant, so they work against the API.

use brokerdesk_client::api::ApiError;
use brokerdesk_client::sync::{LocalStore, RejectedEdit, StoreError};
use brokerdesk_core::error::ErrorBody;
use brokerdesk_core::sync::SyncEntity;
use tauri::State;
use uuid::Uuid;

use super::CommandResult;
use crate::state::{AppState, TenantAccess};

pub enum Workspace {
    Cache(LocalStore),
    Api(TenantAccess),
}

impl Workspace {
    pub async fn of(state: &AppState) -> Result<Self, ErrorBody> {
        match state.store().await {
            Ok(store) => Ok(Workspace::Cache(store)),
            Err(_) => Ok(Workspace::Api(state.tenant().await?)),
        }
    }
}

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

/// The edits of these entities the server refused, each with its reason.
#[tauri::command]
pub async fn rejected_edits(
    state: State<'_, AppState>,
    entities: Vec<SyncEntity>,
) -> CommandResult<Vec<RejectedEdit>> {
    match Workspace::of(&state).await? {
        Workspace::Cache(store) => {
            brokerdesk_client::admin_screens::rejected_edits(&store, &entities)
                .await
                .map_err(store_error)
        }
        // Nothing is queued without a cache, so nothing can have been refused later.
        Workspace::Api(_) => Ok(Vec::new()),
    }
}

/// The user has read why an edit was refused; forget it.
#[tauri::command]
pub async fn dismiss_rejected_edit(
    state: State<'_, AppState>,
    mutation_id: Uuid,
) -> CommandResult<()> {
    let store = state.store().await?;
    store
        .dismiss_rejected(mutation_id)
        .await
        .map_err(store_error)?;
    // The header's count of refused edits moves with it.
    state.nudge_sync().await;
    Ok(())
}
