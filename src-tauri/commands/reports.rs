//! The Reports page: its figures, charts and drill-downs, computed offline from the
//! encrypted cache for the signed-in member's scope (core's permission matrix decides:
//! everyone, or their own lines), and its exports (PDF, CSV, PNG per chart), written
//! to the folder the member chose (else Downloads) and recorded for the audit trail.

use std::path::PathBuf;

use brokerdesk_client::commissions::OfflineReports;
use brokerdesk_client::commissions::charts::{ChartSvg, chart_svgs};
use brokerdesk_client::commissions::drill::{DrillLine, drill_down};
use brokerdesk_client::commissions::export::{
    ExportError, ExportedReport, ReportExport, export_bytes, record_export,
};
use brokerdesk_client::commissions::figures::ReportFigures;
use brokerdesk_client::commissions::view::{ReportView, parse_key};
use brokerdesk_core::commissions::reports::run::ProductionRequest;
use brokerdesk_core::error::ErrorBody;
use brokerdesk_core::leads::view::TransferProgress;
use chrono::Utc;
use tauri::ipc::Channel;
use tauri::{AppHandle, Manager, State};

use super::CommandResult;
use super::edits::{queued, store_error};
use crate::state::AppState;

async fn figures(
    state: &AppState,
    request: &ProductionRequest,
) -> CommandResult<(OfflineReports, ReportFigures)> {
    let reports = super::commissions::reports(state, Utc::now().date_naive()).await?;
    let figures = ReportFigures::compute(&reports, request).map_err(store_error)?;
    Ok((reports, figures))
}

fn render_error(error: impl std::fmt::Display) -> ErrorBody {
    ErrorBody::new(
        "render_failed",
        format!("The report could not be drawn: {error}."),
    )
}

#[tauri::command]
pub async fn report_view(
    state: State<'_, AppState>,
    request: ProductionRequest,
) -> CommandResult<ReportView> {
    let (reports, figures) = figures(&state, &request).await?;
    Ok(ReportView::new(&reports, &figures))
}

#[tauri::command]
pub async fn report_charts(
    state: State<'_, AppState>,
    request: ProductionRequest,
) -> CommandResult<Vec<ChartSvg>> {
    let (_, figures) = figures(&state, &request).await?;
    chart_svgs(&figures).map_err(render_error)
}

/// The lines behind a row (`key` as `report_view` gave it) or the total (no key).
#[tauri::command]
pub async fn report_drilldown(
    state: State<'_, AppState>,
    request: ProductionRequest,
    key: Option<String>,
) -> CommandResult<Vec<DrillLine>> {
    let key = match key.as_deref().map(parse_key) {
        None => None,
        Some(Some(key)) => Some(key),
        Some(None) => return Err(ErrorBody::new("invalid_group", "That row is not in the report.")),
    };
    let (reports, _) = figures(&state, &request).await?;
    Ok(drill_down(&reports, &request, key.as_ref()))
}

fn export_error(why: impl std::fmt::Display) -> ErrorBody {
    ErrorBody::new(
        "export_failed",
        format!("The export could not be saved: {why}."),
    )
}

/// Writes the export into `folder` (the member's Downloads folder when none is given),
/// telling the window each of its four steps: read, compute, draw, save.
#[tauri::command]
pub async fn export_report(
    app: AppHandle,
    state: State<'_, AppState>,
    request: ProductionRequest,
    export: ReportExport,
    folder: Option<String>,
    on_progress: Channel<TransferProgress>,
) -> CommandResult<ExportedReport> {
    let step = |done| {
        // A closed window only means nobody watches the bar any more.
        let _ = on_progress.send(TransferProgress { done, total: 4 });
    };
    step(0);
    let folder = match folder.filter(|f| !f.trim().is_empty()) {
        Some(folder) => PathBuf::from(folder.trim()),
        None => app
            .path()
            .download_dir()
            .or_else(|_| app.path().document_dir())
            .map_err(export_error)?,
    };
    step(1);
    let (reports, figures) = figures(&state, &request).await?;
    step(2);
    let now = Utc::now();
    let bytes = export_bytes(&reports, &figures, export, now).map_err(|e| match e {
        ExportError::Store(e) => store_error(e),
        ExportError::Render(e) => render_error(e),
    })?;
    step(3);
    let path = folder.join(export.file_name(&figures));
    tokio::fs::write(&path, &bytes)
        .await
        .map_err(export_error)?;
    let store = state.store().await?;
    queued(&state, record_export(&store, &figures, export, now).await).await?;
    step(4);
    Ok(ExportedReport {
        path: path.display().to_string(),
        bytes: bytes.len() as u64,
    })
}
