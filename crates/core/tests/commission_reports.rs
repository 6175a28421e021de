//! The reports over a small book whose figures are worked out by hand in the comments:
//! production (by agent, month, year; written vs closed; year over year), cap progress
//! with a projected cap date, 1099 totals on the paid date, one agent's view, and a
//! simulation of a plan version against what was paid.
//!
//! The book, on a 70/30 plan with a 10000 calendar-year cap and a 100 transaction fee:
//! - A 2024-03-10, ann lists, 300000, GCI 9000: gross 6300, net 6200, company 2700.
//! - B 2025-02-15, a double end: ann lists and ben buys, 50 % each of GCI 20000, price
//!   500000, 30 days from contract: each gross 7000, net 6900, company 3000.
//! - C 2025-12-30, paid 2026-01-08, ben buys, 400000, GCI 12000, 40 days: gross 8400,
//!   net 8300, company 3600.
//! - D pending, expected 2025-12-20, ann lists, 600000, GCI 30000 with a 10 % referral
//!   off the top (3000): 30 % of 27000 = 8100 but 7000 is left to ann's cap, so the
//!   projection caps her on D: company 7000, gross 20000, net 19900.

use brokerdesk_core::commissions::plan::{CapYear, FeeAmount, FeePayee, PostSplitFee, Split};
use brokerdesk_core::commissions::reports::cap_progress::cap_progress;
use brokerdesk_core::commissions::reports::compare::{
    written_vs_closed, year_over_year, year_over_year_same_plan,
};
use brokerdesk_core::commissions::reports::production::{
    DateBasis, GroupBy, GroupKey, ProductionQuery, lines_behind, production,
};
use brokerdesk_core::commissions::reports::tax1099::totals_1099;
use brokerdesk_core::commissions::reports::{Period, restrict_to_agent};
use brokerdesk_core::commissions::simulate::{SimulationRequest, simulate};
use brokerdesk_core::commissions::{
    CommissionPlan, Deal, DealAgent, DealStatus, PayoutLine, PlanAssignment, PlanBook, PlanTerms,
    PlanVersion, Side, compute_payouts,
};
use brokerdesk_core::ids::{CommissionPlanId, RosterAgentId};
use brokerdesk_core::roster::RosterAgent;
use chrono::{NaiveDate, Utc};
use rust_decimal::{Decimal, dec};
use uuid::Uuid;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

const P70: CommissionPlanId = CommissionPlanId::from_uuid(Uuid::from_u128(70));
const P80: CommissionPlanId = CommissionPlanId::from_uuid(Uuid::from_u128(80));
const ANN: RosterAgentId = RosterAgentId::from_uuid(Uuid::from_u128(1));
const BEN: RosterAgentId = RosterAgentId::from_uuid(Uuid::from_u128(2));

fn agent(id: RosterAgentId, name: &str, team: Option<&str>) -> RosterAgent {
    RosterAgent {
        id,
        name: name.into(),
        email: format!("{}@reports.test", name.to_lowercase()),
        member_id: None,
        office: Some("Downtown".into()),
        team: team.map(str::to_owned),
        anniversary: Some(d(2020, 6, 1)),
        created_at: Utc::now(),
        updated_at: Utc::now(),
    }
}

fn terms(agent_percent: Decimal, cap: Option<Decimal>, fee: bool) -> PlanTerms {
    PlanTerms {
        split: Split::AgentPercent { agent_percent },
        cap_year: CapYear::CalendarYear,
        company_dollar_cap: cap,
        franchise_fee: None,
        transaction_fee: fee.then(|| PostSplitFee {
            amount: FeeAmount::Flat { amount: dec!(100) },
            annual_cap: None,
            payee: FeePayee::Company,
        }),
        errors_and_omissions: None,
        team: None,
    }
}

