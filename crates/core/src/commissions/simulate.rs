//! "What last year would have paid under this plan version", beside what it did pay:
//! the engine run twice, once on the real book and once with the chosen agents moved
//! onto the version for all time (so caps and tiers count from the same history).

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::book::PlanBook;
use super::deal::{Deal, DealStatus};
use super::engine::compute_payouts;
use super::line::PayoutLine;
use super::plan::CommissionInvalid;
use super::reports::Period;
use crate::ids::{CommissionPlanId, RosterAgentId};
use crate::roster::RosterAgent;

/// Which version to try, on whom, over which closed deals.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct SimulationRequest {
    pub plan: CommissionPlanId,
    #[ts(type = "string")]
    pub version_from: NaiveDate,
    pub agents: Vec<RosterAgentId>,
    /// Deals closed in this period are compared (typically last year).
    pub period: Period,
}

/// The money on one agent's closed deals in the period.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct PaidFigures {
    #[ts(type = "string")]
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub agent_gross: Decimal,
    #[ts(type = "string")]
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub agent_net: Decimal,
    #[ts(type = "string")]
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub company_dollar: Decimal,
}

impl PaidFigures {
    fn add(&mut self, line: &PayoutLine) {
        self.agent_gross += line.agent_gross;
        self.agent_net += line.agent_net;
        self.company_dollar += line.company_dollar();
    }

    fn minus(self, other: Self) -> Self {
        Self {
            agent_gross: self.agent_gross - other.agent_gross,
            agent_net: self.agent_net - other.agent_net,
            company_dollar: self.company_dollar - other.company_dollar,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct AgentSimulation {
    pub agent: RosterAgentId,
    #[serde(flatten)]
    #[ts(flatten)]
    pub comparison: Comparison,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Simulation {
    pub agents: Vec<AgentSimulation>,
    /// The chosen agents together.
    pub total: Comparison,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Comparison {
    pub actual: PaidFigures,
    pub simulated: PaidFigures,
    /// Simulated − actual: positive agent net means the agent would have earned more.
    pub difference: PaidFigures,
}

/// Runs the comparison. Only the chosen agents' own lines (and team lead lines on their
/// deals) are summed; an agent with no closed deal in the period shows zeros.
pub fn simulate(
    deals: &[Deal],
    roster: &[RosterAgent],
    book: &PlanBook,
    request: &SimulationRequest,
) -> Result<Simulation, CommissionInvalid> {
    let trial = book.with_everyone_on(&request.agents, request.plan, request.version_from)?;
    let actual = sum_by_agent(&compute_payouts(deals, roster, book).lines, request);
    let simulated = sum_by_agent(&compute_payouts(deals, roster, &trial).lines, request);
    let mut total = Comparison::default();
    let mut agents = Vec::with_capacity(request.agents.len());
    for agent in &request.agents {
        let actual = actual.get(agent).copied().unwrap_or_default();
        let simulated = simulated.get(agent).copied().unwrap_or_default();
        for (sum, part) in [
            (&mut total.actual, actual),
            (&mut total.simulated, simulated),
        ] {
            sum.agent_gross += part.agent_gross;
            sum.agent_net += part.agent_net;
            sum.company_dollar += part.company_dollar;
        }
        agents.push(AgentSimulation {
            agent: *agent,
            comparison: Comparison {
                actual,
                simulated,
                difference: simulated.minus(actual),
            },
        });
    }
    total.difference = total.simulated.minus(total.actual);
    Ok(Simulation { agents, total })
}

/// Closed lines in the period, summed by the agent paid (a team lead's override lines
/// count as the lead's earnings, as on their 1099).
fn sum_by_agent(
    lines: &[PayoutLine],
    request: &SimulationRequest,
) -> BTreeMap<RosterAgentId, PaidFigures> {
    let mut sums: BTreeMap<RosterAgentId, PaidFigures> = BTreeMap::new();
    for line in lines {
        if line.status != DealStatus::Closed || !request.period.contains(line.closing_date) {
            continue;
        }
        if request.agents.contains(&line.agent) {
            sums.entry(line.agent).or_default().add(line);
        }
    }
    sums
}
