//! What the desktop's lead screens read and write, all through the encrypted cache and
//! its outbox, so every one of them works offline: table pages with each lead's edit
//! state, the detail with its timeline, and bulk edits queued one lead at a time.

use brokerdesk_core::audit::AuditEntry;
use brokerdesk_core::ids::LeadId;
use brokerdesk_core::leads::list::{LeadListQuery, MAX_PAGE};
use brokerdesk_core::leads::view::{
    BulkEditFailure, BulkEditResult, EditState, LeadDetail, LeadRejection, LeadRow, LeadRowPage,
    PendingChange, TimelineSources, TransferProgress, timeline,
};
use brokerdesk_core::leads::{Lead, LeadChanges};
use brokerdesk_core::sync::SyncEntity;
use chrono::{DateTime, Utc};
use std::collections::HashSet;
use uuid::Uuid;

use crate::sync::error::StoreError;
use crate::sync::outbox::RejectedEdit;
use crate::sync::records::LocalStore;

/// Leads edited between two progress reports of a bulk edit.
const BULK_PROGRESS_EVERY: usize = 50;

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
        .map(|r| match r.entity {
            SyncEntity::Consent => r.changes["leadId"].as_str().unwrap_or_default().to_owned(),
            _ => r.entity_id,
        })
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

/// How many cached leads came in since `since`, by source (most first), for the
/// Overview: read from the list's index, which holds a row per cached lead.
pub async fn new_leads_by_source(
    store: &LocalStore,
    since: DateTime<Utc>,
) -> Result<Vec<(Option<String>, u32)>, StoreError> {
    let rows: Vec<(Option<String>, i64)> = sqlx::query_as(
        "select source, count(*) from lead_index where hidden = 0 and created_key >= ?
          group by source order by count(*) desc, source",
    )
    .bind(super::index::index_time(since))
    .fetch_all(store.pool())
    .await?;
    Ok(rows
        .into_iter()
        .map(|(source, n)| (source, n as u32))
        .collect())
}

