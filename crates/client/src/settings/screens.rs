//! What the settings card reads, from the cache.

use brokerdesk_core::admin_view::Edited;
use brokerdesk_core::settings::TenantSettings;
use brokerdesk_core::sync::SyncEntity;

use crate::sync::edited::edited;
use crate::sync::error::StoreError;
use crate::sync::records::LocalStore;

/// The tenant's settings: the cached document, or the defaults a tenant that never saved
/// any has.
pub async fn settings(store: &LocalStore) -> Result<Edited<TenantSettings>, StoreError> {
    match edited::<TenantSettings>(store, SyncEntity::Settings)
        .await?
        .pop()
    {
        Some(row) => Ok(row),
        None => Ok(Edited::synced(store.settings().await?)),
    }
}
