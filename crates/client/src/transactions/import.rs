//! A Dotloop CSV export imported on the desktop, offline. The file is read and planned
//! by core (`parse_export`, `plan_import`) against the deals in the cache, exactly as
//! the server plans it against its own, so the preview shows row by row what will be
//! created, updated or left alone. Applying queues the plan's writes through the outbox
//! in one cache transaction (whole or absent whatever moment the process dies at): a
//! new loop as a create whose id is `TransactionId::for_loop_view`, so the same loop
//! imported on two devices names one deal; a changed loop as an update of the fields
//! that changed. Importing the same file again plans nothing, so queues nothing. More
//! new loops than the plan has room for refuse the import whole, saying how many.

use brokerdesk_core::admin_edit::EditInvalid;
use brokerdesk_core::ids::{TenantId, TransactionId};
use brokerdesk_core::leads::view::TransferProgress;
use brokerdesk_core::sync::SyncEntity;
use brokerdesk_core::sync::push::MutationOp;
use brokerdesk_core::transactions::csv_import::parse_export;
use brokerdesk_core::transactions::preview::{
    ImportPlan, ImportPreview, PlannedWrite, RowAction, by_loop_view, plan_import,
};
use brokerdesk_core::transactions::{
    Transaction, TransactionChanges, TransactionField, TransactionFields,
};
use chrono::Utc;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use sqlx::{Sqlite, Transaction as SqlTransaction};
use std::collections::HashMap;
use ts_rs::TS;

use super::edits::{shown_after, wire_values};
use super::quota::check_room;
use crate::cache::begin_write;
use crate::sync::edits::{LocalEdit, NewRecord, create_records, queue_edit_in};
use crate::sync::error::{StoreError, corrupt};
use crate::sync::records::LocalStore;

/// Writes queued between two progress reports, and new deals per batch of statements.
const PROGRESS_EVERY: usize = 200;

/// A change the preview showed that this computer does not send: a field only the
/// Dotloop connection writes (loop id, loop URL…), or a value core's rules refuse for
/// an edit (a dollar amount in a rate field, which loop health reports instead).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct HeldBackChange {
    pub loop_view_id: String,
    pub field: TransactionField,
    pub reason: String,
}

/// What an applied import queued.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DotloopImportResult {
    pub created: u32,
    pub updated: u32,
    /// The deals created or updated, in file order.
    pub transaction_ids: Vec<TransactionId>,
    pub held_back: Vec<HeldBackChange>,
}

/// The plan of `file` over the cached deals, and those deals by loop view id.
async fn plan(
    store: &LocalStore,
    file: Vec<u8>,
) -> Result<(ImportPlan, HashMap<String, Transaction>), StoreError> {
    let cached: Vec<Transaction> = store.records(SyncEntity::Transaction).await?;
    // Reading and planning a large export takes a while: off the async workers.
    tokio::task::spawn_blocking(move || -> Result<_, StoreError> {
        let export = parse_export(&file).map_err(|refused| {
            StoreError::InvalidEdit(EditInvalid {
                code: refused.code,
                message: refused.message,
            })
        })?;
        let index = by_loop_view(&cached);
        let plan = plan_import(&export, |id| index.get(id).copied());
        drop(index);
        let by_loop: HashMap<String, Transaction> = cached
            .into_iter()
            .filter_map(|t| Some((t.fields.loop_view_id.clone()?, t)))
            .collect();
        Ok((plan, by_loop))
    })
    .await
    .map_err(|e| corrupt(format!("the import stopped: {e}")))?
}

/// What importing `file` would do, row by row. Nothing is written.
pub async fn preview_dotloop_import(
    store: &LocalStore,
    file: Vec<u8>,
) -> Result<ImportPreview, StoreError> {
    Ok(plan(store, file).await?.0.preview)
}

