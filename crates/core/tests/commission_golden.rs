//! Runs every hand-calculated case of `tests/data/commissions/golden.toml` through the
//! engine and compares every amount to the cent. Plans are written in their wire format
//! (camelCase JSON shapes, as TOML), so the table also pins what the API accepts.

use std::collections::HashMap;

use brokerdesk_core::commissions::line::PayoutRole;
use brokerdesk_core::commissions::{
    CommissionPlan, Deal, DealAgent, DealStatus, PayoutLine, PlanAssignment, PlanBook, PlanVersion,
    Side, SplitOverride, compute_payouts,
};
use brokerdesk_core::ids::{CommissionPlanId, RosterAgentId};
use brokerdesk_core::roster::RosterAgent;
use chrono::{NaiveDate, Utc};
use rust_decimal::Decimal;
use serde::Deserialize;
use uuid::Uuid;

#[derive(Deserialize)]
struct Table {
    scenario: Vec<Scenario>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Scenario {
    name: String,
    agents: Vec<AgentRow>,
    plans: Vec<PlanRow>,
    assignments: Vec<AssignmentRow>,
    deals: Vec<DealRow>,
    cases: Vec<Case>,
}

#[derive(Deserialize)]
struct AgentRow {
    key: String,
    anniversary: Option<NaiveDate>,
}

#[derive(Deserialize)]
struct PlanRow {
    key: String,
    /// Wire-format versions; "@key" strings are agent keys, replaced by their ids.
    versions: Vec<toml::Value>,
}

#[derive(Deserialize)]
struct AssignmentRow {
    agent: String,
    plan: String,
    from: NaiveDate,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct DealRow {
    key: String,
    status: DealStatus,
    contract: Option<NaiveDate>,
    closing: NaiveDate,
    paid: Option<NaiveDate>,
    price: Decimal,
    gci: Decimal,
    #[serde(default)]
    referral_percent: Decimal,
    #[serde(default = "yes")]
    referral_off_the_top: bool,
    agents: Vec<DealAgentRow>,
}

fn yes() -> bool {
    true
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct DealAgentRow {
    agent: String,
    side: Side,
    allocation: Decimal,
    override_percent: Option<Decimal>,
}

/// One golden case: one payout line, calculated by hand.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Case {
    case: u32,
    deal: String,
    agent: String,
    /// For a team lead's override line, the member it comes from.
    lead_for: Option<String>,
    why: String,
    gci: Decimal,
    referral: Decimal,
    franchise: Decimal,
    agent_gross: Decimal,
    fees: Decimal,
    agent_net: Decimal,
    company_split: Decimal,
    company_dollar: Option<Decimal>,
    list_sides: Option<Decimal>,
    buy_sides: Option<Decimal>,
    #[serde(default)]
    capped: bool,
}

fn agent_id(key: &str) -> RosterAgentId {
    let n = key
        .bytes()
        .fold(0u128, |h, b| h.wrapping_mul(257) ^ u128::from(b));
    RosterAgentId::from_uuid(Uuid::from_u128(n | 1 << 100))
}

fn replace_agent_keys(value: &mut toml::Value) {
    match value {
        toml::Value::String(s) if s.starts_with('@') => *s = agent_id(&s[1..]).to_string(),
        toml::Value::Array(items) => items.iter_mut().for_each(replace_agent_keys),
        toml::Value::Table(table) => table.iter_mut().for_each(|(_, v)| replace_agent_keys(v)),
        _ => {}
    }
}

fn build(scenario: &Scenario) -> (Vec<Deal>, Vec<RosterAgent>, PlanBook, HashMap<String, Uuid>) {
    let roster = scenario
        .agents
        .iter()
        .map(|a| RosterAgent {
            id: agent_id(&a.key),
            name: a.key.clone(),
            email: format!("{}@golden.test", a.key),
            member_id: None,
            office: None,
            team: None,
            anniversary: a.anniversary,
            created_at: Utc::now(),
            updated_at: Utc::now(),
        })
        .collect();
    let plan_ids: HashMap<&str, CommissionPlanId> = scenario
        .plans
        .iter()
        .enumerate()
        .map(|(i, p)| {
            (
                p.key.as_str(),
                CommissionPlanId::from_uuid(Uuid::from_u128(i as u128 + 1)),
            )
        })
        .collect();
    let plans = scenario
        .plans
        .iter()
        .map(|p| CommissionPlan {
            id: plan_ids[p.key.as_str()],
            name: p.key.clone(),
            versions: p
                .versions
                .iter()
                .map(|v| {
                    let mut v = v.clone();
                    replace_agent_keys(&mut v);
                    v.try_into::<PlanVersion>()
                        .unwrap_or_else(|e| panic!("{}: plan {}: {e}", scenario.name, p.key))
                })
                .collect(),
        })
        .collect();
    let assignments = scenario
        .assignments
        .iter()
        .map(|a| PlanAssignment {
            agent: agent_id(&a.agent),
            plan: plan_ids[a.plan.as_str()],
            effective_from: a.from,
        })
        .collect();
    let book =
        PlanBook::new(plans, assignments).unwrap_or_else(|e| panic!("{}: {e}", scenario.name));
    let mut deal_ids = HashMap::new();
    let deals = scenario
        .deals
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let id = Uuid::from_u128(i as u128 + 1);
            deal_ids.insert(d.key.clone(), id);
            Deal {
                id,
                status: d.status,
                contract_date: d.contract,
                closing_date: d.closing,
                paid_date: d.paid,
                sale_price: d.price,
                gci: d.gci,
                referral_percent: d.referral_percent,
                referral_off_the_top: d.referral_off_the_top,
                agents: d
                    .agents
                    .iter()
                    .map(|a| DealAgent {
                        agent: agent_id(&a.agent),
                        side: a.side,
                        allocation_percent: a.allocation,
                        split_override: a.override_percent.map(|p| SplitOverride {
                            agent_percent: p,
                            reason: "agreed for this deal".into(),
                        }),
                    })
                    .collect(),
            }
        })
        .collect();
    (deals, roster, book, deal_ids)
}

