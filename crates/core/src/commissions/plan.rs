//! What a commission plan version says: the split (a percentage, a flat fee to the
//! company, or a sliding scale), the cap on company dollar and when the cap year resets,
//! the pre-split franchise fee, the post-split fees and the team split. These are wire
//! types; [`PlanTerms::validate`] is what [`super::book::PlanBook::new`] runs on every
//! version, so the engine only ever sees terms that make sense.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::money::is_cents;
use crate::ids::RosterAgentId;

/// Why a plan, an assignment or a deal was refused: a stable code and a message an
/// owner can act on.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct CommissionInvalid {
    pub code: &'static str,
    pub message: String,
}

impl CommissionInvalid {
    pub(crate) fn plan(message: impl Into<String>) -> Self {
        Self {
            code: "invalid_commission_plan",
            message: message.into(),
        }
    }
}

/// How the agent's share of the splittable amount is decided.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase", tag = "kind")]
pub enum Split {
    /// The agent keeps this percentage (70 means a 70/30 split).
    #[serde(rename_all = "camelCase")]
    AgentPercent {
        #[ts(type = "string")]
        #[cfg_attr(feature = "openapi", schema(value_type = String))]
        agent_percent: Decimal,
    },
    /// The company takes this flat amount per deal (a "100% plan"); the agent keeps the rest.
    #[serde(rename_all = "camelCase")]
    FlatFeeToCompany {
        #[ts(type = "string")]
        #[cfg_attr(feature = "openapi", schema(value_type = String))]
        amount: Decimal,
    },
    /// A sliding scale: the tier is chosen by the agent's cap-year total of `basis`
    /// before the deal, so the deal that crosses a threshold still pays the old tier and
    /// the next one pays the new tier.
    #[serde(rename_all = "camelCase")]
    Tiered { basis: TierBasis, tiers: Vec<Tier> },
}

/// What a sliding scale counts over the agent's cap year.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub enum TierBasis {
    /// The agent's share of GCI, before referrals.
    Gci,
    /// The company's split on the agent's deals (what also counts toward the cap).
    CompanyDollar,
    /// Closed side credits (a double end is 2).
    ClosedSides,
}

/// One step of a sliding scale: from `from` (inclusive) the agent keeps `agent_percent`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Tier {
    #[ts(type = "string")]
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub from: Decimal,
    #[ts(type = "string")]
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub agent_percent: Decimal,
}

/// When the agent's cap year starts again. The same year counts the cap, the tiers and
/// the annual caps on fees, so an agent has one year to keep track of.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase", tag = "kind")]
pub enum CapYear {
    /// On the agent's anniversary (the roster's date; 1 January when it is missing).
    Anniversary,
    /// On 1 January.
    CalendarYear,
    /// On a fixed day of the year, e.g. 1 April for a fiscal year.
    Custom { month: u32, day: u32 },
}

/// A franchise or royalty fee: a percentage of the agent's share of adjusted GCI taken
/// before the split and paid to the franchisor.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct FranchiseFee {
    #[ts(type = "string")]
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub percent: Decimal,
    /// The most charged to one agent in one cap year.
    #[ts(type = "string | null")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub annual_cap: Option<Decimal>,
}

/// How much a post-split fee is.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase", tag = "kind")]
pub enum FeeAmount {
    /// The same amount on every deal.
    Flat {
        #[ts(type = "string")]
        #[cfg_attr(feature = "openapi", schema(value_type = String))]
        amount: Decimal,
    },
    /// A percentage of what the agent keeps after the split (and any team override).
    #[serde(rename_all = "camelCase")]
    PercentOfAgentGross {
        #[ts(type = "string")]
        #[cfg_attr(feature = "openapi", schema(value_type = String))]
        percent: Decimal,
    },
}

/// Who a post-split fee goes to: the company's fees are company dollar, a third party's
/// (an insurer's E&O premium) are not.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub enum FeePayee {
    Company,
    ThirdParty,
}

/// A fee taken from the agent's side after the split; never more than the agent has left.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct PostSplitFee {
    pub amount: FeeAmount,
    /// The most charged to one agent in one cap year.
    #[ts(type = "string | null")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub annual_cap: Option<Decimal>,
    pub payee: FeePayee,
}

/// A team: each member keeps their allocation % of their agent gross, and the team lead
/// gets the rest as an override. The lead's own deals pay no override.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct TeamSplit {
    pub lead: RosterAgentId,
    pub members: Vec<TeamMember>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct TeamMember {
    pub agent: RosterAgentId,
    #[ts(type = "string")]
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub allocation_percent: Decimal,
}

