//! The Reports page's figures as the window shows them: the table's rows (each with its
//! key for a drill-down and, when asked, last year's figures beside it), cap progress
//! cards, the deals the engine could not pay, and how fresh the cache is.

use brokerdesk_core::commissions::reports::cap_progress::CapProgress;
use brokerdesk_core::commissions::reports::figures::ProductionFigures;
use brokerdesk_core::commissions::reports::production::GroupKey;
use brokerdesk_core::commissions::reports::run::ReportScope;
use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use serde::Serialize;
use ts_rs::TS;

use super::OfflineReports;
use super::figures::ReportFigures;

#[derive(Clone, Debug, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FigureRow {
    /// The group's key as JSON, handed back to `report_drilldown`; None for the total.
    pub key: Option<String>,
    pub label: String,
    pub figures: ProductionFigures,
    /// The same group a year earlier, when the comparison was asked for.
    pub previous: Option<ProductionFigures>,
}

#[derive(Clone, Debug, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CapCard {
    pub agent_name: String,
    #[ts(type = "string")]
    pub cap: Decimal,
    #[ts(type = "string")]
    pub counted: Decimal,
    #[ts(type = "string")]
    pub left_to_cap: Decimal,
    #[ts(type = "string")]
    pub cap_year_end: NaiveDate,
    #[ts(type = "string | null")]
    pub capped_on: Option<NaiveDate>,
    #[ts(type = "string | null")]
    pub projected_cap_date: Option<NaiveDate>,
}

impl CapCard {
    pub fn new(progress: &CapProgress, agent_name: String) -> Self {
        Self {
            agent_name,
            cap: progress.cap,
            counted: progress.counted,
            left_to_cap: progress.left_to_cap,
            cap_year_end: progress.cap_year_end,
            capped_on: progress.capped_on,
            projected_cap_date: progress.projected_cap_date,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct UnpaidView {
    pub deal_name: String,
    pub message: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ReportView {
    /// When the cache last synced; None before the first sync.
    #[ts(type = "string | null")]
    pub as_of: Option<DateTime<Utc>>,
    /// Whether the member sees every agent (else only their own lines).
    pub sees_everyone: bool,
    /// The roster agent an agent's report is limited to.
    pub agent_name: Option<String>,
    pub rows: Vec<FigureRow>,
    pub total: FigureRow,
    pub cap: Vec<CapCard>,
    pub unpaid: Vec<UnpaidView>,
}

fn key_text(key: &GroupKey) -> String {
    serde_json::to_string(key).expect("a group key serialises")
}

impl ReportView {
    pub fn new(reports: &OfflineReports, figures: &ReportFigures) -> Self {
        let answer = &figures.answer;
        let previous = |key: &GroupKey| {
            answer.compared.as_ref().map(|c| {
                c.rows
                    .iter()
                    .find(|r| &r.key == key)
                    .map(|r| r.second.clone())
                    .unwrap_or_default()
            })
        };
        let name = |agent| figures.names.get(&agent).cloned().unwrap_or_default();
        Self {
            as_of: reports.synced_at(),
            sees_everyone: reports.scope() == ReportScope::Everyone,
            agent_name: match reports.scope() {
                ReportScope::Agent(agent) => Some(name(agent)),
                _ => None,
            },
            rows: answer
                .report
                .rows
                .iter()
                .map(|row| FigureRow {
                    key: Some(key_text(&row.key)),
                    label: row.label.clone(),
                    figures: row.figures.clone(),
                    previous: previous(&row.key),
                })
                .collect(),
            total: FigureRow {
                key: None,
                label: "Total".to_owned(),
                figures: answer.report.total.clone(),
                previous: answer.compared.as_ref().map(|c| c.second_total.clone()),
            },
            cap: figures
                .cap
                .iter()
                .map(|p| CapCard::new(p, name(p.agent)))
                .collect(),
            unpaid: answer
                .unpaid
                .iter()
                .map(|u| UnpaidView {
                    deal_name: reports.deal_name(u.deal_id).unwrap_or("A deal").to_owned(),
                    message: u.message.clone(),
                })
                .collect(),
        }
    }
}

/// Reads a key `ReportView` handed out.
pub fn parse_key(text: &str) -> Option<GroupKey> {
    serde_json::from_str(text).ok()
}
