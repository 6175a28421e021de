//! What the API keys card reads, from the cache.

use brokerdesk_core::admin_view::Edited;
use brokerdesk_core::api_key::ApiKeySummary;
use brokerdesk_core::sync::SyncEntity;

use crate::sync::edited::edited;
use crate::sync::error::StoreError;
use crate::sync::records::LocalStore;

/// The API keys (their records, never a secret), newest first.
pub async fn api_keys(store: &LocalStore) -> Result<Vec<Edited<ApiKeySummary>>, StoreError> {
    let mut rows = edited::<ApiKeySummary>(store, SyncEntity::ApiKey).await?;
    rows.sort_by_key(|r| std::cmp::Reverse(r.record.created_at));
    Ok(rows)
}
