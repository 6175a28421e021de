//! Acme's demo commission plans, so the demo deals give non-zero reports: a 70/30 split
//! with a cap on company dollar and a transaction fee, a sliding scale on GCI with a
//! franchise fee, and the Harbor Team's plan (Ben Carter on Ava Agent's team). Every
//! roster agent is on one of them from 2020.

use brokerdesk_core::commissions::plan::{
    CapYear, FeeAmount, FeePayee, FranchiseFee, PlanTerms, PostSplitFee, Split, TeamMember,
    TeamSplit, Tier, TierBasis,
};
use brokerdesk_core::commissions::{
    CommissionPlan, NewCommissionPlan, NewPlanAssignment, PlanAssignmentRecord, PlanVersion,
};
use brokerdesk_core::ids::{CommissionPlanId, PlanAssignmentId, RosterAgentId};
use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::commissions::{self, assignments};
use crate::db::TenantTx;
use crate::error::ApiError;
use crate::roster;

fn since_2020(terms: PlanTerms) -> Vec<PlanVersion> {
    vec![PlanVersion {
        effective_from: NaiveDate::from_ymd_opt(2020, 1, 1).expect("a real day"),
        terms,
    }]
}

fn terms(split: Split) -> PlanTerms {
    PlanTerms {
        split,
        cap_year: CapYear::Anniversary,
        company_dollar_cap: None,
        franchise_fee: None,
        transaction_fee: None,
        errors_and_omissions: None,
        team: None,
    }
}

fn seventy_thirty() -> PlanTerms {
    PlanTerms {
        company_dollar_cap: Some(Decimal::from(18_000)),
        transaction_fee: Some(PostSplitFee {
            amount: FeeAmount::Flat {
                amount: Decimal::from(395),
            },
            annual_cap: None,
            payee: FeePayee::Company,
        }),
        ..terms(Split::AgentPercent {
            agent_percent: Decimal::from(70),
        })
    }
}

fn sliding_scale() -> PlanTerms {
    let tier = |from: i64, agent_percent: i64| Tier {
        from: Decimal::from(from),
        agent_percent: Decimal::from(agent_percent),
    };
    PlanTerms {
        cap_year: CapYear::CalendarYear,
        franchise_fee: Some(FranchiseFee {
            percent: Decimal::from(6),
            annual_cap: Some(Decimal::from(3_000)),
        }),
        ..terms(Split::Tiered {
            basis: TierBasis::Gci,
            tiers: vec![tier(0, 60), tier(40_000, 70), tier(80_000, 80)],
        })
    }
}

fn harbor_team(lead: RosterAgentId, member: RosterAgentId) -> PlanTerms {
    PlanTerms {
        team: Some(TeamSplit {
            lead,
            members: vec![TeamMember {
                agent: member,
                allocation_percent: Decimal::from(60),
            }],
        }),
        ..terms(Split::AgentPercent {
            agent_percent: Decimal::from(75),
        })
    }
}

async fn plan(tx: &mut TenantTx, name: &str, terms: PlanTerms) -> Result<CommissionPlan, ApiError> {
    let plan = NewCommissionPlan {
        name: name.into(),
        versions: since_2020(terms),
    }
    .into_plan(CommissionPlanId::new())?;
    commissions::insert(tx, &plan).await?;
    Ok(plan)
}

/// Puts Acme's demo plans in place and assigns every roster agent, after the roster.
pub async fn seed(tx: &mut TenantTx) -> Result<(), ApiError> {
    let roster = roster::agents(tx, None).await?;
    let by_email = |email: &str| roster.iter().find(|a| a.email == email).map(|a| a.id);
    let (Some(ava), Some(ben)) = (
        by_email("agent@acme.test"),
        by_email("ben.carter@acme.test"),
    ) else {
        return Ok(());
    };
    let capped = plan(tx, "70/30 with cap", seventy_thirty()).await?;
    let scale = plan(tx, "Sliding scale", sliding_scale()).await?;
    let team = plan(tx, "Harbor Team", harbor_team(ava, ben)).await?;
    for agent in &roster {
        let on = if agent.id == ben {
            &team
        } else if matches!(agent.team.as_deref(), Some("Leadership" | "Westside Team")) {
            &scale
        } else {
            &capped
        };
        let new = NewPlanAssignment {
            agent: agent.id,
            plan: on.id,
            effective_from: NaiveDate::from_ymd_opt(2020, 1, 1).expect("a real day"),
        };
        assignments::insert(tx, &PlanAssignmentRecord::new(PlanAssignmentId::new(), new)).await?;
    }
    Ok(())
}
