//! The commission engine and the full production report over 50,000 deals, 200 agents
//! and 3 years. Prints the median of several runs of each step.
//!
//! `cargo bench -p brokerdesk-core --bench commission_report`

use std::time::{Duration, Instant};

use brokerdesk_core::commissions::plan::{
    CapYear, FeeAmount, FeePayee, FranchiseFee, PostSplitFee, Split, TeamMember, TeamSplit, Tier,
    TierBasis,
};
use brokerdesk_core::commissions::reports::Period;
use brokerdesk_core::commissions::reports::cap_progress::cap_progress;
use brokerdesk_core::commissions::reports::compare::{written_vs_closed, year_over_year};
use brokerdesk_core::commissions::reports::production::{
    DateBasis, GroupBy, ProductionQuery, production,
};
use brokerdesk_core::commissions::reports::tax1099::totals_1099;
use brokerdesk_core::commissions::{
    CommissionPlan, Deal, DealAgent, DealStatus, PayoutLine, PlanAssignment, PlanBook, PlanTerms,
    PlanVersion, Side, compute_payouts,
};
use brokerdesk_core::ids::{CommissionPlanId, RosterAgentId};
use brokerdesk_core::roster::RosterAgent;
use chrono::{Duration as Days, NaiveDate, Utc};
use rust_decimal::Decimal;
use uuid::Uuid;

const DEALS: usize = 50_000;
const AGENTS: usize = 200;
const RUNS: usize = 7;

/// A fixed linear congruential sequence, so every run measures the same book.
struct Sequence(u64);

impl Sequence {
    fn next(&mut self, below: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % below
    }
}

fn agent(i: usize) -> RosterAgentId {
    RosterAgentId::from_uuid(Uuid::from_u128(1 + i as u128))
}

fn fee(amount: i64, cap: Option<i64>, payee: FeePayee) -> Option<PostSplitFee> {
    Some(PostSplitFee {
        amount: FeeAmount::Flat {
            amount: Decimal::from(amount),
        },
        annual_cap: cap.map(Decimal::from),
        payee,
    })
}

fn plans() -> Vec<CommissionPlan> {
    let base = PlanTerms {
        split: Split::AgentPercent {
            agent_percent: Decimal::from(70),
        },
        cap_year: CapYear::Anniversary,
        company_dollar_cap: Some(Decimal::from(18_000)),
        franchise_fee: Some(FranchiseFee {
            percent: Decimal::from(6),
            annual_cap: Some(Decimal::from(3_000)),
        }),
        transaction_fee: fee(395, None, FeePayee::Company),
        errors_and_omissions: fee(50, Some(600), FeePayee::ThirdParty),
        team: None,
    };
    let tiered = PlanTerms {
        split: Split::Tiered {
            basis: TierBasis::Gci,
            tiers: [(0, 60), (50_000, 70), (100_000, 80)]
                .map(|(from, p)| Tier {
                    from: Decimal::from(from),
                    agent_percent: Decimal::from(p),
                })
                .to_vec(),
        },
        cap_year: CapYear::CalendarYear,
        ..base.clone()
    };
    let flat = PlanTerms {
        split: Split::FlatFeeToCompany {
            amount: Decimal::from(500),
        },
        company_dollar_cap: Some(Decimal::from(12_000)),
        ..base.clone()
    };
    let team = PlanTerms {
        team: Some(TeamSplit {
            lead: agent(0),
            members: (1..10)
                .map(|i| TeamMember {
                    agent: agent(i),
                    allocation_percent: Decimal::from(60),
                })
                .collect(),
        }),
        ..base.clone()
    };
    [base, tiered, flat, team]
        .into_iter()
        .enumerate()
        .map(|(i, terms)| CommissionPlan {
            id: CommissionPlanId::from_uuid(Uuid::from_u128(100 + i as u128)),
            name: format!("Plan {i}"),
            versions: vec![PlanVersion {
                effective_from: NaiveDate::from_ymd_opt(2020, 1, 1).unwrap(),
                terms,
            }],
        })
        .collect()
}

fn book_and_roster() -> (PlanBook, Vec<RosterAgent>) {
    let plans = plans();
    let assignments = (0..AGENTS)
        .map(|i| PlanAssignment {
            agent: agent(i),
            plan: plans[if i < 10 { 3 } else { i % 3 }].id,
            effective_from: NaiveDate::from_ymd_opt(2020, 1, 1).unwrap(),
        })
        .collect();
    let roster = (0..AGENTS)
        .map(|i| RosterAgent {
            id: agent(i),
            name: format!("Agent {i:03}"),
            email: format!("agent{i}@bench.test"),
            member_id: None,
            office: Some(format!("Office {}", i % 5)),
            team: (i < 10).then(|| "Harbor".to_owned()),
            anniversary: NaiveDate::from_ymd_opt(
                2015 + (i % 8) as i32,
                1 + (i % 12) as u32,
                1 + (i % 28) as u32,
            ),
            created_at: Utc::now(),
            updated_at: Utc::now(),
        })
        .collect();
    (
        PlanBook::new(plans, assignments).expect("bench plans are valid"),
        roster,
    )
}

