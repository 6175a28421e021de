//! Over random plans and deals, every deal's GCI is accounted for to the cent:
//! GCI = referral off the top + franchise fees + Σ agent net + Σ post-split fees +
//! company split; no amount is negative; and the order deals are given in changes nothing.

use brokerdesk_core::commissions::plan::{
    CapYear, FeeAmount, FeePayee, FranchiseFee, PostSplitFee, Split, TeamMember, TeamSplit, Tier,
    TierBasis,
};
use brokerdesk_core::commissions::{
    CommissionPlan, Deal, DealAgent, DealStatus, PlanAssignment, PlanBook, PlanTerms, PlanVersion,
    Side, SplitOverride, compute_payouts,
};
use brokerdesk_core::ids::{CommissionPlanId, RosterAgentId};
use brokerdesk_core::roster::RosterAgent;
use chrono::{Duration, NaiveDate, Utc};
use proptest::prelude::*;
use rust_decimal::Decimal;
use uuid::Uuid;

const AGENTS: usize = 4;

fn agent(i: usize) -> RosterAgentId {
    RosterAgentId::from_uuid(Uuid::from_u128(1000 + i as u128))
}

fn percent() -> impl Strategy<Value = Decimal> {
    (0i64..=10_000).prop_map(|n| Decimal::new(n, 2))
}

fn money(max_cents: i64) -> impl Strategy<Value = Decimal> {
    (0i64..=max_cents).prop_map(|n| Decimal::new(n, 2))
}

fn split() -> impl Strategy<Value = Split> {
    prop_oneof![
        percent().prop_map(|agent_percent| Split::AgentPercent { agent_percent }),
        money(300_000).prop_map(|amount| Split::FlatFeeToCompany { amount }),
        (
            prop_oneof![
                Just(TierBasis::Gci),
                Just(TierBasis::CompanyDollar),
                Just(TierBasis::ClosedSides)
            ],
            percent(),
            percent(),
            1i64..50_000,
        )
            .prop_map(|(basis, low, high, threshold)| Split::Tiered {
                basis,
                tiers: vec![
                    Tier {
                        from: Decimal::ZERO,
                        agent_percent: low
                    },
                    Tier {
                        from: Decimal::new(threshold, 1),
                        agent_percent: high
                    },
                ],
            }),
    ]
}

fn fee() -> impl Strategy<Value = Option<PostSplitFee>> {
    proptest::option::of(
        (
            prop_oneof![
                money(100_000).prop_map(|amount| FeeAmount::Flat { amount }),
                percent().prop_map(|percent| FeeAmount::PercentOfAgentGross { percent }),
            ],
            proptest::option::of(money(500_000)),
            any::<bool>(),
        )
            .prop_map(|(amount, annual_cap, company)| PostSplitFee {
                amount,
                annual_cap,
                payee: if company {
                    FeePayee::Company
                } else {
                    FeePayee::ThirdParty
                },
            }),
    )
}

fn terms() -> impl Strategy<Value = PlanTerms> {
    (
        split(),
        prop_oneof![
            Just(CapYear::Anniversary),
            Just(CapYear::CalendarYear),
            (1u32..=12, 1u32..=28).prop_map(|(month, day)| CapYear::Custom { month, day }),
        ],
        proptest::option::of(money(3_000_000)),
        proptest::option::of((percent(), proptest::option::of(money(500_000)))).prop_map(|f| {
            f.map(|(percent, annual_cap)| FranchiseFee {
                percent,
                annual_cap,
            })
        }),
        fee(),
        fee(),
        proptest::option::of(percent()),
    )
        .prop_map(
            |(split, cap_year, cap, franchise_fee, transaction_fee, errors_and_omissions, team)| {
                PlanTerms {
                    split,
                    cap_year,
                    company_dollar_cap: cap,
                    franchise_fee,
                    transaction_fee,
                    errors_and_omissions,
                    // Agent 0 leads a team of agents 1 and 2 when the plan has one.
                    team: team.map(|allocation_percent| TeamSplit {
                        lead: agent(0),
                        members: vec![
                            TeamMember {
                                agent: agent(1),
                                allocation_percent,
                            },
                            TeamMember {
                                agent: agent(2),
                                allocation_percent,
                            },
                        ],
                    }),
                }
            },
        )
}

fn allocations() -> impl Strategy<Value = Vec<Decimal>> {
    prop_oneof![
        Just(vec![Decimal::ONE_HUNDRED]),
        Just(vec![Decimal::new(50, 0), Decimal::new(50, 0)]),
        Just(vec![Decimal::new(6001, 2), Decimal::new(3999, 2)]),
        Just(vec![
            Decimal::new(3333, 2),
            Decimal::new(3333, 2),
            Decimal::new(3334, 2)
        ]),
    ]
}

