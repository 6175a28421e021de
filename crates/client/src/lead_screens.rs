//! What the desktop's lead screens read and write, all through the encrypted cache and
//! its outbox, so every one of them works offline: table pages with each lead's edit
//! state, the detail with its timeline, and bulk edits queued one lead at a time.

use brokerdesk_core::audit::AuditEntry;
use brokerdesk_core::ids::LeadId;
use brokerdesk_core::lead::LeadChanges;
use brokerdesk_core::lead_list::LeadListQuery;
use brokerdesk_core::lead_view::{
    BulkEditFailure, BulkEditResult, EditState, LeadDetail, LeadRejection, LeadRow, LeadRowPage,
    PendingChange, timeline,
};
use brokerdesk_core::sync::SyncEntity;
use chrono::{DateTime, Utc};
use std::collections::HashSet;

use crate::sync::{LocalStore, RejectedEdit, StoreError};

/// Edits the outbox can hold for one lead; far more than a person makes between syncs.
const MAX_PENDING_READ: usize = 10_000;

/// A page of the lead table, each lead with where its local edits stand.
pub async fn lead_rows(
    store: &LocalStore,
    query: &LeadListQuery,
) -> Result<LeadRowPage, StoreError> {
    let page = store.lead_page(query).await?;
    let ids: Vec<String> = page.leads.iter().map(|l| l.id.to_string()).collect();
    let unsynced = unsynced_leads(store, &ids).await?;
    let rejected: HashSet<String> = lead_rejections(store)
        .await?
        .into_iter()
        .map(|r| r.entity_id)
        .collect();
    let rows = page
        .leads
        .into_iter()
        .map(|lead| {
            let id = lead.id.to_string();
            let edit = edit_state(rejected.contains(&id), unsynced.contains(&id));
            LeadRow { lead, edit }
        })
        .collect();
    Ok(LeadRowPage {
        rows,
        next_cursor: page.next_cursor,
    })
}

/// Everything the detail view shows of one cached lead.
pub async fn lead_detail(store: &LocalStore, id: LeadId) -> Result<LeadDetail, StoreError> {
    let lead = store.lead(id).await?.ok_or(StoreError::NotFound)?;
    let key = id.to_string();
    let rejections: Vec<LeadRejection> = lead_rejections(store)
        .await?
        .into_iter()
        .filter(|r| r.entity_id == key)
        .map(|r| LeadRejection {
            fields: r
                .changes
                .as_object()
                .map_or_else(Vec::new, |c| c.keys().cloned().collect()),
            code: r.code,
            message: r.message,
            at: r.created_at,
        })
        .collect();
    let pending: Vec<PendingChange> = store
        .pending(MAX_PENDING_READ)
        .await?
        .into_iter()
        .filter(|m| m.entity == SyncEntity::Lead && m.entity_id == key)
        .map(|m| PendingChange {
            // Mutation ids are UUIDv7: their timestamp is when the edit was made.
            at: m
                .mutation_id
                .get_timestamp()
                .and_then(|t| {
                    let (secs, nanos) = t.to_unix();
                    DateTime::<Utc>::from_timestamp(secs as i64, nanos)
                })
                .unwrap_or(lead.updated_at),
            changes: m.changes,
        })
        .collect();
    let unsynced = !unsynced_leads(store, std::slice::from_ref(&key))
        .await?
        .is_empty();
    let edit = edit_state(!rejections.is_empty(), unsynced);
    let audit = lead_audit(store, &key).await?;
    let activity = store.activity(id).await?;
    let consents = store.consents(id).await?;
    let timeline = timeline(&lead, activity, &audit, &pending);
    Ok(LeadDetail {
        lead,
        edit,
        rejections,
        consents,
        timeline,
    })
}

/// The same change to many leads, each queued as its own outbox edit (so each merges,
/// and is accepted or refused, on its own). Leads that cannot take it are reported.
pub async fn bulk_update(
    store: &LocalStore,
    ids: &[LeadId],
    changes: &LeadChanges,
) -> Result<BulkEditResult, StoreError> {
    let mut result = BulkEditResult::default();
    for &id in ids {
        match store.update_lead(id, changes.clone()).await {
            Ok(_) => result.queued += 1,
            Err(StoreError::Database(e)) => return Err(StoreError::Database(e)),
            Err(refused) => result.failed.push(BulkEditFailure {
                lead_id: id,
                code: refused.code().to_owned(),
                message: refused.to_string(),
            }),
        }
    }
    Ok(result)
}

fn edit_state(rejected: bool, unsynced: bool) -> EditState {
    match (rejected, unsynced) {
        (true, _) => EditState::Rejected,
        (false, true) => EditState::Pending,
        (false, false) => EditState::Synced,
    }
}

async fn lead_rejections(store: &LocalStore) -> Result<Vec<RejectedEdit>, StoreError> {
    Ok(store
        .rejected()
        .await?
        .into_iter()
        .filter(|r| r.entity == SyncEntity::Lead)
        .collect())
}

/// Which of `ids` carry local edits the server has not taken yet.
async fn unsynced_leads(store: &LocalStore, ids: &[String]) -> Result<HashSet<String>, StoreError> {
    if ids.is_empty() {
        return Ok(HashSet::new());
    }
    let ids_json = serde_json::to_string(ids).expect("ids serialise");
    let rows: Vec<String> = sqlx::query_scalar(
        "select id from records
          where entity = 'lead' and state <> 0 and id in (select value from json_each(?))",
    )
    .bind(ids_json)
    .fetch_all(store.pool())
    .await?;
    Ok(rows.into_iter().collect())
}

/// The cached audit entries about this lead (none for roles that do not sync the trail).
async fn lead_audit(store: &LocalStore, id: &str) -> Result<Vec<AuditEntry>, StoreError> {
    let rows: Vec<String> = sqlx::query_scalar(
        "select data from records
          where entity = 'audit_entry' and json_extract(data, '$.target') = ?",
    )
    .bind(id)
    .fetch_all(store.pool())
    .await?;
    rows.iter()
        .map(|d| serde_json::from_str(d).map_err(|e| StoreError::Corrupt(e.to_string())))
        .collect()
}
