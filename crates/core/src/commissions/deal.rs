//! The engine's own small view of a transaction. The Dotloop transaction model is mapped
//! into it, so the engine does not change when the import does.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use super::money::is_cents;
use super::plan::CommissionInvalid;
use crate::ids::RosterAgentId;

/// Closed deals are paid; pending ones are projected (pipeline, projected cap date).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub enum DealStatus {
    Closed,
    Pending,
}

/// Which side of the deal an agent worked. An agent who double-ends a deal alone is on
/// `Both`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub enum Side {
    Listing,
    Buying,
    Both,
}

impl Side {
    pub fn lists(self) -> bool {
        matches!(self, Side::Listing | Side::Both)
    }

    pub fn buys(self) -> bool {
        matches!(self, Side::Buying | Side::Both)
    }
}

/// A split agreed for this deal only, replacing the plan's split (the cap still applies).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct SplitOverride {
    #[ts(type = "string")]
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub agent_percent: Decimal,
    /// Why, shown in the trace.
    pub reason: String,
}

/// A brokerage agent on the deal.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct DealAgent {
    pub agent: RosterAgentId,
    pub side: Side,
    /// This agent's share of the deal's GCI; the agents' shares sum to 100.
    #[ts(type = "string")]
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub allocation_percent: Decimal,
    pub split_override: Option<SplitOverride>,
}

/// One transaction, as the commission engine needs it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Deal {
    /// The transaction's id.
    pub id: Uuid,
    pub status: DealStatus,
    #[ts(type = "string | null")]
    pub contract_date: Option<NaiveDate>,
    /// The closing date; for a pending deal, the expected one.
    #[ts(type = "string")]
    pub closing_date: NaiveDate,
    /// When the commission was paid out: the 1099 date.
    #[ts(type = "string | null")]
    pub paid_date: Option<NaiveDate>,
    #[ts(type = "string")]
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub sale_price: Decimal,
    /// Gross commission to the brokerage for its side or sides, before referrals.
    #[ts(type = "string")]
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub gci: Decimal,
    /// The referral paid to another brokerage, as a % of GCI (0 when there is none).
    #[ts(type = "string")]
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub referral_percent: Decimal,
    /// Off the top (before the split, shared by company and agent) or from the agent's
    /// side after the split.
    pub referral_off_the_top: bool,
    pub agents: Vec<DealAgent>,
}

impl Deal {
    /// Refuses a deal the engine could not pay to the cent.
    pub fn validate(&self) -> Result<(), CommissionInvalid> {
        let refuse = |why: &str| {
            Err(CommissionInvalid {
                code: "invalid_deal",
                message: format!("Transaction {}: {why}", self.id),
            })
        };
        if self.gci < Decimal::ZERO || !is_cents(self.gci) {
            return refuse("the GCI must be a non-negative amount in whole cents.");
        }
        if self.sale_price < Decimal::ZERO || !is_cents(self.sale_price) {
            return refuse("the sale price must be a non-negative amount in whole cents.");
        }
        if self.referral_percent < Decimal::ZERO || self.referral_percent > Decimal::ONE_HUNDRED {
            return refuse("the referral must be between 0 and 100 %.");
        }
        if self.agents.is_empty() {
            return refuse("no brokerage agent is on it.");
        }
        for (i, agent) in self.agents.iter().enumerate() {
            if agent.allocation_percent <= Decimal::ZERO {
                return refuse("each agent's allocation must be above 0 %.");
            }
            if self.agents[..i].iter().any(|a| a.agent == agent.agent) {
                return refuse(
                    "an agent is listed twice (a double end by one agent is side Both).",
                );
            }
            if let Some(o) = &agent.split_override
                && (o.agent_percent < Decimal::ZERO || o.agent_percent > Decimal::ONE_HUNDRED)
            {
                return refuse("a split override must be between 0 and 100 %.");
            }
        }
        let total: Decimal = self.agents.iter().map(|a| a.allocation_percent).sum();
        if total != Decimal::ONE_HUNDRED {
            return refuse("the agents' allocations must add up to 100 %.");
        }
        Ok(())
    }

    /// The brokerage represents both sides.
    pub fn is_double_end(&self) -> bool {
        self.agents.iter().any(|a| a.side.lists()) && self.agents.iter().any(|a| a.side.buys())
    }
}
