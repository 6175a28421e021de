//! The engine: one deterministic function from deals, roster and plans to payout lines.

use std::collections::HashMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use uuid::Uuid;

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
    // The keys are read from the deals once, in their order, so the sort compares
    // values in one array instead of following a pointer to a deal at each comparison.
    let mut order: Vec<((bool, NaiveDate, Uuid), &Deal)> = deals
        .iter()
        .map(|d| ((d.status == DealStatus::Pending, d.closing_date, d.id), d))
        .collect();
    order.sort_by_key(|(key, _)| *key);

    let mut ledger = Ledger::default();
    let mut payouts = Payouts {
        // At least a line per deal; growing from empty copied every line several times.
        lines: Vec::with_capacity(deals.len()),
        unpaid: Vec::new(),
    };
    for (_, deal) in order {
        if let Err(refused) = pay_deal(deal, &anniversaries, book, &mut ledger, &mut payouts.lines)
        {
            payouts.unpaid.push(UnpaidDeal {
                deal_id: deal.id,
                code: refused.code.to_owned(),
                message: refused.message,
            });
        }
    }
    payouts
}

/// Appends one deal's lines to `lines`. Everything that can refuse the deal is checked
/// before the ledger is touched or a line added, so a refused deal leaves no trace in
/// any agent's totals.
fn pay_deal(
    deal: &Deal,
    anniversaries: &HashMap<RosterAgentId, Option<NaiveDate>>,
    book: &PlanBook,
    ledger: &mut Ledger,
    lines: &mut Vec<PayoutLine>,
) -> Result<(), CommissionInvalid> {
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
    Ok(())
}

/// Each agent's credit for one side: the side is 1, shared by allocation among the
/// agents on it; agents not on it get 0 (and so does everyone when nobody is on it).
fn side_credits(deal: &Deal, on_side: impl Fn(&super::deal::DealAgent) -> bool) -> Vec<Decimal> {
    let weights: Vec<Decimal> = deal
        .agents
        .iter()
        .map(|a| {
            if on_side(a) {
                a.allocation_percent
            } else {
                Decimal::ZERO
            }
        })
        .collect();
    allocate(Decimal::ONE, &weights, SIDE_DECIMALS)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::commissions::book::{CommissionPlan, PlanAssignment};
    use crate::commissions::deal::{DealAgent, Side};
    use crate::commissions::line::Rule;
    use crate::commissions::plan::{CapYear, PlanTerms, PlanVersion, Split};
    use crate::ids::CommissionPlanId;
    use chrono::Utc;
    use rust_decimal::dec;
    use uuid::Uuid;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn setup() -> (Vec<RosterAgent>, PlanBook, RosterAgentId) {
        let agent = RosterAgentId::new();
        let roster = vec![RosterAgent {
            id: agent,
            name: "Ann".into(),
            email: "ann@engine.test".into(),
            member_id: None,
            office: None,
            team: None,
            anniversary: None,
            created_at: Utc::now(),
            updated_at: Utc::now(),
        }];
        let plan = CommissionPlan {
            id: CommissionPlanId::new(),
            name: "Standard".into(),
            versions: vec![PlanVersion {
                effective_from: d(2020, 1, 1),
                terms: PlanTerms {
                    split: Split::AgentPercent {
                        agent_percent: dec!(70),
                    },
                    cap_year: CapYear::CalendarYear,
                    company_dollar_cap: Some(dec!(1000)),
                    franchise_fee: None,
                    transaction_fee: None,
                    errors_and_omissions: None,
                    team: None,
                },
            }],
        };
        let assignment = PlanAssignment {
            agent,
            plan: plan.id,
            effective_from: d(2024, 1, 1),
        };
        (
            roster,
            PlanBook::new(vec![plan], vec![assignment]).unwrap(),
            agent,
        )
    }

    fn deal(agent: RosterAgentId, closing: NaiveDate, gci: Decimal) -> Deal {
        Deal {
            id: Uuid::now_v7(),
            status: DealStatus::Closed,
            contract_date: None,
            closing_date: closing,
            paid_date: None,
            sale_price: dec!(100000),
            gci,
            referral_percent: Decimal::ZERO,
            referral_off_the_top: true,
            agents: vec![DealAgent {
                agent,
                side: Side::Listing,
                allocation_percent: dec!(100),
                split_override: None,
            }],
        }
    }

    #[test]
    fn a_deal_that_cannot_be_paid_is_listed_and_counts_toward_nothing() {
        let (roster, book, agent) = setup();
        let before_plan = deal(agent, d(2023, 6, 1), dec!(5000));
        let stranger = deal(RosterAgentId::new(), d(2025, 2, 1), dec!(5000));
        let mut bad_allocation = deal(agent, d(2025, 2, 2), dec!(5000));
        bad_allocation.agents[0].allocation_percent = dec!(90);
        let paid = deal(agent, d(2025, 3, 1), dec!(5000));
        let deals = [
            before_plan.clone(),
            stranger.clone(),
            bad_allocation.clone(),
            paid,
        ];
        let payouts = compute_payouts(&deals, &roster, &book);
        let codes: Vec<(Uuid, &str)> = payouts
            .unpaid
            .iter()
            .map(|u| (u.deal_id, u.code.as_str()))
            .collect();
        assert_eq!(
            codes,
            [
                (before_plan.id, "no_commission_plan"),
                (stranger.id, "no_commission_plan"),
                (bad_allocation.id, "invalid_deal"),
            ]
        );
        assert_eq!(payouts.lines.len(), 1);
        assert_eq!(
            payouts.lines[0].company_split,
            dec!(1000),
            "the refused deals did not use up the cap"
        );
    }

    #[test]
    fn pending_deals_are_projected_after_every_closed_deal() {
        let (roster, book, agent) = setup();
        let mut pending = deal(agent, d(2025, 1, 10), dec!(2000));
        pending.status = DealStatus::Pending;
        let closed = deal(agent, d(2025, 5, 1), dec!(2000));
        let payouts = compute_payouts(&[pending.clone(), closed.clone()], &roster, &book);
        let order: Vec<Uuid> = payouts.lines.iter().map(|l| l.deal_id).collect();
        assert_eq!(order, [closed.id, pending.id]);
        assert_eq!(
            payouts.lines[0].company_split,
            dec!(600),
            "the closed deal is not capped by a pending one"
        );
        assert_eq!(
            payouts.lines[1].company_split,
            dec!(400),
            "the projection continues from the closed total"
        );
        assert!(payouts.lines[1].capped_on_this_deal);
    }

    #[test]
    fn the_trace_walks_through_every_step_to_agent_net() {
        let (roster, book, agent) = setup();
        let payouts = compute_payouts(&[deal(agent, d(2025, 3, 1), dec!(5000))], &roster, &book);
        let line = &payouts.lines[0];
        let rules: Vec<Rule> = line.trace.iter().map(|s| s.rule).collect();
        assert_eq!(
            rules,
            [
                Rule::GciShare,
                Rule::SplitRate,
                Rule::CompanySplit,
                Rule::AgentGross,
                Rule::AgentNet
            ]
        );
        let company = &line.trace[2];
        assert_eq!(company.result, dec!(1000));
        assert!(
            company
                .note
                .as_deref()
                .unwrap()
                .starts_with("capped on this deal")
        );
        assert!(
            company
                .inputs
                .iter()
                .any(|i| i.name == "leftToCap" && i.value == dec!(1000))
        );
        assert_eq!(line.trace.last().unwrap().result, line.agent_net);
    }
}
