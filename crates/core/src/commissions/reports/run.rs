//! The reports as the API and the desktop app serve them: one set of inputs (deals read
//! from the transactions, the roster, the plan book) and one scope (everyone, or one
//! agent's own lines), run through the same functions on both sides. The server fills
//! the inputs from PostgreSQL, the desktop from its encrypted cache; what comes out is
//! compared to the cent by the parity test.

use std::borrow::Cow;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::Period;
use super::cap_progress::{CapProgress, cap_progress};
use super::compare::{ComparedReport, against_a_year_earlier, written_vs_closed, year_over_year};
use super::production::{ProductionQuery, ProductionReport, production};
use super::restrict_to_agent;
use super::tax1099::{Form1099Total, totals_1099};
use crate::commissions::book::{CommissionPlan, PlanBook};
use crate::commissions::deal::{Deal, DealStatus};
use crate::commissions::edit::PlanAssignmentRecord;
use crate::commissions::engine::compute_payouts;
use crate::commissions::from_transactions::deals_from_transactions;
use crate::commissions::line::{PayoutLine, Payouts, UnpaidDeal};
use crate::commissions::overrides::CommissionOverride;
use crate::commissions::plan::CommissionInvalid;
use crate::commissions::simulate::{Simulation, SimulationRequest, simulate};
use crate::ids::{CommissionPlanId, RosterAgentId, UserId};
use crate::roster::RosterAgent;
use crate::transactions::Transaction;
use crate::transactions::status::StatusMapping;

/// Whose lines a reader sees. Owners, admins and viewers (`ViewAllCommissionReports`)
/// see everyone's; an agent sees the lines that pay the roster agent linked to their
/// membership, and nothing when none is linked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReportScope {
    Everyone,
    Agent(RosterAgentId),
    Nothing,
}

impl ReportScope {
    /// The scope of member `user`: everyone when `sees_all` (their role holds
    /// `ViewAllCommissionReports`), else the roster agent linked to them. The roster's
    /// email is unique, so a member links to one agent; should two ever link, the first
    /// by id is kept, so a second link never widens what they see.
    pub fn for_member(sees_all: bool, user: UserId, roster: &[RosterAgent]) -> Self {
        if sees_all {
            return ReportScope::Everyone;
        }
        roster
            .iter()
            .filter(|a| a.member_id == Some(user))
            .map(|a| a.id)
            .min_by_key(|id| id.as_uuid())
            .map_or(ReportScope::Nothing, ReportScope::Agent)
    }
}

/// What a production report compares its period with.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase", tag = "kind")]
pub enum Compare {
    /// The same days a year earlier, each year paid under the plans it had.
    PreviousYear,
    /// The same days a year earlier with one plan version applied to both years, so the
    /// difference is production's, not the plans'.
    #[serde(rename_all = "camelCase")]
    PreviousYearSamePlan {
        plan: CommissionPlanId,
        #[ts(type = "string")]
        version_from: NaiveDate,
    },
    /// Counted by contract date (first) against closing date (second).
    WrittenVsClosed,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ProductionRequest {
    #[serde(flatten)]
    #[ts(flatten)]
    pub query: ProductionQuery,
    pub compare: Option<Compare>,
}

/// A production report, its comparison when one was asked for, and the deals in scope
/// the engine could not pay (an agent without a plan), so a gap is never silent.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ProductionAnswer {
    pub report: ProductionReport,
    pub compared: Option<ComparedReport>,
    pub unpaid: Vec<UnpaidDeal>,
}

/// One agent's closed deals in a period, each with the trace of its amounts.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Statement {
    pub agent: RosterAgentId,
    pub agent_name: String,
    pub period: Period,
    pub lines: Vec<PayoutLine>,
    #[ts(type = "string")]
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub agent_gross: Decimal,
    #[ts(type = "string")]
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub agent_net: Decimal,
}

/// Everything the reports are computed from, with the payouts computed once.
pub struct ReportInputs {
    deals: Vec<Deal>,
    roster: Vec<RosterAgent>,
    book: PlanBook,
    payouts: Payouts,
}

impl ReportInputs {
    /// `today` decides which archived loops have closed, as the transaction screens do.
    pub fn new(
        transactions: &[Transaction],
        roster: Vec<RosterAgent>,
        plans: Vec<CommissionPlan>,
        assignments: &[PlanAssignmentRecord],
        overrides: &[CommissionOverride],
        mapping: &StatusMapping,
        today: NaiveDate,
    ) -> Result<Self, CommissionInvalid> {
        // One order for the roster whichever side read it, so per-agent lists (cap
        // progress) come out the same on the server and offline.
        let mut roster = roster;
        roster.sort_by_key(|a| a.id.as_uuid());
        let book = PlanBook::new(
            plans,
            assignments
                .iter()
                .map(PlanAssignmentRecord::assignment)
                .collect(),
        )?;
        let deals = deals_from_transactions(transactions, &roster, overrides, mapping, today);
        let payouts = compute_payouts(&deals, &roster, &book);
        Ok(Self {
            deals,
            roster,
            book,
            payouts,
        })
    }

