//! What the desktop's screens read of synced records, all from the encrypted cache so
//! they work offline: each record with where this device's edits of it stand (pending
//! fields, a revocation on its way, a refusal), and the refused edits with their reasons.
//! The domains' screens (members, settings, API keys, roster) are built on [`edited`].

use brokerdesk_core::admin_view::Edited;
use brokerdesk_core::leads::view::EditState;
use brokerdesk_core::sync::SyncEntity;
use serde::de::DeserializeOwned;
use std::collections::{BTreeSet, HashMap, HashSet};

use super::error::{StoreError, corrupt};
use super::outbox::RejectedEdit;
use super::records::LocalStore;

/// The outbox holds far fewer edits than this between two syncs.
const MAX_PENDING_READ: usize = 10_000;

/// The refused edits of these entities, oldest first, for the screen to show with
/// their reasons until the user dismisses them.
pub async fn rejected_edits(
    store: &LocalStore,
    entities: &[SyncEntity],
) -> Result<Vec<RejectedEdit>, StoreError> {
    Ok(store
        .rejected()
        .await?
        .into_iter()
        .filter(|r| entities.contains(&r.entity))
        .collect())
}

/// Every cached record of `entity`, pending revocations included (they show as such),
/// each with where its local edits stand.
pub async fn edited<T: DeserializeOwned>(
    store: &LocalStore,
    entity: SyncEntity,
) -> Result<Vec<Edited<T>>, StoreError> {
    let rows: Vec<(String, String, i64, bool)> =
        sqlx::query_as("select id, data, state, deleted from records where entity = ?")
            .bind(entity.as_str())
            .fetch_all(store.pool())
            .await?;
    let mut pending_fields: HashMap<String, BTreeSet<String>> = HashMap::new();
    for mutation in store.pending(MAX_PENDING_READ).await? {
        if mutation.entity == entity {
            pending_fields
                .entry(mutation.entity_id)
                .or_default()
                .extend(mutation.changes.into_iter().map(|(field, _)| field));
        }
    }
    let refused: HashSet<String> = rejected_edits(store, &[entity])
        .await?
        .into_iter()
        .map(|r| r.entity_id)
        .collect();
    rows.into_iter()
        .map(|(id, data, state, deleted)| {
            let record: T = serde_json::from_str(&data).map_err(corrupt)?;
            let edit = if refused.contains(&id) {
                EditState::Rejected
            } else if state != 0 {
                EditState::Pending
            } else {
                EditState::Synced
            };
            Ok(Edited {
                record,
                edit,
                pending_fields: pending_fields
                    .remove(&id)
                    .map_or_else(Vec::new, |f| f.into_iter().collect()),
                revoking: deleted,
            })
        })
        .collect()
}
