//! Tenant settings, provider keys (write-only) and API keys.

use brokerdesk_core::api_key::{ApiKeySummary, CreateApiKeyRequest, CreatedApiKey};
use brokerdesk_core::ids::ApiKeyId;
use brokerdesk_core::settings::{
    Provider, ProviderKeySummary, SetProviderKeyRequest, TenantSettings,
};
use brokerdesk_core::sync::SyncEntity;
use tauri::State;

use super::CommandResult;
use crate::state::AppState;
use crate::tenant::{records, the_record};

#[tauri::command]
pub async fn tenant_settings(state: State<'_, AppState>) -> CommandResult<TenantSettings> {
    state
        .read(
            async |tenant| tenant.api().settings().await,
            async |store| the_record(store, SyncEntity::Settings).await,
        )
        .await
}

#[tauri::command]
pub async fn save_settings(
    state: State<'_, AppState>,
    settings: TenantSettings,
) -> CommandResult<TenantSettings> {
    Ok(state.tenant().await?.api().save_settings(&settings).await?)
}

#[tauri::command]
pub async fn provider_keys(state: State<'_, AppState>) -> CommandResult<Vec<ProviderKeySummary>> {
    Ok(state.tenant().await?.api().provider_keys().await?)
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
    Ok(tenant.api().set_provider_key(provider, &request).await?)
}

#[tauri::command]
pub async fn remove_provider_key(
    state: State<'_, AppState>,
    provider: Provider,
) -> CommandResult<()> {
    Ok(state
        .tenant()
        .await?
        .api()
        .remove_provider_key(provider)
        .await?)
}

#[tauri::command]
pub async fn api_keys(state: State<'_, AppState>) -> CommandResult<Vec<ApiKeySummary>> {
    state
        .read(
            async |tenant| tenant.api().api_keys().await,
            async |store| records(store, SyncEntity::ApiKey).await,
        )
        .await
}

/// The one time the key itself crosses to the UI: the person must copy it.
#[tauri::command]
pub async fn create_api_key(
    state: State<'_, AppState>,
    request: CreateApiKeyRequest,
) -> CommandResult<CreatedApiKey> {
    Ok(state.tenant().await?.api().create_api_key(&request).await?)
}

#[tauri::command]
pub async fn revoke_api_key(
    state: State<'_, AppState>,
    key_id: ApiKeyId,
) -> CommandResult<ApiKeySummary> {
    Ok(state.tenant().await?.api().revoke_api_key(key_id).await?)
}
