//! The production report as a PDF: key figures against last year, the five charts,
//! then production by month and by agent, and cap progress, as tables to the cent.

use std::collections::HashMap;

use chrono::{DateTime, Utc};

use brokerdesk_core::commissions::reports::cap_progress::CapProgress;
use brokerdesk_core::commissions::reports::compare::ComparedReport;
use brokerdesk_core::commissions::reports::figures::ProductionFigures;
use brokerdesk_core::commissions::reports::production::{DateBasis, ProductionReport};
use brokerdesk_core::ids::RosterAgentId;

use super::blocks::{Figure, figures, section, title};
use super::draw::{Running, render};
use super::layout::{CONTENT_WIDTH, Flow};
use super::table::{Column, Table};
use crate::RenderError;
use crate::chart::{
    CapProgressChart, Chart, CumulativeVolumeChart, LeaderboardChart, MonthlyComparison,
    MonthlyGciChart, PipelineChart, PipelineGroup, svg,
};
use crate::format::{change, count, date, money};

/// Everything the report shows, as core computed it.
pub struct ReportInput<'a> {
    pub brokerage: &'a str,
    /// When the figures were last synced: the "as of" on every page.
    pub synced_at: DateTime<Utc>,
    /// Production for the period grouped by agent.
    pub by_agent: &'a ProductionReport,
    /// The same period grouped by month against a year earlier.
    pub by_month: &'a ComparedReport,
    pub monthly: &'a MonthlyComparison,
    pub cap: &'a [CapProgress],
    pub names: &'a HashMap<RosterAgentId, String>,
    pub pipeline: &'a [PipelineGroup],
}

/// How many agents the leaderboard and the cap chart show; the tables list everyone.
const CHART_AGENTS: usize = 12;

pub fn production_report(input: &ReportInput) -> Result<Vec<u8>, RenderError> {
    let period = input.by_agent.query.period;
    let span = format!("{} – {}", date(period.from), date(period.to));
    let basis = match input.by_agent.query.basis {
        DateBasis::Closed => "closed deals, by closing date",
        DateBasis::Written => "written deals, by contract date",
    };
    let year = input.monthly.year;
    let mut flow = Flow::new();
    title(
        &mut flow,
        &format!("Production report {year}"),
        &format!("{} · {span} · {basis}", input.brokerage),
    );
    figures(&mut flow, &key_figures(input), 4);
    flow.advance(6.0);
    charts(&mut flow, input, &span)?;
    tables(&mut flow, input);
    let header = format!("{} · Production report {year}", input.brokerage);
    let footer = format!("Brokerdesk · {span} · figures to the cent from the commission engine");
    render(
        &flow.finish(),
        &Running::new(header, input.synced_at, footer),
    )
}

/// `1 double end`, `3 double ends`.
fn plural(n: u32, what: &str) -> String {
    let s = if n == 1 { "" } else { "s" };
    format!("{} {what}{s}", count(n))
}

fn key_figures(input: &ReportInput) -> Vec<Figure> {
    let (now, before) = (&input.by_month.first_total, &input.by_month.second_total);
    let last = input.monthly.year - 1;
    let against =
        |n: rust_decimal::Decimal, b: rust_decimal::Decimal, shown: String| match change(n, b) {
            Some(delta) => format!("{last}: {shown} · {delta}"),
            None => format!("{last}: {shown}"),
        };
    let money_figure =
        |label: &str, pick: fn(&ProductionFigures) -> rust_decimal::Decimal| Figure {
            label: label.to_owned(),
            value: money(pick(now)),
            detail: against(pick(now), pick(before), money(pick(before))),
        };
    let sides = |f: &ProductionFigures| f.list_sides + f.buy_sides;
    let optional = |v: Option<rust_decimal::Decimal>| v.map_or_else(|| "–".to_owned(), money);
    vec![
        money_figure("GCI", |f| f.gci),
        money_figure("Company dollar", |f| f.company_dollar),
        money_figure("Agent net", |f| f.agent_net),
        money_figure("Volume", |f| f.volume),
        Figure {
            label: "Deals · sides".to_owned(),
            value: format!("{} · {}", count(now.deal_count), count(sides(now))),
            detail: against(
                sides(now),
                sides(before),
                format!("{} · {}", count(before.deal_count), count(sides(before))),
            ),
        },
        Figure {
            label: "Average commission / side".to_owned(),
            value: optional(now.average_commission_per_side),
            detail: format!("Average price {}", optional(now.average_price)),
        },
        Figure {
            label: "Median days to close".to_owned(),
            value: now
                .median_days_to_close
                .map_or_else(|| "–".to_owned(), |d| format!("{} days", d.normalize())),
            detail: plural(now.double_ends, "double end"),
        },
        Figure {
            label: "Pending pipeline".to_owned(),
            value: money(now.pending_expected_gci),
            detail: format!(
                "{}, expected GCI",
                plural(now.pending_deal_count, "pending deal")
            ),
        },
    ]
}

fn place(flow: &mut Flow, chart: &impl Chart, width: f32) -> Result<(), RenderError> {
    let svg = svg(chart)?;
    flow.advance(6.0);
    flow.chart(svg, chart.size(), width);
    Ok(())
}

