//! Deals as the engine sees them, read from the stored transactions: the one mapping
//! the server and the desktop app both use, so their reports agree.
//!
//! - **Status**: the tenant's status groups as of `today` (ARCHIVED is closed once its
//!   closing date has passed). Closed → [`DealStatus::Closed`], pending →
//!   [`DealStatus::Pending`]; active and cancelled deals earn nothing and are left out,
//!   as is a deal with no closing date (nothing to order it by, nor to project it to).
//! - **GCI**: the transaction's commission total. When the total is missing, the
//!   commission rate × the price ([`TransactionFields::price`]), rounded to the cent,
//!   since Dotloop loops often carry only the rate until the closing statement. A deal
//!   with neither earns nothing known and is left out.
//! - **Referral**: the transaction's Referral %, paid to the other brokerage off the top
//!   (that is what Dotloop's field records).
//! - **Agents**: participants matched to the roster (by email, then name); sides from
//!   roles (listing → listing side, buying → buying side, one agent in both → a double
//!   end by that agent alone, side `Both`). The allocation is split evenly among the
//!   brokerage's agents to 2 decimals, the leftover to the first-listed agent, as core's
//!   money rule does for cents. A deal without a roster agent is left out: it is no
//!   agent's production (loop health lists it).
//! - **Paid date**: the transaction's paid date, else its closing date; a pending deal
//!   has none.
//! - **Split overrides**: the deal's [`CommissionOverride`]s, kept apart from the
//!   transaction (an import rewrites the transaction), set on the agents they name; one
//!   for an agent the matching does not put on the deal is left unused.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::deal::{Deal, DealAgent, DealStatus, Side};
use super::money::{allocate, percent_of};
use super::overrides::{CommissionOverride, apply_overrides};
use crate::roster::RosterAgent;
use crate::transactions::agents::{MatchedAgent, RosterIndex, Side as LoopSide};
use crate::transactions::status::{StatusGroup, StatusMapping};
use crate::transactions::{Transaction, TransactionFields};

/// Every transaction the engine pays or projects, in the input order, with the split
/// overrides agreed on them.
pub fn deals_from_transactions(
    transactions: &[Transaction],
    roster: &[RosterAgent],
    overrides: &[CommissionOverride],
    mapping: &StatusMapping,
    today: NaiveDate,
) -> Vec<Deal> {
    let index = RosterIndex::new(roster);
    let mut deals: Vec<Deal> = transactions
        .iter()
        .filter_map(|t| deal_from(t.id.as_uuid(), &t.fields, &index, mapping, today))
        .collect();
    apply_overrides(&mut deals, overrides);
    deals
}

/// One transaction as a deal, when it is closed or pending and earns something known.
pub fn deal_from(
    id: uuid::Uuid,
    fields: &TransactionFields,
    index: &RosterIndex,
    mapping: &StatusMapping,
    today: NaiveDate,
) -> Option<Deal> {
    let closing_date = fields.closing_date?;
    let status = match mapping.group(fields.status.as_deref(), Some(closing_date), today) {
        StatusGroup::Closed => DealStatus::Closed,
        StatusGroup::Pending => DealStatus::Pending,
        StatusGroup::Active | StatusGroup::Cancelled => return None,
    };
    let price = fields.price().unwrap_or(Decimal::ZERO);
    let gci = match (fields.commission_total, fields.commission_rate) {
        (Some(total), _) => total,
        (None, Some(rate)) => percent_of(price, rate),
        (None, None) => return None,
    };
    let agents = deal_agents(&index.match_agents(fields).matched);
    if agents.is_empty() {
        return None;
    }
    Some(Deal {
        id,
        status,
        contract_date: fields.contract_date,
        closing_date,
        paid_date: match status {
            DealStatus::Closed => fields.effective_paid_date(),
            DealStatus::Pending => None,
        },
        sale_price: price,
        gci,
        referral_percent: fields.referral_percent.unwrap_or(Decimal::ZERO),
        referral_off_the_top: true,
        agents,
    })
}

