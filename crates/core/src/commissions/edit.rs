//! What an owner enters to keep plans and assignments: a new plan, a change to one, a
//! version added, an agent put on a plan from a date. Every way in ends in
//! [`CommissionPlan::validated`], the check [`super::book::PlanBook::new`] runs, so a plan
//! the API stores is one the engine accepts.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::book::{CommissionPlan, PlanAssignment};
use super::plan::{CommissionInvalid, PlanVersion};
use crate::ids::{CommissionPlanId, PlanAssignmentId, RosterAgentId};

/// A plan as a person enters it: a name and at least one version.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NewCommissionPlan {
    pub name: String,
    pub versions: Vec<PlanVersion>,
}

impl NewCommissionPlan {
    pub fn into_plan(self, id: CommissionPlanId) -> Result<CommissionPlan, CommissionInvalid> {
        CommissionPlan {
            id,
            name: self.name,
            versions: self.versions,
        }
        .validated()
    }
}

/// A change to a plan: absent fields stay. `versions` replaces the whole list (a list
/// edited on one screen); [`CommissionPlan::with_version`] adds or replaces one.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct CommissionPlanChanges {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub versions: Option<Vec<PlanVersion>>,
}

impl CommissionPlanChanges {
    /// The changed fields' names, for the audit entry (which holds no values).
    pub fn fields(&self) -> Vec<&'static str> {
        let mut fields = Vec::new();
        if self.name.is_some() {
            fields.push("name");
        }
        if self.versions.is_some() {
            fields.push("versions");
        }
        fields
    }

    pub fn apply_to(self, plan: CommissionPlan) -> Result<CommissionPlan, CommissionInvalid> {
        CommissionPlan {
            id: plan.id,
            name: self.name.unwrap_or(plan.name),
            versions: self.versions.unwrap_or(plan.versions),
        }
        .validated()
    }
}

impl CommissionPlan {
    /// The plan with `version` added, or replacing the version from the same day.
    pub fn with_version(mut self, version: PlanVersion) -> Result<Self, CommissionInvalid> {
        self.versions
            .retain(|v| v.effective_from != version.effective_from);
        self.versions.push(version);
        self.validated()
    }
}

/// Puts an agent on a plan from a date, until their next assignment.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NewPlanAssignment {
    pub agent: RosterAgentId,
    pub plan: CommissionPlanId,
    #[ts(type = "string")]
    pub effective_from: NaiveDate,
}

/// A stored assignment: the engine's [`PlanAssignment`] under an id of its own, so it
/// can be synced and removed one by one.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct PlanAssignmentRecord {
    pub id: PlanAssignmentId,
    pub agent: RosterAgentId,
    pub plan: CommissionPlanId,
    #[ts(type = "string")]
    pub effective_from: NaiveDate,
}

impl PlanAssignmentRecord {
    pub fn new(id: PlanAssignmentId, new: NewPlanAssignment) -> Self {
        Self {
            id,
            agent: new.agent,
            plan: new.plan,
            effective_from: new.effective_from,
        }
    }

    pub fn assignment(&self) -> PlanAssignment {
        PlanAssignment {
            agent: self.agent,
            plan: self.plan,
            effective_from: self.effective_from,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::commissions::plan::{CapYear, PlanTerms, Split};
    use rust_decimal::dec;

    fn version(y: i32, agent_percent: rust_decimal::Decimal) -> PlanVersion {
        PlanVersion {
            effective_from: NaiveDate::from_ymd_opt(y, 1, 1).unwrap(),
            terms: PlanTerms {
                split: Split::AgentPercent { agent_percent },
                cap_year: CapYear::CalendarYear,
                company_dollar_cap: None,
                franchise_fee: None,
                transaction_fee: None,
                errors_and_omissions: None,
                team: None,
            },
        }
    }

    #[test]
    fn a_new_plan_is_checked_and_changes_keep_what_they_do_not_name() {
        let id = CommissionPlanId::new();
        let refused = NewCommissionPlan {
            name: "  ".into(),
            versions: vec![version(2024, dec!(70))],
        }
        .into_plan(id)
        .unwrap_err();
        assert_eq!(refused.code, "invalid_commission_plan");
        let plan = NewCommissionPlan {
            name: " 70/30 ".into(),
            versions: vec![version(2024, dec!(70))],
        }
        .into_plan(id)
        .unwrap();
        assert_eq!(plan.name, "70/30");

        let renamed = CommissionPlanChanges {
            name: Some("Standard".into()),
            versions: None,
        };
        assert_eq!(renamed.fields(), ["name"]);
        let plan = renamed.apply_to(plan).unwrap();
        assert_eq!((plan.name.as_str(), plan.versions.len()), ("Standard", 1));
        let bad = CommissionPlanChanges {
            versions: Some(vec![version(2024, dec!(170))]),
            ..Default::default()
        };
        assert!(
            bad.apply_to(plan.clone())
                .unwrap_err()
                .message
                .contains("100")
        );

        let raised = plan
            .clone()
            .with_version(version(2025, dec!(80)))
            .unwrap()
            .with_version(version(2025, dec!(75)))
            .unwrap();
        assert_eq!(raised.versions.len(), 2, "the same day replaces");
        assert_eq!(raised.versions[1], version(2025, dec!(75)));
    }
}