fn charts(flow: &mut Flow, input: &ReportInput, span: &str) -> Result<(), RenderError> {
    place(
        flow,
        &MonthlyGciChart {
            data: input.monthly,
        },
        CONTENT_WIDTH,
    )?;
    place(
        flow,
        &CumulativeVolumeChart {
            data: input.monthly,
        },
        CONTENT_WIDTH,
    )?;
    let pipeline = PipelineChart {
        groups: input.pipeline,
        scope: "Transactions by status group as synced: GCI expected, earned or lost",
    };
    place(flow, &pipeline, CONTENT_WIDTH)?;
    let leaderboard = LeaderboardChart {
        rows: &input.by_agent.rows,
        period: span,
        top: CHART_AGENTS,
    };
    place(flow, &leaderboard, CONTENT_WIDTH * 0.9)?;
    let cap = CapProgressChart {
        progress: input.cap,
        names: input.names,
        top: CHART_AGENTS,
    };
    place(flow, &cap, CONTENT_WIDTH * 0.9)
}

fn tables(flow: &mut Flow, input: &ReportInput) {
    let year = input.monthly.year;
    let last = year - 1;
    section(
        flow,
        "Production by month",
        Some(&format!(
            "GCI and company dollar in {year} beside the same month of {last}."
        )),
        60.0,
    );
    let money_cols = |f: &ProductionFigures| {
        vec![
            count(f.deal_count),
            count(f.list_sides + f.buy_sides),
            money(f.volume),
        ]
    };
    let month_rows = input.by_month.rows.iter().map(|r| {
        let mut row = vec![r.label.clone()];
        row.extend(money_cols(&r.first));
        row.extend([
            money(r.first.gci),
            money(r.second.gci),
            money(r.first.company_dollar),
            money(r.second.company_dollar),
        ]);
        row
    });
    let (t, b) = (&input.by_month.first_total, &input.by_month.second_total);
    let mut month_total = vec!["Total".to_owned()];
    month_total.extend(money_cols(t));
    month_total.extend([
        money(t.gci),
        money(b.gci),
        money(t.company_dollar),
        money(b.company_dollar),
    ]);
    Table {
        columns: vec![
            Column::text("Month", 0.8),
            Column::figure("Deals", 0.55),
            Column::figure("Sides", 0.55),
            Column::figure("Volume", 1.45),
            Column::figure(&format!("GCI {year}"), 1.2),
            Column::figure(&format!("GCI {last}"), 1.2),
            Column::figure(&format!("Co. dollar {year}"), 1.2),
            Column::figure(&format!("Co. dollar {last}"), 1.2),
        ],
        rows: month_rows.collect(),
        total: Some(month_total),
    }
    .lay_out(flow);

    section(
        flow,
        "Production by agent",
        Some(
            "Every agent with production or pipeline in the period; agent net is after post-split fees (the 1099 basis).",
        ),
        60.0,
    );
    let agent_cols = |f: &ProductionFigures| {
        vec![
            count(f.deal_count),
            count(f.list_sides + f.buy_sides),
            money(f.volume),
            money(f.gci),
            money(f.agent_net),
            money(f.company_dollar),
            money(f.pending_expected_gci),
        ]
    };
    let mut agent_total = vec!["Total".to_owned()];
    agent_total.extend(agent_cols(&input.by_agent.total));
    Table {
        columns: vec![
            Column::text("Agent", 1.5),
            Column::figure("Deals", 0.62),
            Column::figure("Sides", 0.55),
            Column::figure("Volume", 1.35),
            Column::figure("GCI", 1.15),
            Column::figure("Agent net", 1.15),
            Column::figure("Co. dollar", 1.15),
            Column::figure("Pending GCI", 1.15),
        ],
        rows: input
            .by_agent
            .rows
            .iter()
            .map(|r| {
                let mut row = vec![r.label.clone()];
                row.extend(agent_cols(&r.figures));
                row
            })
            .collect(),
        total: Some(agent_total),
    }
    .lay_out(flow);

    if input.cap.is_empty() {
        return;
    }
    section(
        flow,
        "Cap progress",
        Some(
            "Company dollar counted toward each agent's cap this cap year; the projected date is the pending deal expected to reach it.",
        ),
        60.0,
    );
    let optional_date = |d: Option<chrono::NaiveDate>| d.map_or_else(String::new, date);
    Table {
        columns: vec![
            Column::text("Agent", 1.6),
            Column::text("Cap year from", 1.0),
            Column::figure("Cap", 1.0),
            Column::figure("Counted", 1.0),
            Column::figure("Left to cap", 1.0),
            Column::figure("Capped on", 1.0),
            Column::figure("Projected", 1.0),
        ],
        rows: input
            .cap
            .iter()
            .map(|p| {
                vec![
                    input
                        .names
                        .get(&p.agent)
                        .cloned()
                        .unwrap_or_else(|| p.agent.to_string()),
                    date(p.cap_year_start),
                    money(p.cap),
                    money(p.counted),
                    money(p.left_to_cap),
                    optional_date(p.capped_on),
                    optional_date(p.projected_cap_date),
                ]
            })
            .collect(),
        total: None,
    }
    .lay_out(flow);
}
