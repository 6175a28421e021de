//! From a figure to what it sums: the payout lines behind one row of the report (or its
//! total), each with its deal and the trace of its amounts in words.

use brokerdesk_core::commissions::DealStatus;
use brokerdesk_core::commissions::reports::production::{GroupKey, lines_behind};
use brokerdesk_core::commissions::reports::run::ProductionRequest;
use brokerdesk_render::trace;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;
use ts_rs::TS;

use super::OfflineReports;

#[derive(Clone, Debug, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TraceRow {
    pub rule: String,
    pub inputs: String,
    pub result: String,
    pub note: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DrillLine {
    #[ts(type = "string")]
    pub deal_id: uuid::Uuid,
    pub deal_name: String,
    pub agent_name: String,
    /// "Agent" or "Team lead override".
    pub role: String,
    pub pending: bool,
    #[ts(type = "string")]
    pub closing_date: NaiveDate,
    #[ts(type = "string")]
    pub gci: Decimal,
    #[ts(type = "string")]
    pub agent_gross: Decimal,
    #[ts(type = "string")]
    pub agent_net: Decimal,
    #[ts(type = "string")]
    pub company_dollar: Decimal,
    pub trace: Vec<TraceRow>,
}

/// The lines behind the row `key` of the report `request` asks for (the total's with
/// no key), in the scope the member may see.
pub fn drill_down(
    reports: &OfflineReports,
    request: &ProductionRequest,
    key: Option<&GroupKey>,
) -> Vec<DrillLine> {
    let inputs = reports.inputs();
    let lines = inputs.lines(reports.scope());
    let roster = inputs.roster();
    let agent_name = |id| {
        roster
            .iter()
            .find(|a| a.id == id)
            .map_or_else(|| id.to_string(), |a| a.name.clone())
    };
    lines_behind(&lines, roster, &request.query, key)
        .into_iter()
        .map(|line| DrillLine {
            deal_id: line.deal_id,
            deal_name: reports
                .deal_name(line.deal_id)
                .unwrap_or("Unnamed deal")
                .to_owned(),
            agent_name: agent_name(line.agent),
            role: trace::role(line).to_owned(),
            pending: line.status == DealStatus::Pending,
            closing_date: line.closing_date,
            gci: line.gci,
            agent_gross: line.agent_gross,
            agent_net: line.agent_net,
            company_dollar: line.company_dollar(),
            trace: line
                .trace
                .iter()
                .map(|step| TraceRow {
                    rule: trace::rule_name(step.rule).to_owned(),
                    inputs: trace::inputs(step),
                    result: trace::result(step),
                    note: step.note.as_ref().map(|n| n.to_string()),
                })
                .collect(),
        })
        .collect()
}