fn check(case: &Case, line: &PayoutLine, scenario: &str) {
    let at = format!("case {} ({scenario}: {})", case.case, case.why);
    let compare = |what: &str, expected: Decimal, actual: Decimal| {
        assert_eq!(actual, expected, "{what} in {at}\ntrace: {:#?}", line.trace);
    };
    compare("gci", case.gci, line.gci);
    compare("referral", case.referral, line.referral);
    compare("franchise fee", case.franchise, line.franchise_fee);
    compare("agent gross", case.agent_gross, line.agent_gross);
    compare("post-split fees", case.fees, line.fees_total());
    compare("agent net", case.agent_net, line.agent_net);
    compare("company split", case.company_split, line.company_split);
    if let Some(expected) = case.company_dollar {
        compare("company dollar", expected, line.company_dollar());
    }
    if let Some(expected) = case.list_sides {
        compare("list sides", expected, line.list_sides);
    }
    if let Some(expected) = case.buy_sides {
        compare("buy sides", expected, line.buy_sides);
    }
    assert_eq!(
        line.capped_on_this_deal, case.capped,
        "capped on this deal in {at}"
    );
    assert!(!line.trace.is_empty(), "every line explains itself: {at}");
}

#[test]
fn every_golden_case_matches_to_the_cent() {
    let text = include_str!("data/commissions/golden.toml");
    let table: Table = toml::from_str(text).expect("golden.toml parses");
    let mut numbers = Vec::new();
    for scenario in &table.scenario {
        let (deals, roster, book, deal_ids) = build(scenario);
        let payouts = compute_payouts(&deals, &roster, &book);
        assert!(
            payouts.unpaid.is_empty(),
            "{}: {:?}",
            scenario.name,
            payouts.unpaid
        );
        let mut seen = vec![false; payouts.lines.len()];
        for case in &scenario.cases {
            numbers.push(case.case);
            let deal = deal_ids[&case.deal];
            let role = match &case.lead_for {
                None => PayoutRole::Agent,
                Some(member) => PayoutRole::TeamLeadOverride {
                    member: agent_id(member),
                },
            };
            let index = payouts
                .lines
                .iter()
                .position(|l| {
                    l.deal_id == deal && l.agent == agent_id(&case.agent) && l.role == role
                })
                .unwrap_or_else(|| {
                    panic!(
                        "case {}: no line for {} on {}",
                        case.case, case.agent, case.deal
                    )
                });
            seen[index] = true;
            check(case, &payouts.lines[index], &scenario.name);
        }
        assert!(
            seen.iter().all(|s| *s),
            "{}: a line has no golden case",
            scenario.name
        );
        for deal in &deals {
            let lines: Vec<&PayoutLine> = payouts
                .lines
                .iter()
                .filter(|l| l.deal_id == deal.id)
                .collect();
            let accounted: Decimal = lines
                .iter()
                .map(|l| {
                    l.referral + l.franchise_fee + l.agent_net + l.fees_total() + l.company_split
                })
                .sum();
            assert_eq!(
                accounted, deal.gci,
                "{}: the deal's GCI is accounted for",
                scenario.name
            );
        }
    }
    let count = numbers.len();
    numbers.sort_unstable();
    numbers.dedup();
    assert_eq!(numbers.len(), count, "case numbers are unique");
    assert!(count >= 30, "at least 30 golden cases, found {count}");
}