fn deal(
    n: u128,
    closing: NaiveDate,
    contract: NaiveDate,
    price: Decimal,
    gci: Decimal,
    agents: &[(RosterAgentId, Side, Decimal)],
) -> Deal {
    Deal {
        id: Uuid::from_u128(n),
        status: DealStatus::Closed,
        contract_date: Some(contract),
        closing_date: closing,
        paid_date: Some(closing + chrono::Duration::days(2)),
        sale_price: price,
        gci,
        referral_percent: Decimal::ZERO,
        referral_off_the_top: true,
        agents: agents
            .iter()
            .map(|(agent, side, allocation_percent)| DealAgent {
                agent: *agent,
                side: *side,
                allocation_percent: *allocation_percent,
                split_override: None,
            })
            .collect(),
    }
}

struct World {
    deals: Vec<Deal>,
    roster: Vec<RosterAgent>,
    book: PlanBook,
    lines: Vec<PayoutLine>,
}

fn world() -> World {
    let a = deal(
        1,
        d(2024, 3, 10),
        d(2024, 2, 1),
        dec!(300000),
        dec!(9000),
        &[(ANN, Side::Listing, dec!(100))],
    );
    let b = deal(
        2,
        d(2025, 2, 15),
        d(2025, 1, 16),
        dec!(500000),
        dec!(20000),
        &[
            (ANN, Side::Listing, dec!(50)),
            (BEN, Side::Buying, dec!(50)),
        ],
    );
    let mut c = deal(
        3,
        d(2025, 12, 30),
        d(2025, 11, 20),
        dec!(400000),
        dec!(12000),
        &[(BEN, Side::Buying, dec!(100))],
    );
    c.paid_date = Some(d(2026, 1, 8));
    let mut pending = deal(
        4,
        d(2025, 12, 20),
        d(2025, 12, 1),
        dec!(600000),
        dec!(30000),
        &[(ANN, Side::Listing, dec!(100))],
    );
    pending.status = DealStatus::Pending;
    pending.paid_date = None;
    pending.referral_percent = dec!(10);
    let plans = vec![
        CommissionPlan {
            id: P70,
            name: "Standard".into(),
            versions: vec![PlanVersion {
                effective_from: d(2020, 1, 1),
                terms: terms(dec!(70), Some(dec!(10000)), true),
            }],
        },
        CommissionPlan {
            id: P80,
            name: "Senior".into(),
            versions: vec![PlanVersion {
                effective_from: d(2020, 1, 1),
                terms: terms(dec!(80), None, false),
            }],
        },
    ];
    let assignments = [ANN, BEN]
        .map(|agent| PlanAssignment {
            agent,
            plan: P70,
            effective_from: d(2020, 1, 1),
        })
        .to_vec();
    let book = PlanBook::new(plans, assignments).unwrap();
    let roster = vec![agent(ANN, "Ann", Some("Harbor")), agent(BEN, "Ben", None)];
    let deals = vec![a, b, c, pending];
    let payouts = compute_payouts(&deals, &roster, &book);
    assert!(payouts.unpaid.is_empty());
    World {
        deals,
        roster,
        book,
        lines: payouts.lines,
    }
}

fn closed_2025(group_by: GroupBy) -> ProductionQuery {
    ProductionQuery {
        period: Period::year(2025),
        group_by,
        basis: DateBasis::Closed,
    }
}

