//! CSV exports of the production report and of statement lines. Every cell goes
//! through core's `SafeCsv` (a name like `=cmd|...` is written as text, not run as a
//! formula), and money is written exactly, with two decimals and no symbol, so a
//! spreadsheet sums it to the cent.

use std::collections::HashMap;

use uuid::Uuid;

use brokerdesk_core::commissions::PayoutLine;
use brokerdesk_core::commissions::reports::figures::ProductionFigures;
use brokerdesk_core::commissions::reports::production::ProductionReport;
use brokerdesk_core::csv_safety::SafeCsv;
use brokerdesk_core::ids::RosterAgentId;

use crate::format::plain_money;
use crate::trace;

const PRODUCTION_HEADER: [&str; 19] = [
    "group",
    "name",
    "deals",
    "list_sides",
    "buy_sides",
    "double_ends",
    "volume",
    "gci",
    "adjusted_gci",
    "agent_gross",
    "agent_net",
    "company_dollar",
    "average_price",
    "average_commission_per_side",
    "median_days_to_close",
    "pending_deals",
    "pending_expected_gci",
    "pending_expected_company_dollar",
    "period",
];

/// The production report: one row per group, then the total.
pub fn production_csv(report: &ProductionReport) -> String {
    let period = format!("{}..{}", report.query.period.from, report.query.period.to);
    let mut csv = SafeCsv::new(&PRODUCTION_HEADER);
    for row in &report.rows {
        csv.row(&figures_row(
            trace::group_kind(&row.key),
            &row.label,
            &row.figures,
            &period,
        ));
    }
    csv.row(&figures_row("total", "Total", &report.total, &period));
    csv.finish()
}

fn figures_row(kind: &str, name: &str, f: &ProductionFigures, period: &str) -> Vec<String> {
    let optional = |v: Option<rust_decimal::Decimal>| v.map_or_else(String::new, plain_money);
    vec![
        kind.to_owned(),
        name.to_owned(),
        f.deal_count.to_string(),
        f.list_sides.normalize().to_string(),
        f.buy_sides.normalize().to_string(),
        f.double_ends.to_string(),
        plain_money(f.volume),
        plain_money(f.gci),
        plain_money(f.adjusted_gci),
        plain_money(f.agent_gross),
        plain_money(f.agent_net),
        plain_money(f.company_dollar),
        optional(f.average_price),
        optional(f.average_commission_per_side),
        f.median_days_to_close
            .map_or_else(String::new, |d| d.normalize().to_string()),
        f.pending_deal_count.to_string(),
        plain_money(f.pending_expected_gci),
        plain_money(f.pending_expected_company_dollar),
        period.to_owned(),
    ]
}

const LINES_HEADER: [&str; 22] = [
    "deal_id",
    "deal",
    "agent_id",
    "agent",
    "role",
    "status",
    "contract_date",
    "closing_date",
    "paid_date",
    "sale_price",
    "sides",
    "gci",
    "referral",
    "franchise_fee",
    "agent_gross",
    "post_split_fees",
    "agent_net",
    "company_split",
    "company_dollar",
    "capped_on_this_deal",
    "plan_version_from",
    "trace",
];

/// Payout lines (a statement's, or every line an export covers), one per row, with the
/// trace written out in words.
pub fn statement_csv(
    lines: &[PayoutLine],
    agents: &HashMap<RosterAgentId, String>,
    deals: &HashMap<Uuid, String>,
) -> String {
    let mut csv = SafeCsv::new(&LINES_HEADER);
    let day = |d: Option<chrono::NaiveDate>| d.map_or_else(String::new, |d| d.to_string());
    for line in lines {
        let trace = line
            .trace
            .iter()
            .map(trace::describe)
            .collect::<Vec<_>>()
            .join("; ");
        csv.row(&[
            line.deal_id.to_string(),
            deals.get(&line.deal_id).cloned().unwrap_or_default(),
            line.agent.to_string(),
            agents.get(&line.agent).cloned().unwrap_or_default(),
            trace::role(line).to_owned(),
            format!("{:?}", line.status).to_lowercase(),
            day(line.contract_date),
            line.closing_date.to_string(),
            day(line.paid_date),
            plain_money(line.sale_price),
            trace::sides(line).to_owned(),
            plain_money(line.gci),
            plain_money(line.referral),
            plain_money(line.franchise_fee),
            plain_money(line.agent_gross),
            plain_money(line.fees_total()),
            plain_money(line.agent_net),
            plain_money(line.company_split),
            plain_money(line.company_dollar()),
            line.capped_on_this_deal.to_string(),
            line.plan_version_from.to_string(),
            trace,
        ]);
    }
    csv.finish()
}
