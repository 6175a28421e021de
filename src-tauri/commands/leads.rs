//! Leads. Reads and edits go to the encrypted cache and its outbox (the sync engine
//! carries edits to the server), so everything here works offline: editing, bulk edits,
//! consent and the do-not-call list, erasure, import and export.

use brokerdesk_client::leads::export::leads_csv;
use brokerdesk_client::leads::import;
use brokerdesk_client::leads::screens::{
    bulk_update, lead_detail as detail, lead_rows, matching_ids,
};
use brokerdesk_core::error::ErrorBody;
use brokerdesk_core::ids::LeadId;
use brokerdesk_core::leads::consent::{
    CallDecision, CallKind, ConsentEntry, DncEntry, NewConsent, NewDncEntry,
};
use brokerdesk_core::leads::csv::{ImportPreview, ImportResult};
use brokerdesk_core::leads::list::LeadListQuery;
use brokerdesk_core::leads::view::{
    BulkEditResult, ExportedFile, LeadDetail, LeadRowPage, TransferProgress,
};
use brokerdesk_core::leads::{Lead, LeadChanges};
use chrono::Utc;
use tauri::ipc::Channel;
use tauri::{AppHandle, Manager, State};
use uuid::Uuid;

use super::CommandResult;
use super::edits::store_error;
use crate::state::AppState;

#[tauri::command]
pub async fn list_leads(
    state: State<'_, AppState>,
    query: LeadListQuery,
) -> CommandResult<LeadRowPage> {
    let store = state.store().await?;
    lead_rows(&store, &query).await.map_err(store_error)
}

#[tauri::command]
pub async fn lead_detail(state: State<'_, AppState>, lead_id: LeadId) -> CommandResult<LeadDetail> {
    let store = state.store().await?;
    detail(&store, lead_id).await.map_err(store_error)
}

#[tauri::command]
pub async fn create_lead(state: State<'_, AppState>, changes: LeadChanges) -> CommandResult<Lead> {
    let store = state.store().await?;
    let lead = store.create_lead(changes).await.map_err(store_error)?;
    state.nudge_sync().await;
    Ok(lead)
}

#[tauri::command]
pub async fn update_lead(
    state: State<'_, AppState>,
    lead_id: LeadId,
    changes: LeadChanges,
) -> CommandResult<Lead> {
    let store = state.store().await?;
    let lead = store
        .update_lead(lead_id, changes)
        .await
        .map_err(store_error)?;
    state.nudge_sync().await;
    Ok(lead)
}

/// Queues the change for every lead, reporting leads done on `on_progress`.
#[tauri::command]
pub async fn bulk_update_leads(
    state: State<'_, AppState>,
    lead_ids: Vec<LeadId>,
    changes: LeadChanges,
    on_progress: Channel<TransferProgress>,
) -> CommandResult<BulkEditResult> {
    let store = state.store().await?;
    let result = bulk_update(&store, &lead_ids, &changes, report_to(&on_progress))
        .await
        .map_err(store_error)?;
    state.nudge_sync().await;
    Ok(result)
}

/// The ids of every cached lead the filters match, for "select all matching".
#[tauri::command]
pub async fn matching_lead_ids(
    state: State<'_, AppState>,
    query: LeadListQuery,
) -> CommandResult<Vec<LeadId>> {
    let store = state.store().await?;
    matching_ids(&store, &query).await.map_err(store_error)
}

/// Erases a lead for a privacy request: hidden here at once, erased on the server (and
/// so on every device, by its tombstone) with the next sync.
#[tauri::command]
pub async fn erase_lead(state: State<'_, AppState>, lead_id: LeadId) -> CommandResult<()> {
    let store = state.store().await?;
    store.delete_lead(lead_id).await.map_err(store_error)?;
    state.nudge_sync().await;
    Ok(())
}

/// Adds a grant or a revocation to a lead's consent ledger.
#[tauri::command]
pub async fn record_consent(
    state: State<'_, AppState>,
    lead_id: LeadId,
    consent: NewConsent,
) -> CommandResult<ConsentEntry> {
    let store = state.store().await?;
    let member = member_label(&state).await?;
    let entry = store
        .record_consent(lead_id, consent, &member)
        .await
        .map_err(store_error)?;
    state.nudge_sync().await;
    Ok(entry)
}

