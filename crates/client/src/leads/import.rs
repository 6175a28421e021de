//! A lead CSV import on the desktop, offline. The rows are checked by core's rules, the
//! ones the server's import applies, with assigned agents resolved against the cached
//! members; then the valid rows are queued as lead creates through the outbox, all in
//! one cache transaction, so an import is whole or absent on this computer whatever
//! moment the process dies at. The sync engine sends them in batches like any edits, and
//! the server checks each create again (permissions, the plan's lead limit).
//!
//! The server's import does not merge rows into existing leads (that is the integrations'
//! ingest), so nothing in it needs the server's view of the data.

use brokerdesk_core::identity::UserSummary;
use brokerdesk_core::ids::LeadId;
use brokerdesk_core::leads::csv::{
    CheckedRow, ImportPreview, ImportResult, check_rows, invalid_lines, preview, read_import,
};
use brokerdesk_core::leads::view::TransferProgress;
use brokerdesk_core::leads::{Lead, LeadInvalid};
use brokerdesk_core::plan::QuotaResource;
use brokerdesk_core::sync::SyncEntity;
use chrono::Utc;

use crate::sync::edits::{NewRecord, as_map, create_records};
use crate::sync::error::StoreError;
use crate::sync::records::LocalStore;

/// Rows queued between two progress reports, and per batch of statements.
const PROGRESS_EVERY: usize = 200;

/// Reads the file and checks every row against the cached members. Nothing is written.
async fn checked(store: &LocalStore, csv: &str) -> Result<Vec<CheckedRow>, StoreError> {
    let rows = read_import(csv).map_err(|e| {
        StoreError::Invalid(LeadInvalid {
            code: e.code,
            message: e.message,
        })
    })?;
    let members: Vec<UserSummary> = store.records(SyncEntity::User).await?;
    Ok(check_rows(rows, members))
}

/// What the file would import, row by row, and what is wrong with each bad row.
pub async fn preview_import(store: &LocalStore, csv: &str) -> Result<ImportPreview, StoreError> {
    Ok(preview(&checked(store, csv).await?))
}

/// Queues the file's valid rows as new leads (the invalid ones, which the user saw in the
/// preview, are left out and listed), reporting rows queued out of the valid rows.
/// Refused whole when the plan's lead limit, as last synced, has no room for them.
pub async fn apply_import(
    store: &LocalStore,
    csv: &str,
    mut progress: impl FnMut(TransferProgress),
) -> Result<ImportResult, StoreError> {
    let rows = checked(store, csv).await?;
    let skipped_lines = invalid_lines(&rows);
    let valid: Vec<CheckedRow> = rows.into_iter().filter(CheckedRow::is_valid).collect();
    check_room(store, valid.len() as u64).await?;
    let total = valid.len() as u64;
    progress(TransferProgress { done: 0, total });
    let now = Utc::now();
    let mut lead_ids = Vec::with_capacity(valid.len());
    let mut tx = crate::cache::begin_write(store.pool()).await?;
    let mut rows = valid.into_iter();
    loop {
        let mut created = Vec::with_capacity(PROGRESS_EVERY);
        for row in rows.by_ref().take(PROGRESS_EVERY) {
            let changes = row.into_changes();
            let lead = Lead::create(LeadId::new(), &changes, now)?;
            created.push(NewRecord::of(lead.id.to_string(), &lead, as_map(&changes)));
            lead_ids.push(lead.id);
        }
        if created.is_empty() {
            break;
        }
        create_records(&mut tx, SyncEntity::Lead, created).await?;
        progress(TransferProgress {
            done: lead_ids.len() as u64,
            total,
        });
    }
    tx.commit().await?;
    progress(TransferProgress { done: total, total });
    Ok(ImportResult {
        lead_ids,
        skipped_lines,
    })
}

/// Refuses an import the plan's lead limit has no room for, as the server would, so the
/// user hears it now rather than as one refused edit per row after the next sync.
async fn check_room(store: &LocalStore, adding: u64) -> Result<(), StoreError> {
    let Some(usage) = store.tenant().await?.and_then(|t| t.plan_usage) else {
        return Ok(());
    };
    // The cache also counts leads created here and not yet sent.
    let current = usage.usage.leads.max(store.count(SyncEntity::Lead).await?);
    usage
        .plan
        .check_quota(QuotaResource::Leads, current, adding)
        .map_err(|exceeded| {
            StoreError::Invalid(LeadInvalid {
                code: "quota_exceeded",
                message: exceeded.to_string(),
            })
        })
}
