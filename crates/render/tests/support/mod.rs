//! Report data for the render tests and the bench, made by core's engine: a small
//! brokerage whose figures are worked out by hand below, and a large synthetic one.
//!
//! The small brokerage, "Harbor Realty", on one 70/30 plan with a 10,000 calendar-year
//! cap and a 100 transaction fee kept by the company:
//! - 2024-03-10 Ann lists, 300,000, GCI 9,000: company 2,700, net 6,200.
//! - 2024-11-15 Ben buys, 450,000, GCI 13,500: company 4,050, net 9,350.
//! - 2025-02-15 Ann lists and Ben buys (50 % each), 500,000, GCI 20,000: each company
//!   3,000, gross 7,000, net 6,900.
//! - 2025-06-05 Eve (named like a formula) lists, 250,000, GCI 7,500.25: her 70 % is
//!   5,250.175, rounded to 5,250.18; company 2,250.07; net 5,150.18.
//! - 2025-11-28 Ben buys, 400,000, GCI 12,000: company 3,600, net 8,300.
//! - Pending, expected 2025-12-20, Ann lists, 600,000, GCI 30,000 with a 10 % referral
//!   off the top: 7,000 left to her cap, so she caps on it.
//!
//! 2025 closed: GCI 39,500.25; company split 11,850.07 plus 4 fees = company dollar
//! 12,250.07; agent net 27,250.18; volume 1,650,000 (the double end counts twice).
//! 2024: GCI 22,500, company dollar 6,950.

#![allow(dead_code)] // Each test binary and the bench use a part of it.

pub mod files;

use std::collections::HashMap;

use brokerdesk_core::commissions::plan::{CapYear, FeeAmount, FeePayee, PostSplitFee, Split};
use brokerdesk_core::commissions::{
    CommissionPlan, Deal, DealAgent, DealStatus, PayoutLine, PlanAssignment, PlanBook, PlanTerms,
    PlanVersion, Side, compute_payouts,
};
use brokerdesk_core::ids::{CommissionPlanId, RosterAgentId};
use brokerdesk_core::roster::RosterAgent;
use brokerdesk_core::transactions::status::StatusGroup;
use brokerdesk_render::annual::AnnualFigures;
use brokerdesk_render::chart::{PipelineGroup, pipeline_by_status};
use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use rust_decimal::Decimal;
use uuid::Uuid;

pub const YEAR: i32 = 2025;
pub const EVE_NAME: &str = "=cmd|' /C calc'!A0";

pub fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("a real day")
}

/// When the cache last synced: the "as of" of every export.
pub fn synced_at() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 12, 5, 9, 40, 0).unwrap()
}

pub fn agent_id(n: usize) -> RosterAgentId {
    RosterAgentId::from_uuid(Uuid::from_u128(0xA000 + n as u128))
}

pub struct Book {
    pub roster: Vec<RosterAgent>,
    pub book: PlanBook,
    pub deals: Vec<Deal>,
    pub lines: Vec<PayoutLine>,
    pub deal_names: HashMap<Uuid, String>,
}

impl Book {
    fn paid(roster: Vec<RosterAgent>, book: PlanBook, deals: Vec<Deal>) -> Self {
        let payouts = compute_payouts(&deals, &roster, &book);
        assert!(payouts.unpaid.is_empty(), "{:?}", payouts.unpaid);
        let deal_names = deals
            .iter()
            .enumerate()
            .map(|(i, d)| (d.id, format!("{} Harbor Way", 10 + i)))
            .collect();
        Self {
            roster,
            book,
            deals,
            lines: payouts.lines,
            deal_names,
        }
    }