/// Queues what the preview of `file` showed, reporting writes queued out of the
/// plan's writes. `tenant` makes the ids of new loops.
pub async fn apply_dotloop_import(
    store: &LocalStore,
    tenant: TenantId,
    file: Vec<u8>,
    mut progress: impl FnMut(TransferProgress),
) -> Result<DotloopImportResult, StoreError> {
    let (plan, cached) = plan(store, file).await?;
    let creating = plan
        .writes
        .iter()
        .filter(|w| w.action != RowAction::Update)
        .count();
    check_room(store, creating as u64, "deals of the file").await?;
    let total = plan.writes.len() as u64;
    progress(TransferProgress { done: 0, total });
    let mut result = DotloopImportResult {
        created: 0,
        updated: 0,
        transaction_ids: Vec::with_capacity(plan.writes.len()),
        held_back: Vec::new(),
    };
    let now = Utc::now();
    let mut tx = begin_write(store.pool()).await?;
    // New loops are written a batch at a time; an update queues the batch before it, so
    // the outbox keeps the file's order.
    let mut creating: Vec<NewRecord> = Vec::with_capacity(PROGRESS_EVERY);
    for write in plan.writes {
        let id = match write.action {
            RowAction::Update => {
                create_deals(&mut tx, &mut creating).await?;
                let existing = cached
                    .get(&write.loop_view_id)
                    .ok_or_else(|| corrupt("an updated loop vanished from the cache"))?;
                if queue_update(&mut tx, existing, &write, &mut result.held_back).await? {
                    result.updated += 1;
                }
                existing.id
            }
            _ => {
                let id = TransactionId::for_loop_view(tenant, &write.loop_view_id);
                let sent = wire_values(&write.fields, TransactionField::ALL);
                let record = Transaction {
                    id,
                    fields: write.fields,
                    created_at: now,
                    updated_at: now,
                    version: 0,
                };
                creating.push(NewRecord::of(id.to_string(), &record, sent));
                result.created += 1;
                id
            }
        };
        result.transaction_ids.push(id);
        if result.transaction_ids.len().is_multiple_of(PROGRESS_EVERY) {
            create_deals(&mut tx, &mut creating).await?;
            progress(TransferProgress {
                done: result.transaction_ids.len() as u64,
                total,
            });
        }
    }
    create_deals(&mut tx, &mut creating).await?;
    tx.commit().await?;
    progress(TransferProgress { done: total, total });
    Ok(result)
}

/// Shows and queues the new deals gathered so far, and empties the list.
async fn create_deals(
    tx: &mut SqlTransaction<'_, Sqlite>,
    creating: &mut Vec<NewRecord>,
) -> Result<(), StoreError> {
    if creating.is_empty() {
        return Ok(());
    }
    create_records(tx, SyncEntity::Transaction, std::mem::take(creating)).await
}

/// Queues an update of the fields `write` changes that an edit may carry, noting the
/// others in `held_back`. False when no field was left to send.
async fn queue_update(
    tx: &mut SqlTransaction<'_, Sqlite>,
    existing: &Transaction,
    write: &PlannedWrite,
    held_back: &mut Vec<HeldBackChange>,
) -> Result<bool, StoreError> {
    let changed = existing.fields.differing_fields(&write.fields);
    let mut sent_fields = Vec::new();
    for (field, reason) in editable(&write.fields, &changed) {
        match reason {
            None => sent_fields.push(field),
            Some(reason) => held_back.push(HeldBackChange {
                loop_view_id: write.loop_view_id.clone(),
                field,
                reason,
            }),
        }
    }
    if sent_fields.is_empty() {
        return Ok(false);
    }
    let edit = LocalEdit::of(
        SyncEntity::Transaction,
        existing.id.to_string(),
        MutationOp::Update,
        wire_values(&write.fields, &sent_fields),
    );
    queue_edit_in(tx, edit, StoreError::Missing("transaction"), |data| {
        shown_after(data, &write.fields, &sent_fields)
    })
    .await?;
    Ok(true)
}

/// Each of `fields` with why an edit cannot carry its value in `deal` (none when it can).
fn editable(
    deal: &TransactionFields,
    fields: &[TransactionField],
) -> Vec<(TransactionField, Option<String>)> {
    fields
        .iter()
        .map(|&field| {
            let single = Value::Object(wire_values(deal, &[field]));
            let reason = match serde_json::from_value::<TransactionChanges>(single) {
                Err(_) => Some("Only the Dotloop connection updates this field.".to_owned()),
                Ok(change) => change
                    .apply_to(&mut TransactionFields::default())
                    .err()
                    .map(|refused| refused.message),
            };
            (field, reason)
        })
        .collect()
}
