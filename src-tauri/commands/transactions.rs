//! Transactions: the list, the detail, deals entered by hand and edits go to the
//! encrypted cache and its outbox, and a Dotloop CSV export is previewed and queued there
//! too, so all of it works offline; the sync engine carries the edits and the import to
//! the server.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use brokerdesk_client::transactions::import::{
    DotloopImportResult, apply_dotloop_import as apply, preview_dotloop_import as preview,
};
use brokerdesk_client::transactions::links::dotloop_url;
use brokerdesk_client::transactions::query::{TransactionListQuery, TransactionRowPage};
use brokerdesk_client::transactions::screens::{self, TransactionDetail};
use brokerdesk_core::error::ErrorBody;
use brokerdesk_core::ids::TransactionId;
use brokerdesk_core::leads::view::TransferProgress;
use brokerdesk_core::transactions::preview::ImportPreview;
use brokerdesk_core::transactions::{NewTransaction, Transaction, TransactionChanges};
use chrono::Utc;
use tauri::State;
use tauri::ipc::Channel;

use super::CommandResult;
use super::edits::{queued, store_error};
use crate::state::AppState;

/// A window of the cached deals the filters let through, in the query's order.
#[tauri::command]
pub async fn transaction_rows(
    state: State<'_, AppState>,
    query: TransactionListQuery,
) -> CommandResult<TransactionRowPage> {
    let store = state.store().await?;
    screens::transaction_rows(&store, &query, Utc::now().date_naive())
        .await
        .map_err(store_error)
}

#[tauri::command]
pub async fn transaction_detail(
    state: State<'_, AppState>,
    transaction_id: TransactionId,
) -> CommandResult<TransactionDetail> {
    let store = state.store().await?;
    screens::transaction_detail(&store, transaction_id, Utc::now().date_naive())
        .await
        .map_err(store_error)
}

#[tauri::command]
pub async fn edit_transaction(
    state: State<'_, AppState>,
    transaction_id: TransactionId,
    changes: TransactionChanges,
) -> CommandResult<Transaction> {
    let store = state.store().await?;
    let edited = store.edit_transaction(transaction_id, changes).await;
    queued(&state, edited).await
}

/// A deal entered by hand: checked by core, shown at once (pending) and queued.
#[tauri::command]
pub async fn create_transaction(
    state: State<'_, AppState>,
    deal: NewTransaction,
) -> CommandResult<Transaction> {
    let store = state.store().await?;
    let created = store.create_transaction(deal).await;
    queued(&state, created).await
}

/// The file the user picked, as the webview read it: its bytes in base64, since an
/// export saved by Excel is Windows-1252 and must reach core undecoded.
fn file_bytes(file: &str) -> CommandResult<Vec<u8>> {
    STANDARD.decode(file).map_err(|_| {
        ErrorBody::new(
            "unreadable_file",
            "The file did not arrive whole; pick it again.",
        )
    })
}

/// What importing the export would do, row by row, against the cached deals.
#[tauri::command]
pub async fn preview_dotloop_import(
    state: State<'_, AppState>,
    file: String,
) -> CommandResult<ImportPreview> {
    let store = state.store().await?;
    preview(&store, file_bytes(&file)?)
        .await
        .map_err(store_error)
}

/// Queues what the preview showed, reporting writes queued on `on_progress`.
#[tauri::command]
pub async fn apply_dotloop_import(
    state: State<'_, AppState>,
    file: String,
    on_progress: Channel<TransferProgress>,
) -> CommandResult<DotloopImportResult> {
    let store = state.store().await?;
    let tenant = state.session().await?.account().tenant_id;
    let report = |progress: TransferProgress| {
        let _ = on_progress.send(progress);
    };
    let imported = apply(&store, tenant, file_bytes(&file)?, report).await;
    queued(&state, imported).await
}

/// Opens a finding's loop in the system browser ("Open in Dotloop"): only a web address
/// on Dotloop's domain, since the URL came in with imported data.
#[tauri::command]
pub fn open_in_dotloop(url: String) -> CommandResult<()> {
    let url = dotloop_url(&url).map_err(|e| ErrorBody::new(e.code, e.message))?;
    crate::browser::open(url.as_str())
}
