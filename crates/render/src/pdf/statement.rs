//! An agent's commission statement for a period: what they were paid in total, then
//! each closed deal with its payout trace, step by step, so the agent can check why
//! they got what they got.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use uuid::Uuid;

use brokerdesk_core::commissions::PayoutLine;
use brokerdesk_core::commissions::deal::DealStatus;
use brokerdesk_core::commissions::reports::Period;
use brokerdesk_core::roster::RosterAgent;

use super::blocks::{Figure, figures, section, title};
use super::draw::{Running, render};
use super::layout::{Align, CONTENT_WIDTH, Flow, MARGIN, Style, wrap};
use crate::RenderError;
use crate::font::Metrics;
use crate::format::{count, date, money};
use crate::palette::{ACCENT_WASH, GRID, INK, MUTED, TEXT};
use crate::trace;

pub struct StatementInput<'a> {
    pub brokerage: &'a str,
    pub synced_at: DateTime<Utc>,
    pub agent: &'a RosterAgent,
    pub period: Period,
    /// The agent's payout lines (core's `restrict_to_agent`), in the engine's order.
    /// The closed ones with a closing date in the period are listed.
    pub lines: &'a [PayoutLine],
    /// What each deal is called (its address or loop name); otherwise its id.
    pub deal_names: &'a HashMap<Uuid, String>,
}

/// The lines a statement lists: the agent's closed deals closing in the period.
pub fn statement_lines<'a>(input: &StatementInput<'a>) -> Vec<&'a PayoutLine> {
    input
        .lines
        .iter()
        .filter(|l| {
            l.agent == input.agent.id
                && l.status == DealStatus::Closed
                && input.period.contains(l.closing_date)
        })
        .collect()
}

pub fn agent_statement(input: &StatementInput) -> Result<Vec<u8>, RenderError> {
    let lines = statement_lines(input);
    let span = format!("{} – {}", date(input.period.from), date(input.period.to));
    let mut flow = Flow::new();
    let agent = input.agent;
    let mut whereabouts: Vec<&str> = vec![input.brokerage];
    whereabouts.extend(agent.office.as_deref());
    whereabouts.extend(agent.team.as_deref());
    title(
        &mut flow,
        &format!("Commission statement: {}", agent.name),
        &format!(
            "{} · {span} · closed deals by closing date",
            whereabouts.join(" · ")
        ),
    );
    figures(&mut flow, &summary(&lines), 3);
    section(
        &mut flow,
        "Deals and how each was paid",
        Some(
            "Each step is a rule of the agent's commission plan: its inputs and its result, to the cent.",
        ),
        80.0,
    );
    if lines.is_empty() {
        flow.paragraph(
            "No closed deals in this period.",
            Style::new(9.0, false, TEXT),
            CONTENT_WIDTH,
        );
    }
    for line in &lines {
        deal(&mut flow, line, input.deal_names);
    }
    let header = format!(
        "{} · Commission statement · {}",
        input.brokerage, agent.name
    );
    let footer =
        format!("Brokerdesk · {span} · agent net is the 1099 basis, paid on the paid date");
    render(
        &flow.finish(),
        &Running::new(header, input.synced_at, footer),
    )
}

fn summary(lines: &[&PayoutLine]) -> Vec<Figure> {
    let sum = |pick: fn(&PayoutLine) -> Decimal| lines.iter().map(|l| pick(l)).sum::<Decimal>();
    let paid: Decimal = lines
        .iter()
        .filter(|l| l.paid_date.is_some())
        .map(|l| l.agent_net)
        .sum();
    let deals = lines.len();
    vec![
        Figure {
            label: "GCI".to_owned(),
            value: money(sum(|l| l.gci)),
            detail: format!("{} deals", count(deals as u32)),
        },
        Figure {
            label: "Agent gross".to_owned(),
            value: money(sum(|l| l.agent_gross)),
            detail: format!("Company split {}", money(sum(|l| l.company_split))),
        },
        Figure {
            label: "Post-split fees".to_owned(),
            value: money(sum(PayoutLine::fees_total)),
            detail: format!("Referrals off the top {}", money(sum(|l| l.referral))),
        },
        Figure {
            label: "Agent net".to_owned(),
            value: money(sum(|l| l.agent_net)),
            detail: format!(
                "Paid {} · unpaid {}",
                money(paid),
                money(sum(|l| l.agent_net) - paid)
            ),
        },
        Figure {
            label: "Volume".to_owned(),
            value: money(
                lines
                    .iter()
                    .map(|l| l.sale_price * l.sides())
                    .sum::<Decimal>()
                    .round_dp(2),
            ),
            detail: format!("Franchise fees {}", money(sum(|l| l.franchise_fee))),
        },
        Figure {
            label: "Capped".to_owned(),
            value: lines
                .iter()
                .find(|l| l.capped_on_this_deal)
                .map_or_else(|| "Not in this period".to_owned(), |l| date(l.closing_date)),
            detail: "The deal on which the agent reached the cap".to_owned(),
        },
    ]
}