#[tauri::command]
pub async fn dnc_list(state: State<'_, AppState>) -> CommandResult<Vec<DncEntry>> {
    let store = state.store().await?;
    store.dnc_list().await.map_err(store_error)
}

#[tauri::command]
pub async fn add_dnc(state: State<'_, AppState>, entry: NewDncEntry) -> CommandResult<DncEntry> {
    let store = state.store().await?;
    let member = member_label(&state).await?;
    let added = store.add_dnc(entry, &member).await.map_err(store_error)?;
    state.nudge_sync().await;
    Ok(added)
}

#[tauri::command]
pub async fn remove_dnc(state: State<'_, AppState>, entry_id: Uuid) -> CommandResult<()> {
    let store = state.store().await?;
    store.remove_dnc(entry_id).await.map_err(store_error)?;
    state.nudge_sync().await;
    Ok(())
}

/// Core's "may we call this lead on this number now?", over the cached consent ledger,
/// do-not-call list and settings.
#[tauri::command]
pub async fn call_check(
    state: State<'_, AppState>,
    lead_id: LeadId,
    phone: String,
    kind: CallKind,
) -> CommandResult<CallDecision> {
    let store = state.store().await?;
    store
        .call_check(lead_id, &phone, kind, Utc::now())
        .await
        .map_err(store_error)
}

/// Checks an import file row by row against the cached members, offline.
#[tauri::command]
pub async fn preview_lead_import(
    state: State<'_, AppState>,
    csv: String,
) -> CommandResult<ImportPreview> {
    let store = state.store().await?;
    import::preview_import(&store, &csv)
        .await
        .map_err(store_error)
}

/// Queues the file's valid rows as new leads (the ones the user saw in the preview),
/// reporting rows queued on `on_progress`; the sync engine sends them.
#[tauri::command]
pub async fn apply_lead_import(
    state: State<'_, AppState>,
    csv: String,
    on_progress: Channel<TransferProgress>,
) -> CommandResult<ImportResult> {
    let store = state.store().await?;
    let result = import::apply_import(&store, &csv, report_to(&on_progress))
        .await
        .map_err(store_error)?;
    state.nudge_sync().await;
    Ok(result)
}

/// Writes the cached leads the table's filters match as CSV to the Downloads folder,
/// reporting progress on `on_progress` as pages of leads are read.
#[tauri::command]
pub async fn export_leads(
    app: AppHandle,
    state: State<'_, AppState>,
    query: LeadListQuery,
    on_progress: Channel<TransferProgress>,
) -> CommandResult<ExportedFile> {
    let store = state.store().await?;
    let (csv, leads) = leads_csv(&store, &query, report_to(&on_progress))
        .await
        .map_err(store_error)?;
    let folder = app
        .path()
        .download_dir()
        .or_else(|_| app.path().document_dir())
        .map_err(|e| export_error(e.to_string()))?;
    let path = folder.join(format!(
        "leads-{}.csv",
        Utc::now().format("%Y-%m-%d-%H%M%S")
    ));
    tokio::fs::write(&path, csv)
        .await
        .map_err(|e| export_error(e.to_string()))?;
    Ok(ExportedFile {
        path: path.display().to_string(),
        leads: leads as u64,
    })
}

/// Sends progress to the UI. A closed window only means nobody watches the bar any more.
fn report_to(channel: &Channel<TransferProgress>) -> impl FnMut(TransferProgress) + '_ {
    move |progress| {
        let _ = channel.send(progress);
    }
}

/// How records the member writes name them, as the server will (`user:<id>`).
async fn member_label(state: &AppState) -> CommandResult<String> {
    let session = state.session().await?;
    Ok(format!("user:{}", session.account().user_id))
}

fn export_error(why: String) -> ErrorBody {
    ErrorBody::new(
        "export_failed",
        format!("The export could not be saved: {why}."),
    )
}
