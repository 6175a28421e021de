//! The data of the rows a pull page keeps, read once the page's keys are chosen: one
//! statement per entity on the page, by the entity's source.

use brokerdesk_core::sync::SyncEntity;
use serde_json::value::RawValue;
use std::collections::HashMap;

use super::source::{RowId, RowKey, SyncSources};
use crate::auth::Authenticated;
use crate::error::ApiError;

/// The records of a page, by entity and row.
pub(super) struct PageData(HashMap<(SyncEntity, RowId), Box<RawValue>>);

impl PageData {
    /// The record of `key`, which the caller may read; none for a tombstone, a row the
    /// caller may no longer see, or one gone since its key was read.
    pub(super) fn take(&mut self, key: &RowKey) -> Option<Box<RawValue>> {
        if !key.visible {
            return None;
        }
        self.0.remove(&(key.entity, key.row))
    }
}

/// Reads the records of the visible `keys`.
pub(super) async fn load(
    auth: &mut Authenticated,
    sources: &SyncSources,
    keys: &[RowKey],
) -> Result<PageData, ApiError> {
    let mut wanted: HashMap<SyncEntity, Vec<RowId>> = HashMap::new();
    for key in keys.iter().filter(|k| k.visible) {
        wanted.entry(key.entity).or_default().push(key.row);
    }
    let mut data = HashMap::with_capacity(keys.len());
    for (entity, rows) in wanted {
        // Only tombstones name an entity no source serves, and they carry no data.
        let Some(source) = sources.get(entity) else {
            continue;
        };
        for (row, record) in source.load(auth, &rows).await? {
            data.insert((entity, row), record);
        }
    }
    Ok(PageData(data))
}
