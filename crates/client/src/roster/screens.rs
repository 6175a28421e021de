//! What the roster screen reads, from the cache: each agent with where this device's
//! edits of it stand.

use brokerdesk_core::admin_view::Edited;
use brokerdesk_core::roster::RosterAgent;
use brokerdesk_core::sync::SyncEntity;

use crate::sync::edited::edited;
use crate::sync::error::StoreError;
use crate::sync::records::LocalStore;

/// The roster, by name.
pub async fn roster(store: &LocalStore) -> Result<Vec<Edited<RosterAgent>>, StoreError> {
    let mut rows = edited::<RosterAgent>(store, SyncEntity::RosterAgent).await?;
    rows.sort_by_cached_key(|r| (r.record.name.to_lowercase(), r.record.id.to_string()));
    Ok(rows)
}