#[test]
fn production_by_agent_counts_money_sides_and_the_pipeline() {
    let w = world();
    let report = production(&w.lines, &w.roster, &closed_2025(GroupBy::Agent));
    let ann = &report
        .rows
        .iter()
        .find(|r| r.key == GroupKey::Agent(ANN))
        .unwrap()
        .figures;
    assert_eq!(
        (ann.gci, ann.agent_gross, ann.agent_net),
        (dec!(10000), dec!(7000), dec!(6900))
    );
    assert_eq!(
        ann.company_dollar,
        dec!(3100),
        "split 3000 + the 100 fee the company keeps"
    );
    assert_eq!(
        (
            ann.list_sides,
            ann.buy_sides,
            ann.double_ends,
            ann.deal_count
        ),
        (dec!(1), dec!(0), 1, 1)
    );
    assert_eq!(ann.volume, dec!(500000));
    assert_eq!(ann.median_days_to_close, Some(dec!(30)));
    assert_eq!(
        (ann.pending_deal_count, ann.pending_expected_gci),
        (1, dec!(30000))
    );
    assert_eq!(
        ann.pending_expected_company_dollar,
        dec!(7100),
        "capped split 7000 + fee 100"
    );
    let ben = &report
        .rows
        .iter()
        .find(|r| r.key == GroupKey::Agent(BEN))
        .unwrap();
    assert_eq!(ben.label, "Ben");
    let ben = &ben.figures;
    assert_eq!(
        (ben.gci, ben.agent_net, ben.company_dollar),
        (dec!(22000), dec!(15200), dec!(6800))
    );
    assert_eq!((ben.buy_sides, ben.deal_count), (dec!(2), 2));
    assert_eq!(ben.average_price, Some(dec!(450000)));
    assert_eq!(ben.average_commission_per_side, Some(dec!(11000)));
    assert_eq!(
        ben.median_days_to_close,
        Some(dec!(35)),
        "between 30 and 40"
    );

    let total = &report.total;
    assert_eq!((total.gci, total.adjusted_gci), (dec!(32000), dec!(32000)));
    assert_eq!(total.deal_count, 2, "the double end is one deal");
    assert_eq!(total.list_sides + total.buy_sides, dec!(3), "and two sides");
    assert_eq!(total.volume, dec!(1400000));
    assert_eq!(total.average_price, Some(dec!(466666.67)));
    assert_eq!(total.average_commission_per_side, Some(dec!(10666.67)));
    assert_eq!(total.pending_expected_gci, dec!(30000));
}

#[test]
fn a_rows_drill_down_holds_exactly_the_lines_it_sums() {
    let w = world();
    for group_by in [GroupBy::Agent, GroupBy::Month, GroupBy::Year] {
        let query = closed_2025(group_by);
        let report = production(&w.lines, &w.roster, &query);
        for row in &report.rows {
            let behind = lines_behind(&w.lines, &w.roster, &query, Some(&row.key));
            let closed = behind.iter().filter(|l| l.status == DealStatus::Closed);
            let pending = behind.iter().filter(|l| l.status == DealStatus::Pending);
            assert_eq!(closed.map(|l| l.gci).sum::<Decimal>(), row.figures.gci);
            assert_eq!(
                pending.map(|l| l.gci).sum::<Decimal>(),
                row.figures.pending_expected_gci
            );
        }
        // The total's lines: B's two, C's and the pending D; not A (2024).
        let all = lines_behind(&w.lines, &w.roster, &query, None);
        assert_eq!(all.len(), 4, "{group_by:?}");
    }
    // Ann's 2025 lines: her half of B and the pending D.
    let ann = lines_behind(
        &w.lines,
        &w.roster,
        &closed_2025(GroupBy::Agent),
        Some(&GroupKey::Agent(ANN)),
    );
    assert_eq!(ann.len(), 2);
    assert!(ann.iter().all(|l| l.agent == ANN));
}

#[test]
fn groups_by_team_month_and_written_date() {
    let w = world();
    let by_team = production(&w.lines, &w.roster, &closed_2025(GroupBy::Team));
    let labels: Vec<&str> = by_team.rows.iter().map(|r| r.label.as_str()).collect();
    assert_eq!(labels, ["No team", "Harbor"]);
    let compared = written_vs_closed(&w.lines, &w.roster, &closed_2025(GroupBy::Month));
    let month = |m: u32| {
        compared
            .rows
            .iter()
            .find(|r| {
                r.key
                    == GroupKey::Month {
                        year: 2025,
                        month: m,
                    }
            })
            .unwrap()
    };
    assert_eq!(month(1).first.gci, dec!(20000), "B was written in January");
    assert_eq!(month(2).second.gci, dec!(20000), "and closed in February");
    assert_eq!(
        month(12).first.pending_expected_gci,
        dec!(30000),
        "D written in December, still pending"
    );
    assert_eq!(month(12).second.gci, dec!(12000), "C closed in December");
    assert_eq!(month(11).first.gci, dec!(12000), "C written in November");
}

