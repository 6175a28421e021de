//! The tenant's full export: started on the server, its progress polled, and the ZIP
//! saved where the owner chooses in the system's save dialog (or at a path the UI
//! names), streamed to disk and checked against the server's checksum.

use std::path::PathBuf;

use brokerdesk_core::error::ErrorBody;
use brokerdesk_core::export::ExportJob;
use brokerdesk_core::ids::ExportId;
use brokerdesk_core::leads::view::TransferProgress;
use chrono::Utc;
use tauri::ipc::Channel;
use tauri::{AppHandle, State};
use tauri_plugin_dialog::DialogExt;

use super::CommandResult;
use super::edits::online_only;
use crate::state::AppState;

const ON_THE_SERVER: &str = "the server reads every record of the brokerage into the file.";

#[tauri::command]
pub async fn start_export(state: State<'_, AppState>) -> CommandResult<ExportJob> {
    let started = state.tenant().await?.api().start_export().await;
    online_only(started, "Exporting all data", ON_THE_SERVER)
}

/// The brokerage's exports, newest first: a running one shows again after a restart.
#[tauri::command]
pub async fn export_jobs(state: State<'_, AppState>) -> CommandResult<Vec<ExportJob>> {
    let jobs = state.tenant().await?.api().exports().await;
    online_only(jobs, "Listing exports", ON_THE_SERVER)
}

#[tauri::command]
pub async fn export_job(
    state: State<'_, AppState>,
    export_id: ExportId,
) -> CommandResult<ExportJob> {
    let job = state.tenant().await?.api().export_job(export_id).await;
    online_only(job, "Following the export", ON_THE_SERVER)
}

/// Saves a completed export: to `path` when given, else where the owner chooses in the
/// save dialog. `None` when they cancelled it.
#[tauri::command]
pub async fn save_export(
    app: AppHandle,
    state: State<'_, AppState>,
    export_id: ExportId,
    path: Option<String>,
    on_progress: Channel<TransferProgress>,
) -> CommandResult<Option<String>> {
    let tenant = state.tenant().await?;
    let api = tenant.api();
    let job = online_only(
        api.export_job(export_id).await,
        "Saving the export",
        ON_THE_SERVER,
    )?;
    let path = match path.filter(|p| !p.trim().is_empty()) {
        Some(path) => PathBuf::from(path.trim()),
        None => match choose_file(&app, &job).await? {
            Some(path) => path,
            None => return Ok(None),
        },
    };
    let total = job.file_bytes.unwrap_or_default().max(0) as u64;
    api.download_export(&job, &path, |done, size| {
        // A closed window only means nobody watches the bar any more.
        let _ = on_progress.send(TransferProgress {
            done,
            total: size.unwrap_or(total),
        });
    })
    .await
    .map_err(|error| error.to_body())?;
    Ok(Some(path.display().to_string()))
}

/// The system's save dialog, offering a dated name in the downloads folder.
async fn choose_file(app: &AppHandle, job: &ExportJob) -> CommandResult<Option<PathBuf>> {
    let finished = job.finished_at.unwrap_or_else(Utc::now);
    let name = format!("brokerdesk-export-{}.zip", finished.format("%Y-%m-%d"));
    let (chosen, answer) = tokio::sync::oneshot::channel();
    app.dialog()
        .file()
        .set_title("Save the export of all data")
        .set_file_name(name)
        .add_filter("ZIP archive", &["zip"])
        .save_file(move |path| {
            let _ = chosen.send(path);
        });
    let Ok(path) = answer.await else {
        return Ok(None);
    };
    match path.map(|p| p.into_path()) {
        None => Ok(None),
        Some(Ok(path)) => Ok(Some(path)),
        Some(Err(error)) => Err(ErrorBody::new(
            "export_not_saved",
            format!("That place cannot be saved to ({error}). Choose a folder on this computer."),
        )),
    }
}
