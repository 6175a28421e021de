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
    pub fn validated(mut self) -> Result<Self, CommissionInvalid> {
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
        self.versions
            .iter()
            .rev()
            .find(|v| v.effective_from <= date)
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
            by_agent
                .entry(assignment.agent)
                .or_default()
                .push(assignment);
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
            .ok_or_else(|| {
                CommissionInvalid::plan("The plan version to simulate does not exist.")
            })?;
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::commissions::plan::{CapYear, Split, TeamMember, TeamSplit, Tier, TierBasis};
    use rust_decimal::dec;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn terms(agent_percent: rust_decimal::Decimal) -> PlanTerms {
        PlanTerms {
            split: Split::AgentPercent { agent_percent },
            cap_year: CapYear::CalendarYear,
            company_dollar_cap: None,
            franchise_fee: None,
            transaction_fee: None,
            errors_and_omissions: None,
            team: None,
        }
    }

    fn plan(versions: Vec<(NaiveDate, PlanTerms)>) -> CommissionPlan {
        CommissionPlan {
            id: CommissionPlanId::new(),
            name: " Standard ".into(),
            versions: versions
                .into_iter()
                .map(|(effective_from, terms)| PlanVersion {
                    effective_from,
                    terms,
                })
                .collect(),
        }
    }

    fn refused(terms: PlanTerms) -> String {
        PlanBook::new(vec![plan(vec![(d(2020, 1, 1), terms)])], vec![])
            .unwrap_err()
            .message
    }

    #[test]
    fn terms_that_make_no_sense_are_refused_with_a_reason() {
        assert!(refused(terms(dec!(101))).contains("between 0 and 100"));
        let mut unordered = terms(dec!(70));
        unordered.split = Split::Tiered {
            basis: TierBasis::Gci,
            tiers: vec![
                Tier {
                    from: dec!(0),
                    agent_percent: dec!(60),
                },
                Tier {
                    from: dec!(0),
                    agent_percent: dec!(70),
                },
            ],
        };
        assert!(refused(unordered).contains("increasing order"));
        let mut leap = terms(dec!(70));
        leap.cap_year = CapYear::Custom { month: 2, day: 29 };
        assert!(refused(leap).contains("29 February"));
        let mut fractional_cap = terms(dec!(70));
        fractional_cap.company_dollar_cap = Some(dec!(100.001));
        assert!(refused(fractional_cap).contains("whole cents"));
        let lead = RosterAgentId::new();
        let mut lead_is_member = terms(dec!(70));
        lead_is_member.team = Some(TeamSplit {
            lead,
            members: vec![TeamMember {
                agent: lead,
                allocation_percent: dec!(60),
            }],
        });
        assert!(refused(lead_is_member).contains("team lead"));
        let twins = plan(vec![
            (d(2020, 1, 1), terms(dec!(70))),
            (d(2020, 1, 1), terms(dec!(80))),
        ]);
        assert!(
            PlanBook::new(vec![twins], vec![])
                .unwrap_err()
                .message
                .contains("same day")
        );
        let orphan = PlanAssignment {
            agent: lead,
            plan: CommissionPlanId::new(),
            effective_from: d(2020, 1, 1),
        };
        assert!(PlanBook::new(vec![], vec![orphan]).is_err());
    }

    #[test]
    fn the_terms_in_force_follow_assignment_and_version_dates() {
        let raise = plan(vec![
            (d(2025, 7, 1), terms(dec!(75))),
            (d(2024, 1, 1), terms(dec!(70))),
        ]);
        let other = plan(vec![(d(2020, 1, 1), terms(dec!(50)))]);
        let agent = RosterAgentId::new();
        let assignments = vec![
            PlanAssignment {
                agent,
                plan: raise.id,
                effective_from: d(2024, 1, 1),
            },
            PlanAssignment {
                agent,
                plan: other.id,
                effective_from: d(2026, 1, 1),
            },
        ];
        let (raise_id, other_id) = (raise.id, other.id);
        let book = PlanBook::new(vec![raise, other], assignments).unwrap();
        assert_eq!(
            book.plan(raise_id).unwrap().name,
            "Standard",
            "the name is trimmed"
        );
        assert!(
            book.terms_for(agent, d(2023, 12, 31)).is_none(),
            "before the first assignment"
        );
        let june = book.terms_for(agent, d(2025, 6, 30)).unwrap();
        assert_eq!((june.plan, june.version_from), (raise_id, d(2024, 1, 1)));
        assert_eq!(
            book.terms_for(agent, d(2025, 7, 1)).unwrap().version_from,
            d(2025, 7, 1)
        );
        assert_eq!(book.terms_for(agent, d(2026, 1, 1)).unwrap().plan, other_id);
        let trial = book
            .with_everyone_on(&[agent], raise_id, d(2024, 1, 1))
            .unwrap();
        let simulated = trial.terms_for(agent, d(2026, 6, 1)).unwrap();
        assert_eq!(simulated.plan, SIMULATED_PLAN);
        assert_eq!(simulated.terms, &terms(dec!(70)));
    }

    #[test]
    fn plan_terms_travel_in_camel_case() {
        let json = serde_json::to_value(terms(dec!(70))).unwrap();
        assert_eq!(
            json["split"],
            serde_json::json!({"kind": "agentPercent", "agentPercent": "70"})
        );
        assert_eq!(json["capYear"], serde_json::json!({"kind": "calendarYear"}));
        let back: PlanTerms = serde_json::from_value(json).unwrap();
        assert_eq!(back, terms(dec!(70)));
    }
}