fn deal() -> impl Strategy<Value = Deal> {
    (
        allocations(),
        proptest::sample::subsequence((0..AGENTS).collect::<Vec<_>>(), 1..=3).prop_shuffle(),
        money(10_000_000),
        0i64..1_000,
        prop_oneof![Just(Decimal::ZERO), percent()],
        any::<bool>(),
        any::<bool>(),
        proptest::collection::vec((0u8..3, proptest::option::of(percent())), 3),
        any::<u128>(),
    )
        .prop_map(
            |(allocs, who, gci, day, referral, off_top, closed, sides, id)| {
                let n = allocs.len().min(who.len());
                let allocs: Vec<Decimal> = if n == allocs.len() {
                    allocs
                } else {
                    vec![Decimal::ONE_HUNDRED]
                };
                let n = allocs.len();
                Deal {
                    id: Uuid::from_u128(id),
                    status: if closed {
                        DealStatus::Closed
                    } else {
                        DealStatus::Pending
                    },
                    contract_date: None,
                    closing_date: NaiveDate::from_ymd_opt(2024, 1, 1).unwrap()
                        + Duration::days(day),
                    paid_date: None,
                    sale_price: gci * Decimal::new(33, 0),
                    gci,
                    referral_percent: referral,
                    referral_off_the_top: off_top,
                    agents: (0..n)
                        .map(|i| DealAgent {
                            agent: agent(who[i]),
                            side: [Side::Listing, Side::Buying, Side::Both][sides[i].0 as usize],
                            allocation_percent: allocs[i],
                            split_override: sides[i].1.map(|agent_percent| SplitOverride {
                                agent_percent,
                                reason: "random".into(),
                            }),
                        })
                        .collect(),
                }
            },
        )
}

fn roster() -> Vec<RosterAgent> {
    (0..AGENTS)
        .map(|i| RosterAgent {
            id: agent(i),
            name: format!("Agent {i}"),
            email: format!("agent{i}@prop.test"),
            member_id: None,
            office: None,
            team: None,
            anniversary: NaiveDate::from_ymd_opt(2018, 1 + i as u32 * 3, 29),
            created_at: Utc::now(),
            updated_at: Utc::now(),
        })
        .collect()
}

fn book(versions: Vec<PlanTerms>) -> PlanBook {
    let plan = CommissionPlan {
        id: CommissionPlanId::from_uuid(Uuid::from_u128(7)),
        name: "Random".into(),
        versions: versions
            .into_iter()
            .enumerate()
            .map(|(i, terms)| PlanVersion {
                effective_from: NaiveDate::from_ymd_opt(2000 + i as i32 * 25, 1, 1).unwrap(),
                terms,
            })
            .collect(),
    };
    let assignments = (0..AGENTS)
        .map(|i| PlanAssignment {
            agent: agent(i),
            plan: plan.id,
            effective_from: NaiveDate::from_ymd_opt(2000, 1, 1).unwrap(),
        })
        .collect();
    PlanBook::new(vec![plan], assignments).expect("random terms are valid")
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn every_deal_is_accounted_for_to_the_cent(
        versions in proptest::collection::vec(terms(), 1..=2),
        deals in proptest::collection::vec(deal(), 1..25),
    ) {
        let roster = roster();
        let book = book(versions);
        let payouts = compute_payouts(&deals, &roster, &book);
        for deal in &deals {
            if payouts.unpaid.iter().any(|u| u.deal_id == deal.id) {
                continue;
            }
            let lines: Vec<_> = payouts.lines.iter().filter(|l| l.deal_id == deal.id).collect();
            prop_assert!(lines.len() >= deal.agents.len());
            let accounted: Decimal = lines
                .iter()
                .map(|l| l.referral + l.franchise_fee + l.agent_net + l.fees_total() + l.company_split)
                .sum();
            prop_assert_eq!(accounted, deal.gci);
            for line in lines {
                for amount in [line.referral, line.franchise_fee, line.agent_gross, line.agent_net, line.company_split] {
                    prop_assert!(amount >= Decimal::ZERO, "negative amount on {:?}", line.trace);
                    prop_assert!(amount.normalize().scale() <= 2, "not cents: {}", amount);
                }
            }
        }
        // Random ids may repeat; only deals with distinct ids are expected to be paid.
        let mut ids: Vec<Uuid> = deals.iter().map(|d| d.id).collect();
        ids.sort();
        ids.dedup();
        if ids.len() == deals.len() {
            prop_assert!(payouts.unpaid.is_empty(), "{:?}", payouts.unpaid);
        }
        let mut reversed = deals.clone();
        reversed.reverse();
        prop_assert_eq!(compute_payouts(&reversed, &roster, &book), payouts, "input order matters");
    }
}
