//! Tenant settings and write-only provider keys.

use brokerdesk_core::settings::{
    Provider, ProviderKeySummary, SetProviderKeyRequest, TenantSettings,
};
use reqwest::Method;

use crate::api::{ApiError, Authorised};

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
}
