//! Revoking an API key offline: it shows as being revoked at once, and the revocation is
//! queued. Creating a key needs the server, which makes the secret and shows it once.

use brokerdesk_core::ids::ApiKeyId;
use brokerdesk_core::sync::SyncEntity;

use crate::sync::error::StoreError;
use crate::sync::records::LocalStore;

impl LocalStore {
    /// Revokes an API key here (it shows as being revoked) and queues the revocation.
    pub async fn revoke_api_key(&self, id: ApiKeyId) -> Result<(), StoreError> {
        self.delete_record(
            SyncEntity::ApiKey,
            &id.to_string(),
            StoreError::Missing("API key"),
        )
        .await
    }
}