/// The matched participants as the deal's agents: one entry per roster agent (an agent
/// in two roles on one side is one agent; in both sides, a double end), in the order
/// they first appear, with an even allocation.
fn deal_agents(matched: &[MatchedAgent]) -> Vec<DealAgent> {
    let mut sides: Vec<(crate::ids::RosterAgentId, Side)> = Vec::new();
    for m in matched {
        // A participant whose role and loop type say no side is counted on the listing
        // side: one side credit, never an invented double end.
        let side = match m.side {
            Some(LoopSide::Buy) => Side::Buying,
            Some(LoopSide::Sell) | None => Side::Listing,
        };
        match sides.iter_mut().find(|(agent, _)| *agent == m.agent_id) {
            Some((_, existing)) if *existing != side => *existing = Side::Both,
            Some(_) => {}
            None => sides.push((m.agent_id, side)),
        }
    }
    let weights = vec![Decimal::ONE; sides.len()];
    let shares = allocate(Decimal::ONE_HUNDRED, &weights, 2);
    sides
        .into_iter()
        .zip(shares)
        .map(|((agent, side), allocation_percent)| DealAgent {
            agent,
            side,
            allocation_percent,
            split_override: None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::{RosterAgentId, TransactionId};
    use crate::transactions::Participant;
    use chrono::Utc;
    use rust_decimal::dec;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn agent(name: &str, email: &str) -> RosterAgent {
        RosterAgent {
            id: RosterAgentId::new(),
            name: name.into(),
            email: email.into(),
            member_id: None,
            office: None,
            team: None,
            anniversary: None,
            created_at: Utc::now(),
            updated_at: Utc::now(),
        }
    }

    fn on(who: &RosterAgent, role: &str) -> Participant {
        Participant {
            name: who.name.clone(),
            email: Some(who.email.clone()),
            role: Some(role.into()),
        }
    }

    fn deal(status: &str, participants: Vec<Participant>) -> Transaction {
        Transaction {
            id: TransactionId::new(),
            fields: TransactionFields {
                name: "1 Elm St".into(),
                status: Some(status.into()),
                sale_price: Some(dec!(400000)),
                commission_rate: Some(dec!(3)),
                commission_total: Some(dec!(12000)),
                referral_percent: Some(dec!(25)),
                contract_date: Some(day(2026, 1, 10)),
                closing_date: Some(day(2026, 2, 20)),
                participants,
                ..Default::default()
            },
            created_at: Utc::now(),
            updated_at: Utc::now(),
            version: 1,
        }
    }

    #[test]
    fn status_groups_decide_what_counts() {
        let ann = agent("Ann Lee", "ann@acme.test");
        let roster = [ann.clone()];
        let today = day(2026, 6, 1);
        let mapping = StatusMapping::default();
        let mut archived_future = deal("ARCHIVED", vec![on(&ann, "LISTING_AGENT")]);
        archived_future.fields.closing_date = Some(day(2026, 7, 1));
        let mut no_closing = deal("SOLD", vec![on(&ann, "LISTING_AGENT")]);
        no_closing.fields.closing_date = None;
        let all = [
            deal("SOLD", vec![on(&ann, "LISTING_AGENT")]),
            deal("ARCHIVED", vec![on(&ann, "LISTING_AGENT")]),
            deal("UNDER_CONTRACT", vec![on(&ann, "LISTING_AGENT")]),
            deal("ACTIVE_LISTING", vec![on(&ann, "LISTING_AGENT")]),
            deal("WITHDRAWN", vec![on(&ann, "LISTING_AGENT")]),
            archived_future,
            no_closing,
        ];
        let deals = deals_from_transactions(&all, &roster, &[], &mapping, today);
        let statuses: Vec<DealStatus> = deals.iter().map(|d| d.status).collect();
        assert_eq!(
            statuses,
            [DealStatus::Closed, DealStatus::Closed, DealStatus::Pending],
            "sold, archived after closing, under contract; not active, cancelled, \
             archived before closing, nor without a closing date"
        );
        assert_eq!(
            deals[0].paid_date,
            Some(day(2026, 2, 20)),
            "paid on closing"
        );
        assert_eq!(deals[2].paid_date, None, "a pending deal is not paid");
        assert_eq!(deals[0].gci, dec!(12000));
        assert_eq!(deals[0].referral_percent, dec!(25));
        assert!(deals[0].referral_off_the_top);
        assert!(deals.iter().all(|d| d.validate().is_ok()));
    }

    #[test]
    fn gci_falls_back_to_rate_times_price_and_unknown_gci_is_left_out() {
        let ann = agent("Ann Lee", "ann@acme.test");
        let index = RosterIndex::new(std::slice::from_ref(&ann));
        let mapping = StatusMapping::default();
        let mut rate_only = deal("SOLD", vec![on(&ann, "LISTING_AGENT")]).fields;
        rate_only.commission_total = None;
        rate_only.sale_price = Some(dec!(333333.33));
        rate_only.commission_rate = Some(dec!(2.5));
        let today = day(2026, 6, 1);
        let read = deal_from(uuid::Uuid::nil(), &rate_only, &index, &mapping, today).unwrap();
        assert_eq!(read.gci, dec!(8333.33), "2.5 % of 333,333.33 = 8,333.33325");
        rate_only.commission_rate = None;
        assert!(deal_from(uuid::Uuid::nil(), &rate_only, &index, &mapping, today).is_none());
    }

    #[test]
    fn sides_from_roles_and_an_even_allocation_with_the_leftover_first() {
        let (ann, bob, cat) = (
            agent("Ann Lee", "ann@acme.test"),
            agent("Bob Ray", "bob@acme.test"),
            agent("Cat Moss", "cat@acme.test"),
        );
        let roster = [ann.clone(), bob.clone(), cat.clone()];
        let outsider = Participant {
            name: "Olga Other".into(),
            email: Some("olga@elsewhere.test".into()),
            role: Some("BUYING_AGENT".into()),
        };
        let three = deal(
            "SOLD",
            vec![
                on(&ann, "LISTING_AGENT"),
                on(&bob, "BUYING_AGENT"),
                on(&cat, "BUYING_AGENT"),
                outsider.clone(),
            ],
        );
        let alone = deal(
            "SOLD",
            vec![on(&ann, "LISTING_AGENT"), on(&ann, "BUYING_AGENT")],
        );
        let nobody = deal("SOLD", vec![outsider]);
        let today = day(2026, 6, 1);
        let deals = deals_from_transactions(
            &[three, alone, nobody],
            &roster,
            &[],
            &StatusMapping::default(),
            today,
        );
        assert_eq!(deals.len(), 2, "a deal with no roster agent is left out");
        let shares: Vec<(RosterAgentId, Side, Decimal)> = deals[0]
            .agents
            .iter()
            .map(|a| (a.agent, a.side, a.allocation_percent))
            .collect();
        assert_eq!(
            shares,
            [
                (ann.id, Side::Listing, dec!(33.34)),
                (bob.id, Side::Buying, dec!(33.33)),
                (cat.id, Side::Buying, dec!(33.33)),
            ]
        );
        assert!(deals[0].is_double_end());
        assert_eq!(deals[1].agents.len(), 1);
        assert_eq!(
            deals[1].agents[0].side,
            Side::Both,
            "one agent on both sides"
        );
        assert_eq!(deals[1].agents[0].allocation_percent, dec!(100));
    }

    #[test]
    fn an_override_pays_its_split_with_its_reason_and_the_cap_still_applies() {
        use crate::commissions::book::{CommissionPlan, PlanAssignment, PlanBook};
        use crate::commissions::compute_payouts;
        use crate::commissions::line::Rule;
        use crate::commissions::plan::{CapYear, PlanTerms, PlanVersion, Split};
        use crate::ids::{CommissionOverrideId, CommissionPlanId};

        let (ann, bob, cat) = (
            agent("Ann Lee", "ann@acme.test"),
            agent("Bob Ray", "bob@acme.test"),
            agent("Cat Moss", "cat@acme.test"),
        );
        let roster = [ann.clone(), bob.clone(), cat.clone()];
        let plan = CommissionPlan {
            id: CommissionPlanId::new(),
            name: "70/30 capped".into(),
            versions: vec![PlanVersion {
                effective_from: day(2020, 1, 1),
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
        let on_plan = |who: &RosterAgent| PlanAssignment {
            agent: who.id,
            plan: plan.id,
            effective_from: day(2020, 1, 1),
        };
        let assignments = vec![on_plan(&ann), on_plan(&bob), on_plan(&cat)];
        let book = PlanBook::new(vec![plan.clone()], assignments).unwrap();
        let both = || {
            deal(
                "SOLD",
                vec![on(&ann, "LISTING_AGENT"), on(&bob, "BUYING_AGENT")],
            )
        };
        let first = both();
        let mut second = both();
        second.fields.closing_date = Some(day(2026, 3, 20));
        let override_for =
            |t: &Transaction, who: &RosterAgent, percent: Decimal| CommissionOverride {
                id: CommissionOverrideId::new(),
                transaction: t.id,
                agent: who.id,
                agent_percent: percent,
                reason: "Retention deal".into(),
                created_at: Utc::now(),
                updated_at: Utc::now(),
                version: 1,
            };
        let overrides = [
            override_for(&first, &ann, dec!(85)),
            override_for(&second, &ann, dec!(85)),
            // Cat is not on the deal: her override changes nothing.
            override_for(&first, &cat, dec!(100)),
        ];
        let deals = deals_from_transactions(
            &[first.clone(), second.clone()],
            &roster,
            &overrides,
            &StatusMapping::default(),
            day(2026, 6, 1),
        );
        assert_eq!(
            deals[0].agents.len(),
            2,
            "the override did not put Cat on the deal"
        );
        assert!(
            deals[0].agents[1].split_override.is_none(),
            "Bob keeps his plan"
        );
        let payouts = compute_payouts(&deals, &roster, &book);
        assert!(payouts.unpaid.is_empty(), "{:?}", payouts.unpaid);
        let line = |deal: &Transaction, who: &RosterAgent| {
            payouts
                .lines
                .iter()
                .find(|l| l.deal_id == deal.id.as_uuid() && l.agent == who.id)
                .unwrap()
        };
        // GCI 12,000 split evenly, 25 % referral off the top: 4,500 splittable each.
        let ann_first = line(&first, &ann);
        assert_eq!(
            (ann_first.agent_gross, ann_first.company_split),
            (dec!(3825.00), dec!(675.00)),
            "85 % of 4,500 instead of the plan's 70 %"
        );
        let rate = ann_first
            .trace
            .iter()
            .find(|s| s.rule == Rule::SplitRate)
            .unwrap();
        assert_eq!(rate.result, dec!(85));
        assert_eq!(
            rate.note.as_deref(),
            Some("this deal's override: Retention deal")
        );
        let bob_first = line(&first, &bob);
        assert_eq!(
            bob_first.company_split,
            dec!(1000),
            "Bob at 70 % (1,350), limited by his cap"
        );
        let ann_second = line(&second, &ann);
        assert_eq!(
            (ann_second.company_split, ann_second.agent_gross),
            (dec!(325.00), dec!(4175.00)),
            "the cap applies under an override: only what was left to it"
        );
        assert!(ann_second.capped_on_this_deal);
        for deal in [&first, &second] {
            let lines: Vec<_> = payouts
                .lines
                .iter()
                .filter(|l| l.deal_id == deal.id.as_uuid())
                .collect();
            let accounted: Decimal = lines
                .iter()
                .map(|l| {
                    l.referral + l.franchise_fee + l.agent_net + l.fees_total() + l.company_split
                })
                .sum();
            assert_eq!(accounted, dec!(12000), "every cent of GCI is accounted for");
        }
    }
}
