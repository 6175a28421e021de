//! The Reports page's exports, made offline from the cache: the PDF report, the table
//! as CSV (through core's formula-safe writer) and each chart as PNG. Each export is
//! recorded in the outbox and reaches the audit trail at the next sync.

use brokerdesk_core::commissions::reports::exported::{ExportFormat, OfflineExport};
use brokerdesk_core::ids::RosterAgentId;
use brokerdesk_core::sync::SyncEntity;
use brokerdesk_render::RenderError;
use brokerdesk_render::csv::production_csv;
use brokerdesk_render::pdf::{ReportInput, StatementInput, agent_statement, production_report};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::OfflineReports;
use super::charts::{ChartId, chart_png};
use super::figures::ReportFigures;
use crate::sync::edits::as_map;
use crate::sync::error::StoreError;
use crate::sync::records::LocalStore;

/// What to export.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", tag = "kind")]
pub enum ReportExport {
    Pdf,
    Csv,
    Png {
        chart: ChartId,
    },
    /// One agent's statement for the period: each closed deal with its trace.
    Statement {
        agent: RosterAgentId,
    },
}

impl ReportExport {
    pub fn format(self) -> ExportFormat {
        match self {
            ReportExport::Pdf | ReportExport::Statement { .. } => ExportFormat::Pdf,
            ReportExport::Csv => ExportFormat::Csv,
            ReportExport::Png { .. } => ExportFormat::Png,
        }
    }

    /// The file's default name, e.g. `production-2026-01-01-to-2026-06-30.pdf`.
    pub fn file_name(self, figures: &ReportFigures) -> String {
        let period = figures.request.query.period;
        let span = format!("{}-to-{}", period.from, period.to);
        match self {
            ReportExport::Pdf => format!("production-{span}.pdf"),
            ReportExport::Csv => format!("production-{span}.csv"),
            ReportExport::Png { chart } => format!("{}-{span}.png", chart.slug()),
            ReportExport::Statement { agent } => format!("statement-{agent}-{span}.pdf"),
        }
    }
}

/// Where an export went.
#[derive(Clone, Debug, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ExportedReport {
    pub path: String,
    #[ts(type = "number")]
    pub bytes: u64,
}

/// The exported file's bytes. A cache never synced has no "as of": the PDF then says
/// `now`, the moment it was made. A statement of an agent the member may not see is
/// refused as missing, as the server refuses it.
pub fn export_bytes(
    reports: &OfflineReports,
    figures: &ReportFigures,
    export: ReportExport,
    now: DateTime<Utc>,
) -> Result<Vec<u8>, ExportError> {
    Ok(match export {
        ReportExport::Pdf => production_report(&ReportInput {
            brokerage: reports.brokerage(),
            synced_at: reports.synced_at().unwrap_or(now),
            by_agent: &figures.by_agent,
            by_month: &figures.by_month,
            monthly: &figures.monthly,
            cap: &figures.cap,
            names: &figures.names,
            pipeline: &figures.pipeline,
        })?,
        ReportExport::Csv => production_csv(&figures.answer.report).into_bytes(),
        ReportExport::Png { chart } => chart_png(figures, chart)?,
        ReportExport::Statement { agent } => {
            let period = figures.request.query.period;
            let statement = reports.statement(agent, period)?;
            let on_roster = reports
                .inputs()
                .roster()
                .iter()
                .find(|a| a.id == agent)
                .ok_or(StoreError::Missing("agent"))?;
            agent_statement(&StatementInput {
                brokerage: reports.brokerage(),
                synced_at: reports.synced_at().unwrap_or(now),
                agent: on_roster,
                period,
                lines: &statement.lines,
                deal_names: reports.deal_names(),
            })?
        }
    })
}

/// Why an export could not be made: the cache (or the member's scope) refused it, or
/// it could not be drawn.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("The report could not be drawn: {0}.")]
    Render(#[from] RenderError),
}

/// Queues the audit entry of an export for the next push.
pub async fn record_export(
    store: &LocalStore,
    figures: &ReportFigures,
    export: ReportExport,
    at: DateTime<Utc>,
) -> Result<(), StoreError> {
    let event = OfflineExport {
        format: export.format(),
        period: figures.request.query.period,
        exported_at: at,
    };
    store
        .queue_event(SyncEntity::AuditEntry, as_map(&event))
        .await?;
    Ok(())
}