/// The terms of one plan version.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct PlanTerms {
    pub split: Split,
    pub cap_year: CapYear,
    /// Once the company's split on the agent's deals reaches this in a cap year, the
    /// agent keeps 100% (less post-split fees) until the year resets.
    #[ts(type = "string | null")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub company_dollar_cap: Option<Decimal>,
    pub franchise_fee: Option<FranchiseFee>,
    pub transaction_fee: Option<PostSplitFee>,
    pub errors_and_omissions: Option<PostSplitFee>,
    pub team: Option<TeamSplit>,
}

/// One effective-dated version of a plan: it applies to deals closing on or after
/// `effective_from`, until the next version.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct PlanVersion {
    #[ts(type = "string")]
    pub effective_from: NaiveDate,
    pub terms: PlanTerms,
}

fn percent(what: &str, value: Decimal) -> Result<(), CommissionInvalid> {
    if value < Decimal::ZERO || value > Decimal::ONE_HUNDRED {
        return Err(CommissionInvalid::plan(format!(
            "{what} must be between 0 and 100 %."
        )));
    }
    Ok(())
}

fn money(what: &str, value: Decimal) -> Result<(), CommissionInvalid> {
    if value < Decimal::ZERO || !is_cents(value) {
        return Err(CommissionInvalid::plan(format!(
            "{what} must be a non-negative amount in whole cents."
        )));
    }
    Ok(())
}

impl Split {
    fn validate(&self) -> Result<(), CommissionInvalid> {
        match self {
            Split::AgentPercent { agent_percent } => percent("The agent's split", *agent_percent),
            Split::FlatFeeToCompany { amount } => money("The flat fee", *amount),
            Split::Tiered { tiers, .. } => {
                let Some(first) = tiers.first() else {
                    return Err(CommissionInvalid::plan(
                        "A sliding scale needs at least one tier.",
                    ));
                };
                if !first.from.is_zero() {
                    return Err(CommissionInvalid::plan("The first tier must start at 0."));
                }
                for pair in tiers.windows(2) {
                    if pair[1].from <= pair[0].from {
                        return Err(CommissionInvalid::plan(
                            "Tiers must be listed in increasing order of their thresholds.",
                        ));
                    }
                }
                tiers.iter().try_for_each(|tier| {
                    percent("A tier's agent split", tier.agent_percent)?;
                    if tier.from < Decimal::ZERO {
                        return Err(CommissionInvalid::plan(
                            "A tier threshold cannot be negative.",
                        ));
                    }
                    Ok(())
                })
            }
        }
    }
}

impl PostSplitFee {
    fn validate(&self, what: &str) -> Result<(), CommissionInvalid> {
        match &self.amount {
            FeeAmount::Flat { amount } => money(what, *amount)?,
            FeeAmount::PercentOfAgentGross { percent: p } => percent(what, *p)?,
        }
        if let Some(cap) = self.annual_cap {
            money(
                &format!("The annual cap of the {}", what.to_lowercase()),
                cap,
            )?;
        }
        Ok(())
    }
}

impl PlanTerms {
    /// Refuses terms the engine could not apply, naming the field in the message.
    pub fn validate(&self) -> Result<(), CommissionInvalid> {
        self.split.validate()?;
        if let CapYear::Custom { month, day } = self.cap_year
            && NaiveDate::from_ymd_opt(2023, month, day).is_none()
        {
            return Err(CommissionInvalid::plan(
                "The cap year's custom start must be a day every year has (not 29 February).",
            ));
        }
        if let Some(cap) = self.company_dollar_cap {
            money("The cap", cap)?;
        }
        if let Some(franchise) = &self.franchise_fee {
            percent("The franchise fee", franchise.percent)?;
            if let Some(cap) = franchise.annual_cap {
                money("The franchise fee's annual cap", cap)?;
            }
        }
        if let Some(fee) = &self.transaction_fee {
            fee.validate("The transaction fee")?;
        }
        if let Some(fee) = &self.errors_and_omissions {
            fee.validate("The E&O fee")?;
        }
        if let Some(team) = &self.team {
            for (i, member) in team.members.iter().enumerate() {
                percent("A team member's allocation", member.allocation_percent)?;
                if member.agent == team.lead {
                    return Err(CommissionInvalid::plan(
                        "The team lead is not one of the members.",
                    ));
                }
                if team.members[..i].iter().any(|m| m.agent == member.agent) {
                    return Err(CommissionInvalid::plan("A team member is listed twice."));
                }
            }
        }
        Ok(())
    }

    /// The team member's allocation, when these terms put `agent` on a team under a lead.
    pub(crate) fn team_allocation(&self, agent: RosterAgentId) -> Option<(RosterAgentId, Decimal)> {
        let team = self.team.as_ref()?;
        let member = team.members.iter().find(|m| m.agent == agent)?;
        Some((team.lead, member.allocation_percent))
    }
}
