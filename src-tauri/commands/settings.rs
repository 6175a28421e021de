//! Tenant settings, provider keys (write-only) and API keys. Settings edits and key
//! revocations go through the encrypted cache and its outbox (see `edits`), so they work
//! offline and show as pending until synced. Creating an API key and provider keys need
//! the server: a new key is shown once, by the server, and a provider key is a secret
//! handed straight to it to seal (this computer never keeps it).

use brokerdesk_client::api_keys::screens;
use brokerdesk_client::settings::screens::settings;
use brokerdesk_core::admin_edit::SettingsChanges;
use brokerdesk_core::admin_view::Edited;
use brokerdesk_core::api_key::{ApiKeySummary, CreateApiKeyRequest, CreatedApiKey};
use brokerdesk_core::ids::ApiKeyId;
use brokerdesk_core::settings::{
    Provider, ProviderKeySummary, SetProviderKeyRequest, TenantSettings,
};
use tauri::State;

use super::CommandResult;
use super::edits::{online_only, queued, store_error};
use crate::state::AppState;

const PROVIDER_KEYS_ON_SERVER: &str =
    "provider keys are sealed and kept only by the server, never on this computer.";

#[tauri::command]
pub async fn tenant_settings(state: State<'_, AppState>) -> CommandResult<Edited<TenantSettings>> {
    let store = state.store().await?;
    settings(&store).await.map_err(store_error)
}

/// Saves what the user changed in the form: the fields where `settings` differs from
/// `base`, the document the form was opened on. Only those fields are sent, so a field
/// someone else changed meanwhile is not put back.
#[tauri::command]
pub async fn save_settings(
    state: State<'_, AppState>,
    base: TenantSettings,
    settings: TenantSettings,
) -> CommandResult<TenantSettings> {
    let changes = SettingsChanges::between(&base, &settings);
    let store = state.store().await?;
    queued(&state, store.change_settings(&changes).await).await
}

#[tauri::command]
pub async fn provider_keys(state: State<'_, AppState>) -> CommandResult<Vec<ProviderKeySummary>> {
    let listed = state.tenant().await?.api().provider_keys().await;
    online_only(listed, "Listing provider keys", PROVIDER_KEYS_ON_SERVER)
}

/// The key passes through to the server; only its last four characters come back.
#[tauri::command]
pub async fn set_provider_key(
    state: State<'_, AppState>,
    provider: Provider,
    key: String,
) -> CommandResult<ProviderKeySummary> {
    let tenant = state.tenant().await?;
    let request = SetProviderKeyRequest { key };
    let set = tenant.api().set_provider_key(provider, &request).await;
    online_only(set, "Setting a provider key", PROVIDER_KEYS_ON_SERVER)
}

#[tauri::command]
pub async fn remove_provider_key(
    state: State<'_, AppState>,
    provider: Provider,
) -> CommandResult<()> {
    let removed = state
        .tenant()
        .await?
        .api()
        .remove_provider_key(provider)
        .await;
    online_only(removed, "Removing a provider key", PROVIDER_KEYS_ON_SERVER)
}

#[tauri::command]
pub async fn api_keys(state: State<'_, AppState>) -> CommandResult<Vec<Edited<ApiKeySummary>>> {
    let store = state.store().await?;
    screens::api_keys(&store).await.map_err(store_error)
}

/// The one time the key itself crosses to the UI: the person must copy it.
#[tauri::command]
pub async fn create_api_key(
    state: State<'_, AppState>,
    request: CreateApiKeyRequest,
) -> CommandResult<CreatedApiKey> {
    let created = state.tenant().await?.api().create_api_key(&request).await;
    state.nudge_sync().await;
    online_only(
        created,
        "Creating an API key",
        "the key is made by the server and shown once.",
    )
}

#[tauri::command]
pub async fn revoke_api_key(state: State<'_, AppState>, key_id: ApiKeyId) -> CommandResult<()> {
    let store = state.store().await?;
    queued(&state, store.revoke_api_key(key_id).await).await
}
