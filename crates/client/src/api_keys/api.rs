//! The integrations' API keys on the hosted API.

use brokerdesk_core::api_key::{ApiKeySummary, CreateApiKeyRequest, CreatedApiKey};
use brokerdesk_core::ids::ApiKeyId;
use reqwest::Method;

use crate::api::{ApiError, Authorised};

impl Authorised<'_> {
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