/// Everything the detail view shows of one cached lead.
pub async fn lead_detail(store: &LocalStore, id: LeadId) -> Result<LeadDetail, StoreError> {
    let lead = store.lead(id).await?.ok_or(StoreError::NotFound)?;
    let key = id.to_string();
    let rejections: Vec<LeadRejection> = lead_rejections(store)
        .await?
        .into_iter()
        .filter(|r| r.entity_id == key || is_consent_for(r, &key))
        .map(|r| LeadRejection {
            fields: if r.entity == SyncEntity::Consent {
                vec!["consent".to_owned()]
            } else {
                r.changes
                    .as_object()
                    .map_or_else(Vec::new, |c| c.keys().cloned().collect())
            },
            code: r.code,
            message: r.message,
            at: r.created_at,
        })
        .collect();
    let edits = pending_edits(store, &key).await?;
    let unsynced = !unsynced_leads(store, std::slice::from_ref(&key))
        .await?
        .is_empty();
    let edit = edit_state(!rejections.is_empty(), unsynced);
    let audit = lead_audit(store, &key).await?;
    let activity = store.activity(id).await?;
    let consents = store.consents(id).await?;
    let timeline = timeline(TimelineSources {
        lead: &lead,
        activity,
        audit: &audit,
        synced: edits.synced.as_ref(),
        pending: &edits.pending,
    });
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
/// `progress` hears how many leads have been done, for the bulk bar.
pub async fn bulk_update(
    store: &LocalStore,
    ids: &[LeadId],
    changes: &LeadChanges,
    mut progress: impl FnMut(TransferProgress),
) -> Result<BulkEditResult, StoreError> {
    let mut result = BulkEditResult::default();
    let total = ids.len() as u64;
    for (done, &id) in ids.iter().enumerate() {
        match store.update_lead(id, changes.clone()).await {
            Ok(_) => result.queued += 1,
            Err(StoreError::Database(e)) => return Err(StoreError::Database(e)),
            Err(refused) => result.failed.push(BulkEditFailure {
                lead_id: id,
                code: refused.code().to_owned(),
                message: refused.to_string(),
            }),
        }
        if (done + 1) % BULK_PROGRESS_EVERY == 0 {
            progress(TransferProgress {
                done: done as u64 + 1,
                total,
            });
        }
    }
    progress(TransferProgress { done: total, total });
    Ok(result)
}

/// The ids of every cached lead that passes `query`'s filters, in its order: what "select
/// all matching" ticks for a bulk edit, beyond the pages the table has loaded.
pub async fn matching_ids(
    store: &LocalStore,
    query: &LeadListQuery,
) -> Result<Vec<LeadId>, StoreError> {
    let mut ids = Vec::new();
    each_page(store, query, |leads| ids.extend(leads.iter().map(|l| l.id))).await?;
    Ok(ids)
}

/// Reads every cached lead `query` matches, in its order, a page of the largest size at
/// a time, handing each page to `page` (for work over more leads than one page).
pub async fn each_page(
    store: &LocalStore,
    query: &LeadListQuery,
    mut page: impl FnMut(Vec<Lead>),
) -> Result<(), StoreError> {
    let mut query = LeadListQuery {
        after: None,
        limit: Some(MAX_PAGE),
        ..query.clone()
    };
    loop {
        let read = store.lead_page(&query).await?;
        page(read.leads);
        match read.next_cursor {
            Some(next) => query.after = Some(next),
            None => return Ok(()),
        }
    }
}

fn edit_state(rejected: bool, unsynced: bool) -> EditState {
    match (rejected, unsynced) {
        (true, _) => EditState::Rejected,
        (false, true) => EditState::Pending,
        (false, false) => EditState::Synced,
    }
}

/// Refused edits of leads and of their consent ledgers.
async fn lead_rejections(store: &LocalStore) -> Result<Vec<RejectedEdit>, StoreError> {
    Ok(store
        .rejected()
        .await?
        .into_iter()
        .filter(|r| matches!(r.entity, SyncEntity::Lead | SyncEntity::Consent))
        .collect())
}

fn is_consent_for(rejected: &RejectedEdit, lead: &str) -> bool {
    rejected.entity == SyncEntity::Consent && rejected.changes["leadId"] == lead
}

/// The lead as the server last had it (or as it was created here), and the local edits
/// still pending on top, oldest first: what the timeline tells from and to for each.
struct PendingEdits {
    synced: Option<Lead>,
    pending: Vec<PendingChange>,
}

async fn pending_edits(store: &LocalStore, id: &str) -> Result<PendingEdits, StoreError> {
    let corrupt = |e: serde_json::Error| StoreError::Corrupt(e.to_string());
    let record: Option<(String, Option<String>)> =
        sqlx::query_as("select data, shadow from records where entity = 'lead' and id = ?")
            .bind(id)
            .fetch_optional(store.pool())
            .await?;
    let mut synced: Option<Lead> = record
        .map(|(data, shadow)| shadow.unwrap_or(data))
        .map(|d| serde_json::from_str(&d))
        .transpose()
        .map_err(corrupt)?;
    let rows: Vec<(String, String, String, Option<String>)> = sqlx::query_as(
        "select mutation_id, op, changes, created_record from outbox
          where entity = 'lead' and entity_id = ? and status = 'pending' order by seq",
    )
    .bind(id)
    .fetch_all(store.pool())
    .await?;
    let mut pending = Vec::with_capacity(rows.len());
    for (mutation_id, op, changes, created) in rows {
        match (op.as_str(), created) {
            // Created here: the lead as created is the start, not a change.
            ("create", Some(record)) => {
                synced = Some(serde_json::from_str(&record).map_err(corrupt)?);
            }
            ("update", _) => pending.push(PendingChange {
                at: made_at(&mutation_id).unwrap_or_else(Utc::now),
                changes: serde_json::from_str(&changes).map_err(corrupt)?,
            }),
            _ => {}
        }
    }
    Ok(PendingEdits { synced, pending })
}

/// When a local edit was made: mutation ids are UUIDv7, which carry their time.
fn made_at(mutation_id: &str) -> Option<DateTime<Utc>> {
    let (secs, nanos) = mutation_id.parse::<Uuid>().ok()?.get_timestamp()?.to_unix();
    DateTime::<Utc>::from_timestamp(secs as i64, nanos)
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