#[test]
fn year_over_year_matches_a_year_with_the_year_before() {
    let w = world();
    let query = closed_2025(GroupBy::Year);
    let yoy = year_over_year(&w.lines, &w.lines, &w.roster, &query);
    assert_eq!(yoy.rows.len(), 1);
    assert_eq!(yoy.rows[0].key, GroupKey::Year(2025));
    assert_eq!(
        (yoy.rows[0].first.gci, yoy.rows[0].second.gci),
        (dec!(32000), dec!(9000))
    );
    let same =
        year_over_year_same_plan(&w.deals, &w.roster, &w.book, P80, d(2020, 1, 1), &query).unwrap();
    assert_eq!(
        same.second_total.agent_gross,
        dec!(7200),
        "2024 under the 80 % plan"
    );
    assert_eq!(
        same.first_total.agent_gross,
        dec!(25600),
        "2025: 80 % of 32000"
    );
}

#[test]
fn cap_progress_projects_the_cap_date_from_pending_deals() {
    let w = world();
    let progress = cap_progress(&w.lines, &w.roster, &w.book, d(2025, 12, 1));
    let ann = progress.iter().find(|p| p.agent == ANN).unwrap();
    assert_eq!((ann.counted, ann.left_to_cap), (dec!(3000), dec!(7000)));
    assert_eq!(
        (ann.cap_year_start, ann.cap_year_end),
        (d(2025, 1, 1), d(2026, 1, 1))
    );
    assert_eq!(ann.projected_cap_date, Some(d(2025, 12, 20)));
    assert_eq!(ann.capped_on, None);
    let ben = progress.iter().find(|p| p.agent == BEN).unwrap();
    assert_eq!(
        (ben.counted, ben.left_to_cap, ben.projected_cap_date),
        (dec!(3000), dec!(7000), None)
    );
    let year_end = cap_progress(&w.lines, &w.roster, &w.book, d(2025, 12, 31));
    let ben = year_end.iter().find(|p| p.agent == BEN).unwrap();
    assert_eq!(ben.counted, dec!(6600), "C counts once it has closed");
}

#[test]
fn the_1099_counts_the_paid_date_beside_production() {
    let w = world();
    let y2025 = totals_1099(&w.lines, 2025);
    let ben = y2025.iter().find(|t| t.agent == BEN).unwrap();
    assert_eq!(
        ben.paid_net,
        dec!(6900),
        "C, closed in December, was paid in January"
    );
    assert_eq!(ben.closed_net, dec!(15200));
    assert_eq!(ben.closed_unpaid_net, dec!(0));
    let y2026 = totals_1099(&w.lines, 2026);
    assert_eq!(y2026.len(), 1);
    assert_eq!(
        (y2026[0].agent, y2026[0].paid_net, y2026[0].closed_net),
        (BEN, dec!(8300), dec!(0))
    );
}

#[test]
fn an_agent_sees_only_their_own_lines() {
    let w = world();
    let ben_only = restrict_to_agent(&w.lines, BEN);
    assert!(ben_only.iter().all(|l| l.agent == BEN));
    let report = production(&ben_only, &w.roster, &closed_2025(GroupBy::Agent));
    assert_eq!(report.rows.len(), 1);
    assert_eq!(report.total.gci, dec!(22000));
    assert_eq!(
        report.total.pending_expected_gci,
        dec!(0),
        "ann's pipeline is not ben's to see"
    );
}

#[test]
fn a_simulation_shows_what_another_version_would_have_paid() {
    let w = world();
    let request = SimulationRequest {
        plan: P80,
        version_from: d(2020, 1, 1),
        agents: vec![ANN],
        period: Period::year(2025),
    };
    let sim = simulate(&w.deals, &w.roster, &w.book, &request).unwrap();
    let ann = &sim.agents[0].comparison;
    assert_eq!(
        (ann.actual.agent_net, ann.simulated.agent_net),
        (dec!(6900), dec!(8000))
    );
    assert_eq!(ann.difference.agent_net, dec!(1100));
    assert_eq!(ann.difference.company_dollar, dec!(-1100));
    assert_eq!(sim.total, *ann);
    assert!(
        simulate(
            &w.deals,
            &w.roster,
            &w.book,
            &SimulationRequest {
                plan: CommissionPlanId::new(),
                ..request
            }
        )
        .is_err()
    );
}
