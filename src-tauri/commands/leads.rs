//! Leads. Reads and edits go to the encrypted cache and its outbox (the sync engine
//! carries edits to the server), so they work offline; only import needs the server,
//! which applies a file in one transaction.

use brokerdesk_client::lead_export::leads_csv;
use brokerdesk_client::lead_screens::{bulk_update, lead_detail as detail, lead_rows};
use brokerdesk_client::leads_api::LeadsApi;
use brokerdesk_core::consent::{CallDecision, CallKind};
use brokerdesk_core::error::ErrorBody;
use brokerdesk_core::ids::LeadId;
use brokerdesk_core::lead::{Lead, LeadChanges};
use brokerdesk_core::lead_csv::{ImportPreview, ImportRequest, ImportResult};
use brokerdesk_core::lead_list::LeadListQuery;
use brokerdesk_core::lead_view::{
    BulkEditResult, ExportedFile, LeadDetail, LeadRowPage, TransferProgress,
};
use chrono::Utc;
use tauri::ipc::Channel;
use tauri::{AppHandle, Manager, State};

use super::CommandResult;
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

#[tauri::command]
pub async fn bulk_update_leads(
    state: State<'_, AppState>,
    lead_ids: Vec<LeadId>,
    changes: LeadChanges,
) -> CommandResult<BulkEditResult> {
    let store = state.store().await?;
    let result = bulk_update(&store, &lead_ids, &changes)
        .await
        .map_err(store_error)?;
    state.nudge_sync().await;
    Ok(result)
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

#[tauri::command]
pub async fn preview_lead_import(
    state: State<'_, AppState>,
    csv: String,
) -> CommandResult<ImportPreview> {
    let session = state.session().await?;
    let request = ImportRequest {
        csv,
        skip_invalid_rows: false,
    };
    LeadsApi::new(&session)
        .preview_import(&request)
        .await
        .map_err(|e| e.to_body())
}

/// Imports the valid rows the user saw in the preview; the new leads arrive with the
/// next pull, which the sync engine is woken for.
#[tauri::command]
pub async fn apply_lead_import(
    state: State<'_, AppState>,
    csv: String,
) -> CommandResult<ImportResult> {
    let session = state.session().await?;
    let request = ImportRequest {
        csv,
        skip_invalid_rows: true,
    };
    let result = LeadsApi::new(&session)
        .apply_import(&request)
        .await
        .map_err(|e| e.to_body())?;
    state.nudge_sync().await;
    Ok(result)
}

/// Writes the cached leads as CSV to the Downloads folder, reporting progress on
/// `on_progress` as pages of leads are read.
#[tauri::command]
pub async fn export_leads(
    app: AppHandle,
    state: State<'_, AppState>,
    on_progress: Channel<TransferProgress>,
) -> CommandResult<ExportedFile> {
    let store = state.store().await?;
    let (csv, leads) = leads_csv(&store, |progress| {
        // A closed window only means nobody watches the bar any more.
        let _ = on_progress.send(progress);
    })
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

fn store_error(error: brokerdesk_client::sync::StoreError) -> ErrorBody {
    ErrorBody::new(error.code(), error.to_string())
}

fn export_error(why: String) -> ErrorBody {
    ErrorBody::new(
        "export_failed",
        format!("The export could not be saved: {why}."),
    )
}