fn deals() -> Vec<Deal> {
    let mut seq = Sequence(42);
    let start = NaiveDate::from_ymd_opt(2023, 1, 1).unwrap();
    (0..DEALS)
        .map(|n| {
            let closing = start + Days::days(seq.next(3 * 365) as i64);
            let price = Decimal::from(150_000 + seq.next(1_500_000));
            let gci = (price * Decimal::new(25 + seq.next(10) as i64, 3)).round_dp(2);
            let first = seq.next(AGENTS as u64) as usize;
            let agents = match seq.next(10) {
                0 => vec![
                    (first, Side::Listing, 50),
                    ((first + 1) % AGENTS, Side::Buying, 50),
                ],
                1 => vec![(first, Side::Both, 100)],
                2 => vec![
                    (first, Side::Listing, 60),
                    ((first + 7) % AGENTS, Side::Listing, 40),
                ],
                k => vec![(
                    first,
                    if k % 2 == 0 {
                        Side::Listing
                    } else {
                        Side::Buying
                    },
                    100,
                )],
            };
            let pending = closing > NaiveDate::from_ymd_opt(2025, 11, 1).unwrap();
            Deal {
                id: Uuid::from_u128(1_000_000 + n as u128),
                status: if pending {
                    DealStatus::Pending
                } else {
                    DealStatus::Closed
                },
                contract_date: Some(closing - Days::days(20 + seq.next(40) as i64)),
                closing_date: closing,
                paid_date: (!pending).then(|| closing + Days::days(seq.next(10) as i64)),
                sale_price: price,
                gci,
                referral_percent: if seq.next(8) == 0 {
                    Decimal::from(25)
                } else {
                    Decimal::ZERO
                },
                referral_off_the_top: true,
                agents: agents
                    .into_iter()
                    .map(|(i, side, p)| DealAgent {
                        agent: agent(i),
                        side,
                        allocation_percent: Decimal::from(p),
                        split_override: None,
                    })
                    .collect(),
            }
        })
        .collect()
}

fn median(mut runs: Vec<Duration>) -> Duration {
    runs.sort();
    runs[runs.len() / 2]
}

/// Nanoseconds this thread has run on a CPU (Linux), so the figures mean something on a
/// shared machine where wall time includes waiting for a core.
fn on_cpu() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    Some(Duration::from_nanos(
        stat.split_whitespace().next()?.parse().ok()?,
    ))
}

fn measure<T>(what: &str, mut step: impl FnMut() -> T) -> T {
    let mut wall = Vec::with_capacity(RUNS);
    let mut cpu = Vec::with_capacity(RUNS);
    let mut last = None;
    for _ in 0..RUNS {
        let (started, cpu_before) = (Instant::now(), on_cpu());
        last = Some(std::hint::black_box(step()));
        wall.push(started.elapsed());
        if let (Some(before), Some(after)) = (cpu_before, on_cpu()) {
            cpu.push(after - before);
        }
    }
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let cpu = if cpu.len() == RUNS {
        format!("{:>8.1} ms", ms(median(cpu)))
    } else {
        "n/a".to_owned()
    };
    println!(
        "{what:<58} median wall {:>8.1} ms, on CPU {cpu}",
        ms(median(wall))
    );
    last.expect("at least one run")
}

/// Everything the Reports page shows for a year: production by each grouping, year
/// over year, written vs closed, cap progress and 1099 totals.
fn full_report(lines: &[PayoutLine], roster: &[RosterAgent], book: &PlanBook) -> usize {
    let period = Period::year(2025);
    let mut rows = 0;
    for group_by in [
        GroupBy::Agent,
        GroupBy::Team,
        GroupBy::Office,
        GroupBy::Month,
        GroupBy::Year,
    ] {
        let query = ProductionQuery {
            period,
            group_by,
            basis: DateBasis::Closed,
        };
        rows += production(lines, roster, &query).rows.len();
    }
    let by_month = ProductionQuery {
        period,
        group_by: GroupBy::Month,
        basis: DateBasis::Closed,
    };
    rows += year_over_year(lines, lines, roster, &by_month).rows.len();
    rows += written_vs_closed(lines, roster, &by_month).rows.len();
    rows += cap_progress(
        lines,
        roster,
        book,
        NaiveDate::from_ymd_opt(2025, 10, 31).unwrap(),
    )
    .len();
    rows + totals_1099(lines, 2025).len()
}

fn main() {
    let (book, roster) = book_and_roster();
    let deals = deals();
    println!("{DEALS} deals, {AGENTS} agents, 2023-2025; {RUNS} runs each");
    // Shared build machines are often busy; the load says how far to trust the figures.
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    println!(
        "load average at start: {}",
        load.split_whitespace()
            .take(3)
            .collect::<Vec<_>>()
            .join(" ")
    );
    let payouts = measure("engine: payout lines with traces", || {
        compute_payouts(&deals, &roster, &book)
    });
    assert!(payouts.unpaid.is_empty(), "every bench deal is payable");
    println!("  {} payout lines", payouts.lines.len());
    let by_agent = ProductionQuery {
        period: Period::year(2025),
        group_by: GroupBy::Agent,
        basis: DateBasis::Closed,
    };
    measure("production 2025 by agent", || {
        production(&payouts.lines, &roster, &by_agent)
    });
    measure("cap progress, 200 agents", || {
        let as_of = NaiveDate::from_ymd_opt(2025, 10, 31).unwrap();
        cap_progress(&payouts.lines, &roster, &book, as_of)
    });
    measure("1099 totals 2025", || totals_1099(&payouts.lines, 2025));
    measure(
        "full report (5 groupings, YoY, written/closed, cap, 1099)",
        || full_report(&payouts.lines, &roster, &book),
    );
    measure("engine + full report", || {
        let lines = compute_payouts(&deals, &roster, &book).lines;
        full_report(&lines, &roster, &book)
    });
}
