//! The trail as sentences, in today's names from the cache, so it reads offline too.
//! Core tells the sentences; this module only looks the names up.

use brokerdesk_core::audit::AuditEntry;
use brokerdesk_core::audit::sentence::{Named, Names, TrailLine, tell, wanted};
use brokerdesk_core::sync::SyncEntity;
use std::collections::{BTreeMap, HashMap};

use crate::sync::error::StoreError;
use crate::sync::records::LocalStore;

/// `entries` with their sentences. Looks up only the ids the sentences name, one
/// statement per kind of record.
pub async fn tell_trail(
    store: &LocalStore,
    entries: Vec<AuditEntry>,
) -> Result<Vec<TrailLine>, StoreError> {
    let mut ids: BTreeMap<Named, Vec<String>> = BTreeMap::new();
    for (of, id) in wanted(&entries) {
        ids.entry(of).or_default().push(id);
    }
    let mut names = CachedNames::default();
    for (of, ids) in ids {
        let (entity, path) = source(of);
        let rows: Vec<(String, Option<String>)> = sqlx::query_as(
            "select id, json_extract(data, ?) from records
              where entity = ? and id in (select value from json_each(?))",
        )
        .bind(path)
        .bind(entity.as_str())
        .bind(serde_json::Value::from(ids).to_string())
        .fetch_all(store.pool())
        .await?;
        for (id, name) in rows {
            if let Some(name) = name.filter(|n| !n.trim().is_empty()) {
                names.0.insert((of, id), name);
            }
        }
    }
    Ok(tell(entries, &names))
}

/// Where the cache keeps a kind of record, and the field that names it.
fn source(of: Named) -> (SyncEntity, &'static str) {
    match of {
        Named::Member => (SyncEntity::User, "$.displayName"),
        Named::Lead => (SyncEntity::Lead, "$.name"),
        Named::ApiKey => (SyncEntity::ApiKey, "$.name"),
        Named::Invitation => (SyncEntity::Invitation, "$.email"),
        Named::RosterAgent => (SyncEntity::RosterAgent, "$.name"),
        Named::Transaction => (SyncEntity::Transaction, "$.name"),
        Named::CommissionPlan => (SyncEntity::CommissionPlan, "$.name"),
        Named::KbItem => (SyncEntity::KbItem, "$.draft.title"),
        Named::DncEntry => (SyncEntity::DncEntry, "$.phone"),
    }
}

#[derive(Default)]
struct CachedNames(HashMap<(Named, String), String>);

impl Names for CachedNames {
    fn name(&self, of: Named, id: &str) -> Option<String> {
        self.0.get(&(of, id.to_owned())).cloned()
    }
}