    pub fn roster(&self) -> &[RosterAgent] {
        &self.roster
    }

    /// Everyone's lines are borrowed, not copied: the reports only read them, and a copy
    /// of every line with its trace cost more than the report itself.
    fn scoped<'a>(&self, lines: &'a [PayoutLine], scope: ReportScope) -> Cow<'a, [PayoutLine]> {
        match scope {
            ReportScope::Everyone => Cow::Borrowed(lines),
            ReportScope::Agent(agent) => Cow::Owned(restrict_to_agent(lines, agent)),
            ReportScope::Nothing => Cow::Owned(Vec::new()),
        }
    }

    /// The payout lines a scope shows, in the engine's order: what a drill-down and an
    /// export read (borrowed when the scope is everyone).
    pub fn lines(&self, scope: ReportScope) -> Cow<'_, [PayoutLine]> {
        self.scoped(&self.payouts.lines, scope)
    }

    pub fn book(&self) -> &PlanBook {
        &self.book
    }

    /// The roster a scope's per-agent reports list.
    pub fn scoped_roster(&self, scope: ReportScope) -> Vec<RosterAgent> {
        self.roster
            .iter()
            .filter(|a| match scope {
                ReportScope::Everyone => true,
                ReportScope::Agent(agent) => a.id == agent,
                ReportScope::Nothing => false,
            })
            .cloned()
            .collect()
    }

    fn scoped_unpaid(&self, scope: ReportScope) -> Vec<UnpaidDeal> {
        let on_deal = |unpaid: &UnpaidDeal, agent: RosterAgentId| {
            self.deals
                .iter()
                .any(|d| d.id == unpaid.deal_id && d.agents.iter().any(|a| a.agent == agent))
        };
        self.payouts
            .unpaid
            .iter()
            .filter(|u| match scope {
                ReportScope::Everyone => true,
                ReportScope::Agent(agent) => on_deal(u, agent),
                ReportScope::Nothing => false,
            })
            .cloned()
            .collect()
    }

    pub fn production(
        &self,
        scope: ReportScope,
        request: &ProductionRequest,
    ) -> Result<ProductionAnswer, CommissionInvalid> {
        let lines = self.scoped(&self.payouts.lines, scope);
        let query = &request.query;
        let report = production(&lines, &self.roster, query);
        let compared = match request.compare {
            None => None,
            Some(Compare::PreviousYear) => {
                Some(against_a_year_earlier(&report, &lines, &self.roster))
            }
            Some(Compare::WrittenVsClosed) => Some(written_vs_closed(&lines, &self.roster, query)),
            Some(Compare::PreviousYearSamePlan { plan, version_from }) => {
                let everyone: Vec<RosterAgentId> = self.roster.iter().map(|a| a.id).collect();
                let trial = self.book.with_everyone_on(&everyone, plan, version_from)?;
                let trial_payouts = compute_payouts(&self.deals, &self.roster, &trial);
                let trial_lines = self.scoped(&trial_payouts.lines, scope);
                Some(year_over_year(
                    &trial_lines,
                    &trial_lines,
                    &self.roster,
                    query,
                ))
            }
        };
        Ok(ProductionAnswer {
            report,
            compared,
            unpaid: self.scoped_unpaid(scope),
        })
    }

    pub fn cap_progress(&self, scope: ReportScope, as_of: NaiveDate) -> Vec<CapProgress> {
        let lines = self.scoped(&self.payouts.lines, scope);
        cap_progress(&lines, &self.scoped_roster(scope), &self.book, as_of)
    }

    pub fn tax_1099(&self, scope: ReportScope, tax_year: i32) -> Vec<Form1099Total> {
        totals_1099(&self.scoped(&self.payouts.lines, scope), tax_year)
    }

    /// `agent`'s statement, when the scope shows that agent; `None` otherwise (the
    /// caller answers as for an agent that does not exist).
    pub fn statement(
        &self,
        scope: ReportScope,
        agent: RosterAgentId,
        period: Period,
    ) -> Option<Statement> {
        let visible = match scope {
            ReportScope::Everyone => true,
            ReportScope::Agent(own) => own == agent,
            ReportScope::Nothing => false,
        };
        let on_roster = self.roster.iter().find(|a| a.id == agent)?;
        if !visible {
            return None;
        }
        let lines: Vec<PayoutLine> = self
            .payouts
            .lines
            .iter()
            .filter(|l| {
                l.agent == agent
                    && l.status == DealStatus::Closed
                    && period.contains(l.closing_date)
            })
            .cloned()
            .collect();
        Some(Statement {
            agent,
            agent_name: on_roster.name.clone(),
            period,
            agent_gross: lines.iter().map(|l| l.agent_gross).sum(),
            agent_net: lines.iter().map(|l| l.agent_net).sum(),
            lines,
        })
    }

    /// What the period would have paid under another plan version. It sums only the
    /// agents named, over everyone's deals, so only those who see every agent run it.
    pub fn simulate(&self, request: &SimulationRequest) -> Result<Simulation, CommissionInvalid> {
        simulate(&self.deals, &self.roster, &self.book, request)
    }
}
