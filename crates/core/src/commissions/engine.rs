//! The engine: one deterministic function from deals, roster and plans to payout lines.

use std::collections::HashMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::book::{PlanBook, TermsInForce};
use super::cap_year::cap_year_containing;
use super::deal::{Deal, DealStatus};
use super::ledger::Ledger;
use super::line::{PayoutLine, Payouts, UnpaidDeal};
use super::money::{allocate, percent_of};
use super::payout::{AgentShare, pay_agent};
use super::plan::CommissionInvalid;
use crate::ids::RosterAgentId;
use crate::roster::RosterAgent;

/// Side credits are kept to 4 decimals: enough for three co-agents, few enough to read.
const SIDE_DECIMALS: u32 = 4;

/// Pays every deal. Closed deals are walked by closing date, then pending ones by
/// expected closing date (a projection that continues from the closed totals), ties
/// broken by transaction id, so the input order never changes the result. A deal that
/// cannot be paid (invalid amounts, an agent off the roster or without a plan on the
/// closing date) is listed in [`Payouts::unpaid`] and counts toward nothing.
pub fn compute_payouts(deals: &[Deal], roster: &[RosterAgent], book: &PlanBook) -> Payouts {
    let anniversaries: HashMap<RosterAgentId, Option<NaiveDate>> =
        roster.iter().map(|a| (a.id, a.anniversary)).collect();
    let mut order: Vec<&Deal> = deals.iter().collect();
    order.sort_by_key(|d| (d.status == DealStatus::Pending, d.closing_date, d.id));

    let mut ledger = Ledger::default();
    let mut payouts = Payouts::default();
    for deal in order {
        match pay_deal(deal, &anniversaries, book, &mut ledger) {
            Ok(lines) => payouts.lines.extend(lines),
            Err(refused) => payouts.unpaid.push(UnpaidDeal {
                deal_id: deal.id,
                code: refused.code.to_owned(),
                message: refused.message,
            }),
        }
    }
    payouts
}

/// One deal's lines. Everything that can refuse the deal is checked before the ledger
/// is touched, so a refused deal leaves no trace in any agent's totals.
fn pay_deal(
    deal: &Deal,
    anniversaries: &HashMap<RosterAgentId, Option<NaiveDate>>,
    book: &PlanBook,
    ledger: &mut Ledger,
) -> Result<Vec<PayoutLine>, CommissionInvalid> {
    deal.validate()?;
    let mut resolved: Vec<(TermsInForce<'_>, NaiveDate)> = Vec::with_capacity(deal.agents.len());
    for on_deal in &deal.agents {
        let refuse = |what: &str| CommissionInvalid {
            code: "no_commission_plan",
            message: format!(
                "Transaction {}: agent {} {what} on {}.",
                deal.id, on_deal.agent, deal.closing_date
            ),
        };
        let anniversary = anniversaries
            .get(&on_deal.agent)
            .ok_or_else(|| refuse("is not on the roster"))?;
        let terms = book
            .terms_for(on_deal.agent, deal.closing_date)
            .ok_or_else(|| refuse("has no commission plan"))?;
        let (start, _) = cap_year_containing(terms.terms.cap_year, *anniversary, deal.closing_date);
        resolved.push((terms, start));
    }

    let allocations: Vec<Decimal> = deal.agents.iter().map(|a| a.allocation_percent).collect();
    let gci_shares = allocate(deal.gci, &allocations, 2);
    let referral = if deal.referral_off_the_top {
        percent_of(deal.gci, deal.referral_percent)
    } else {
        Decimal::ZERO
    };
    let referral_shares = allocate(referral, &allocations, 2);
    let list_credits = side_credits(deal, |a| a.side.lists());
    let buy_credits = side_credits(deal, |a| a.side.buys());

    let mut lines = Vec::with_capacity(deal.agents.len() + 1);
    for (i, (on_deal, (terms, cap_year_start))) in deal.agents.iter().zip(resolved).enumerate() {
        let share = AgentShare {
            deal,
            on_deal,
            terms,
            cap_year_start,
            gci: gci_shares[i],
            referral_off_the_top: referral_shares[i],
            list_sides: list_credits[i],
            buy_sides: buy_credits[i],
        };
        let (line, lead_line) = pay_agent(share, ledger.year(on_deal.agent, cap_year_start));
        lines.push(line);
        lines.extend(lead_line);
    }
    Ok(lines)
}

/// Each agent's credit for one side: the side is 1, shared by allocation among the
/// agents on it; agents not on it get 0 (and so does everyone when nobody is on it).
fn side_credits(deal: &Deal, on_side: impl Fn(&super::deal::DealAgent) -> bool) -> Vec<Decimal> {
    let weights: Vec<Decimal> = deal
        .agents
        .iter()
        .map(|a| if on_side(a) { a.allocation_percent } else { Decimal::ZERO })
        .collect();
    allocate(Decimal::ONE, &weights, SIDE_DECIMALS)
}