    /// Closed deals in the closed group and pending ones in the pending group, plus a
    /// few active listings and cancelled deals, as a transaction list would have them.
    pub fn pipeline(&self) -> Vec<PipelineGroup> {
        let from_deals = self.deals.iter().map(|d| {
            let group = match d.status {
                DealStatus::Closed => StatusGroup::Closed,
                DealStatus::Pending => StatusGroup::Pending,
            };
            (group, d.gci)
        });
        let others = (0..self.deals.len() / 4).map(|i| {
            let group = if i % 3 == 0 {
                StatusGroup::Cancelled
            } else {
                StatusGroup::Active
            };
            (group, Decimal::from(9_000 + (i % 7) as i64 * 1_000))
        });
        pipeline_by_status(from_deals.chain(others))
    }

    /// The annual report's figures for 2025, as of the sync day.
    pub fn figures(&self) -> AnnualFigures {
        AnnualFigures::compute(
            &self.lines,
            &self.roster,
            &self.book,
            YEAR,
            day(2025, 12, 5),
        )
    }

    pub fn agent(&self, name: &str) -> &RosterAgent {
        self.roster
            .iter()
            .find(|a| a.name == name)
            .expect("on the roster")
    }
}

fn roster_agent(n: usize, name: &str, office: &str, team: Option<&str>) -> RosterAgent {
    RosterAgent {
        id: agent_id(n),
        name: name.to_owned(),
        email: format!("agent{n}@harbor.test"),
        member_id: None,
        office: Some(office.to_owned()),
        team: team.map(str::to_owned),
        anniversary: Some(day(2019, 1 + (n % 12) as u32, 1 + (n % 28) as u32)),
        created_at: Utc.with_ymd_and_hms(2024, 1, 1, 0, 0, 0).unwrap(),
        updated_at: Utc.with_ymd_and_hms(2024, 1, 1, 0, 0, 0).unwrap(),
    }
}

fn one_plan(agents: &[RosterAgent], cap_year: CapYear, cap: i64, fee: i64) -> PlanBook {
    let plan = CommissionPlanId::from_uuid(Uuid::from_u128(0x70));
    let terms = PlanTerms {
        split: Split::AgentPercent {
            agent_percent: Decimal::from(70),
        },
        cap_year,
        company_dollar_cap: Some(Decimal::from(cap)),
        franchise_fee: None,
        transaction_fee: Some(PostSplitFee {
            amount: FeeAmount::Flat {
                amount: Decimal::from(fee),
            },
            annual_cap: None,
            payee: FeePayee::Company,
        }),
        errors_and_omissions: None,
        team: None,
    };
    let plans = vec![CommissionPlan {
        id: plan,
        name: "Standard 70/30".into(),
        versions: vec![PlanVersion {
            effective_from: day(2020, 1, 1),
            terms,
        }],
    }];
    let assignments = agents
        .iter()
        .map(|a| PlanAssignment {
            agent: a.id,
            plan,
            effective_from: day(2020, 1, 1),
        })
        .collect();
    PlanBook::new(plans, assignments).expect("a valid plan")
}

struct Sale {
    n: u128,
    closing: NaiveDate,
    price: i64,
    gci: Decimal,
    agents: Vec<(RosterAgentId, Side, i64)>,
}

impl Sale {
    fn closed(self, paid_after: i64) -> Deal {
        Deal {
            id: Uuid::from_u128(0xD000 + self.n),
            status: DealStatus::Closed,
            contract_date: Some(self.closing - chrono::Duration::days(30 + (self.n % 20) as i64)),
            closing_date: self.closing,
            paid_date: Some(self.closing + chrono::Duration::days(paid_after)),
            sale_price: Decimal::from(self.price),
            gci: self.gci,
            referral_percent: Decimal::ZERO,
            referral_off_the_top: true,
            agents: self
                .agents
                .iter()
                .map(|(agent, side, percent)| DealAgent {
                    agent: *agent,
                    side: *side,
                    allocation_percent: Decimal::from(*percent),
                    split_override: None,
                })
                .collect(),
        }
    }
}