const STEP: Style = Style::new(7.8, true, INK);
const INPUTS: Style = Style::new(7.8, false, TEXT);
const NOTE: Style = Style::new(7.2, false, MUTED);
const RULE_COLUMN: f32 = 118.0;
const RESULT_COLUMN: f32 = 84.0;
const STEP_HEIGHT: f32 = 11.5;

/// One deal: its heading with the net, a line of facts, then the trace, kept together
/// on one page.
fn deal(flow: &mut Flow, line: &PayoutLine, names: &HashMap<Uuid, String>) {
    let inputs_width = CONTENT_WIDTH - RULE_COLUMN - RESULT_COLUMN - 12.0;
    let steps: Vec<(Vec<String>, Vec<String>)> = line
        .trace
        .iter()
        .map(|step| {
            let notes = step
                .note
                .as_deref()
                .map(|n| wrap(n, NOTE, inputs_width))
                .unwrap_or_default();
            (wrap(&trace::inputs(step), INPUTS, inputs_width), notes)
        })
        .collect();
    let body: f32 = steps
        .iter()
        .map(|(inputs, notes)| (inputs.len().max(1) + notes.len()) as f32 * STEP_HEIGHT + 3.0)
        .sum();
    flow.ensure(42.0 + body + 10.0);

    let name = names
        .get(&line.deal_id)
        .cloned()
        .unwrap_or_else(|| format!("Transaction {}", line.deal_id));
    let net = format!("Net {}", money(line.agent_net));
    let metrics = Metrics::get();
    let room = CONTENT_WIDTH - metrics.width(&net, 9.5, true) - 24.0;
    flow.rect(MARGIN, 0.0, CONTENT_WIDTH, 20.0, ACCENT_WASH);
    flow.text(
        MARGIN + 6.0,
        13.5,
        Style::new(9.5, true, INK),
        Align::Left,
        metrics.fit(&name, 9.5, true, room),
    );
    flow.text(
        MARGIN + CONTENT_WIDTH - 6.0,
        13.5,
        Style::new(9.5, true, INK),
        Align::Right,
        net,
    );
    flow.advance(22.0);
    let paid = line.paid_date.map_or_else(
        || "not paid yet".to_owned(),
        |d| format!("paid {}", date(d)),
    );
    let capped = if line.capped_on_this_deal {
        " · capped on this deal"
    } else {
        ""
    };
    let facts = format!(
        "{} · {} · closed {} · {paid} · price {} · GCI {}{capped} · plan version from {}",
        trace::role(line),
        trace::sides(line),
        date(line.closing_date),
        money(line.sale_price),
        money(line.gci),
        date(line.plan_version_from),
    );
    flow.paragraph(&facts, Style::new(7.6, false, MUTED), CONTENT_WIDTH);
    flow.advance(3.0);
    for (step, (inputs, notes)) in line.trace.iter().zip(&steps) {
        flow.text(
            MARGIN + 6.0,
            8.0,
            STEP,
            Align::Left,
            trace::rule_name(step.rule),
        );
        flow.text(
            MARGIN + CONTENT_WIDTH - 6.0,
            8.0,
            STEP,
            Align::Right,
            trace::result(step),
        );
        for text in inputs
            .iter()
            .map(|t| (t, INPUTS))
            .chain(notes.iter().map(|t| (t, NOTE)))
        {
            flow.text(
                MARGIN + RULE_COLUMN,
                8.0,
                text.1,
                Align::Left,
                text.0.clone(),
            );
            flow.advance(STEP_HEIGHT);
        }
        if inputs.is_empty() && notes.is_empty() {
            flow.advance(STEP_HEIGHT);
        }
        flow.rule(1.0, GRID);
        flow.advance(3.0);
    }
    flow.advance(10.0);
}
