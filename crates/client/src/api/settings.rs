//! Tenant settings, write-only provider keys and the integrations' API keys.

use brokerdesk_core::api_key::{ApiKeySummary, CreateApiKeyRequest, CreatedApiKey};
use brokerdesk_core::ids::ApiKeyId;
use brokerdesk_core::settings::{
    Provider, ProviderKeySummary, SetProviderKeyRequest, TenantSettings,
};
use reqwest::Method;

use super::{ApiError, Authorised};

impl Authorised<'_> {
    pub async fn settings(&self) -> Result<TenantSettings, ApiError> {
        self.get("v1/settings").await
    }

    pub async fn save_settings(
        &self,
        settings: &TenantSettings,
    ) -> Result<TenantSettings, ApiError> {
        self.call(Method::PUT, "v1/settings", settings).await
    }

    /// Which keys are stored, by their last four characters only.
    pub async fn provider_keys(&self) -> Result<Vec<ProviderKeySummary>, ApiError> {
        self.get("v1/provider-keys").await
    }

    pub async fn set_provider_key(
        &self,
        provider: Provider,
        key: &SetProviderKeyRequest,
    ) -> Result<ProviderKeySummary, ApiError> {
        let path = format!("v1/provider-keys/{}", provider.as_str());
        self.call(Method::PUT, &path, key).await
    }

    pub async fn remove_provider_key(&self, provider: Provider) -> Result<(), ApiError> {
        let path = format!("v1/provider-keys/{}", provider.as_str());
        self.call_for_no_content(Method::DELETE, &path).await
    }

    pub async fn api_keys(&self) -> Result<Vec<ApiKeySummary>, ApiError> {
        self.get("v1/api-keys").await
    }

    /// The answer holds the key itself, this once.
    pub async fn create_api_key(
        &self,
        request: &CreateApiKeyRequest,
    ) -> Result<CreatedApiKey, ApiError> {
        self.call(Method::POST, "v1/api-keys", request).await
    }

    pub async fn revoke_api_key(&self, key: ApiKeyId) -> Result<ApiKeySummary, ApiError> {
        self.post(&format!("v1/api-keys/{key}/revoke")).await
    }
}