/// Harbor Realty: the hand-worked book above.
pub fn harbor() -> Book {
    let roster = vec![
        roster_agent(1, "Ann Archer", "Downtown", Some("Harbor team")),
        roster_agent(2, "Ben Brooks", "Downtown", None),
        roster_agent(3, EVE_NAME, "Uptown", None),
    ];
    let (ann, ben, eve) = (agent_id(1), agent_id(2), agent_id(3));
    let sale = |n, closing, price, gci: Decimal, agents| Sale {
        n,
        closing,
        price,
        gci,
        agents,
    };
    let mut pending = sale(
        6,
        day(2025, 12, 20),
        600_000,
        Decimal::from(30_000),
        vec![(ann, Side::Listing, 100)],
    )
    .closed(0);
    pending.status = DealStatus::Pending;
    pending.paid_date = None;
    pending.referral_percent = Decimal::from(10);
    let deals = vec![
        sale(
            1,
            day(2024, 3, 10),
            300_000,
            Decimal::from(9_000),
            vec![(ann, Side::Listing, 100)],
        )
        .closed(2),
        sale(
            2,
            day(2024, 11, 15),
            450_000,
            Decimal::from(13_500),
            vec![(ben, Side::Buying, 100)],
        )
        .closed(3),
        sale(
            3,
            day(2025, 2, 15),
            500_000,
            Decimal::from(20_000),
            vec![(ann, Side::Listing, 50), (ben, Side::Buying, 50)],
        )
        .closed(4),
        sale(
            4,
            day(2025, 6, 5),
            250_000,
            Decimal::new(750_025, 2),
            vec![(eve, Side::Listing, 100)],
        )
        .closed(4),
        sale(
            5,
            day(2025, 11, 28),
            400_000,
            Decimal::from(12_000),
            vec![(ben, Side::Buying, 100)],
        )
        .closed(4),
        pending,
    ];
    let book = one_plan(&roster, CapYear::CalendarYear, 10_000, 100);
    Book::paid(roster, book, deals)
}

/// A fixed pseudo-random sequence (SplitMix64), so every run draws the same book.
struct Draw(u64);

impl Draw {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        (z ^ (z >> 31)) % n
    }
}

/// `agents` agents and `deals` deals over 2024 and 2025 on an anniversary-capped plan;
/// deals expected after 2025-11-01 are still pending.
pub fn synthetic(agents: usize, deals: usize) -> Book {
    let offices = ["Downtown", "Uptown", "Lakeside", "Airport", "Old Town"];
    let roster: Vec<RosterAgent> = (0..agents)
        .map(|n| {
            let team = (n % 9 == 0).then_some("Harbor team");
            roster_agent(
                n,
                &format!("Agent {n:03}"),
                offices[n % offices.len()],
                team,
            )
        })
        .collect();
    let mut draw = Draw(7);
    let first = day(2024, 1, 1);
    let all = (0..deals)
        .map(|n| {
            let closing = first + chrono::Duration::days(draw.below(731) as i64);
            let price = 120_000 + 1_000 * draw.below(1_400) as i64;
            // 2.5 % to 3.4 % of the price, to the cent.
            let gci = Decimal::new(price * (250 + draw.below(90) as i64), 4).round_dp(2);
            let lead = roster[draw.below(agents as u64) as usize].id;
            let agents_on = if draw.below(8) == 0 {
                let other = roster[draw.below(agents as u64) as usize].id;
                if other == lead {
                    vec![(lead, Side::Both, 100)]
                } else {
                    vec![(lead, Side::Listing, 50), (other, Side::Buying, 50)]
                }
            } else {
                let side = if draw.below(2) == 0 {
                    Side::Listing
                } else {
                    Side::Buying
                };
                vec![(lead, side, 100)]
            };
            let mut deal = Sale {
                n: n as u128,
                closing,
                price,
                gci,
                agents: agents_on,
            }
            .closed(draw.below(12) as i64);
            if closing > day(2025, 11, 1) {
                deal.status = DealStatus::Pending;
                deal.paid_date = None;
            }
            deal
        })
        .collect();
    let book = one_plan(&roster, CapYear::Anniversary, 18_000, 395);
    Book::paid(roster, book, all)
}
