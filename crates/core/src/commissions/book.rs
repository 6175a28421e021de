//! Plans, their effective-dated versions, and which agent is on which plan from when.
//! [`PlanBook::new`] validates everything once, so finding the terms for an agent on a
//! date cannot fail for a reason the owner could have been told about earlier.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::plan::{CommissionInvalid, PlanTerms, PlanVersion};
use crate::ids::{CommissionPlanId, RosterAgentId};

const MAX_PLAN_NAME: usize = 100;

/// The id a simulation's plan goes by (the nil UUID, which no stored plan has), so a
/// simulation is as deterministic as the engine and its lines cannot pass for real ones.
pub const SIMULATED_PLAN: CommissionPlanId = CommissionPlanId::from_uuid(uuid::Uuid::nil());

/// A named plan with its versions.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct CommissionPlan {
    pub id: CommissionPlanId,
    pub name: String,
    pub versions: Vec<PlanVersion>,
}

/// From `effective_from`, deals `agent` closes are paid under `plan` (until the agent's
/// next assignment).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct PlanAssignment {
    pub agent: RosterAgentId,
    pub plan: CommissionPlanId,
    #[ts(type = "string")]
    pub effective_from: NaiveDate,
}

/// The terms in force for one agent on one date, and where they came from (for traces).
#[derive(Clone, Copy, Debug)]
pub struct TermsInForce<'a> {
    pub plan: CommissionPlanId,
    pub version_from: NaiveDate,
    pub terms: &'a PlanTerms,
}

/// Validated plans and assignments, indexed for the engine.
#[derive(Clone, Debug)]
pub struct PlanBook {
    plans: HashMap<CommissionPlanId, CommissionPlan>,
    /// Each agent's assignments, oldest first.
    assignments: HashMap<RosterAgentId, Vec<PlanAssignment>>,
}

impl CommissionPlan {
    /// Checks the name and every version, and sorts the versions by date.
    fn validated(mut self) -> Result<Self, CommissionInvalid> {
        let name = self.name.trim();
        if name.is_empty() || name.chars().count() > MAX_PLAN_NAME {
            return Err(CommissionInvalid::plan(format!(
                "A plan needs a name of 1 to {MAX_PLAN_NAME} characters."
            )));
        }
        self.name = name.to_owned();
        if self.versions.is_empty() {
            return Err(CommissionInvalid::plan(format!(
                "The plan \"{}\" has no version.",
                self.name
            )));
        }
        self.versions.sort_by_key(|v| v.effective_from);
        if self
            .versions
            .windows(2)
            .any(|pair| pair[0].effective_from == pair[1].effective_from)
        {
            return Err(CommissionInvalid::plan(format!(
                "The plan \"{}\" has two versions from the same day.",
                self.name
            )));
        }
        for version in &self.versions {
            version.terms.validate().map_err(|e| {
                CommissionInvalid::plan(format!(
                    "{} (plan \"{}\", version from {})",
                    e.message, self.name, version.effective_from
                ))
            })?;
        }
        Ok(self)
    }

    /// The version in force on `date`, if the plan had started by then.
    pub fn version_on(&self, date: NaiveDate) -> Option<&PlanVersion> {
        self.versions.iter().rev().find(|v| v.effective_from <= date)
    }
}

impl PlanBook {
    pub fn new(
        plans: Vec<CommissionPlan>,
        assignments: Vec<PlanAssignment>,
    ) -> Result<Self, CommissionInvalid> {
        let mut by_id = HashMap::new();
        for plan in plans {
            let plan = plan.validated()?;
            if by_id.insert(plan.id, plan).is_some() {
                return Err(CommissionInvalid::plan("Two plans have the same id."));
            }
        }
        let mut by_agent: HashMap<RosterAgentId, Vec<PlanAssignment>> = HashMap::new();
        for assignment in assignments {
            if !by_id.contains_key(&assignment.plan) {
                return Err(CommissionInvalid::plan(
                    "An assignment names a plan that does not exist.",
                ));
            }
            by_agent.entry(assignment.agent).or_default().push(assignment);
        }
        for list in by_agent.values_mut() {
            list.sort_by_key(|a| a.effective_from);
            if list
                .windows(2)
                .any(|pair| pair[0].effective_from == pair[1].effective_from)
            {
                return Err(CommissionInvalid::plan(
                    "An agent has two plan assignments from the same day.",
                ));
            }
        }
        Ok(Self {
            plans: by_id,
            assignments: by_agent,
        })
    }

    pub fn plan(&self, id: CommissionPlanId) -> Option<&CommissionPlan> {
        self.plans.get(&id)
    }

    /// The terms `agent` is paid under for a deal closing on `date`.
    pub fn terms_for(&self, agent: RosterAgentId, date: NaiveDate) -> Option<TermsInForce<'_>> {
        let assignment = self
            .assignments
            .get(&agent)?
            .iter()
            .rev()
            .find(|a| a.effective_from <= date)?;
        let version = self.plans.get(&assignment.plan)?.version_on(date)?;
        Some(TermsInForce {
            plan: assignment.plan,
            version_from: version.effective_from,
            terms: &version.terms,
        })
    }

    /// This book with `agents` moved onto `plan`'s version from `version_from`, for all
    /// time: what a simulation runs.
    pub fn with_everyone_on(
        &self,
        agents: &[RosterAgentId],
        plan: CommissionPlanId,
        version_from: NaiveDate,
    ) -> Result<Self, CommissionInvalid> {
        let source = self
            .plans
            .get(&plan)
            .ok_or_else(|| CommissionInvalid::plan("The plan to simulate does not exist."))?;
        let version = source
            .versions
            .iter()
            .find(|v| v.effective_from == version_from)
            .ok_or_else(|| CommissionInvalid::plan("The plan version to simulate does not exist."))?;
        let mut book = self.clone();
        let simulated = CommissionPlan {
            id: SIMULATED_PLAN,
            name: format!("{} (simulated)", source.name),
            versions: vec![PlanVersion {
                effective_from: NaiveDate::MIN,
                terms: version.terms.clone(),
            }],
        };
        for agent in agents {
            book.assignments.insert(
                *agent,
                vec![PlanAssignment {
                    agent: *agent,
                    plan: simulated.id,
                    effective_from: NaiveDate::MIN,
                }],
            );
        }
        book.plans.insert(simulated.id, simulated);
        Ok(book)
    }
}
