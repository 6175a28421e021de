//! What the engine returns: a payout line per (deal, agent), each amount explained by a
//! trace, and the deals it could not pay with the reason.

use std::borrow::Cow;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use super::deal::DealStatus;
use crate::ids::{CommissionPlanId, RosterAgentId};

/// Which rule produced an amount.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub enum Rule {
    /// The agent's allocation % of the deal's GCI.
    GciShare,
    /// The agent's allocation of the referral paid off the top.
    ReferralOffTheTop,
    /// The franchise or royalty % of adjusted GCI, limited by its annual cap.
    FranchiseFee,
    /// The agent's split %: from the plan, its tier, or the deal's override.
    SplitRate,
    /// The company's split at that rate, limited by what is left to the cap.
    CompanySplit,
    /// What the agent keeps of the splittable amount.
    AgentGross,
    /// The team lead's share of a member's agent gross.
    TeamLeadOverride,
    TransactionFee,
    ErrorsAndOmissions,
    /// A referral paid from the agent's side after the split.
    AgentSideReferral,
    AgentNet,
}

/// One named input of a rule.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct TraceInput {
    // Borrowed from the engine's static names, so a trace costs no allocation per input.
    #[ts(type = "string")]
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub name: Cow<'static, str>,
    #[ts(type = "string")]
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub value: Decimal,
}

/// One step of why an agent got what they got.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct TraceStep {
    pub rule: Rule,
    pub inputs: Vec<TraceInput>,
    #[ts(type = "string")]
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub result: Decimal,
    /// What a person needs besides the numbers: the tier chosen, "capped on this deal",
    /// "annual cap reached", the override's reason.
    #[ts(type = "string | null")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub note: Option<Cow<'static, str>>,
}

impl TraceStep {
    pub(crate) fn new(rule: Rule, inputs: &[(&'static str, Decimal)], result: Decimal) -> Self {
        Self {
            rule,
            inputs: inputs
                .iter()
                .map(|(name, value)| TraceInput {
                    name: Cow::Borrowed(*name),
                    value: *value,
                })
                .collect(),
            result,
            note: None,
        }
    }

    pub(crate) fn noting(mut self, note: impl Into<Cow<'static, str>>) -> Self {
        self.note = Some(note.into());
        self
    }
}

/// Whether a line pays the agent who worked the deal or a team lead's override on it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase", tag = "kind")]
pub enum PayoutRole {
    Agent,
    TeamLeadOverride { member: RosterAgentId },
}

/// One post-split fee charged on a line.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct FeeCharge {
    pub rule: Rule,
    #[ts(type = "string")]
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub amount: Decimal,
    /// Kept by the company (company dollar) rather than passed to a third party.
    pub retained_by_company: bool,
}

/// The post-split fees charged on a line, in the order charged: at most an agent-side
/// referral, the transaction fee and E&O. They are kept inside the line rather than in
/// a `Vec` of their own because the reports read every line's company dollar: with one
/// allocation per line, each read was a cache miss that cost more than the sums.
/// Serialized as a plain list.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FeeCharges([Option<FeeCharge>; MAX_FEES]);

/// An agent-side referral, the transaction fee and E&O.
const MAX_FEES: usize = 3;

impl FeeCharges {
    pub(crate) fn push(&mut self, charge: FeeCharge) {
        let free = self
            .0
            .iter_mut()
            .find(|slot| slot.is_none())
            .expect("a line has at most three post-split fees");
        *free = Some(charge);
    }

    pub fn iter(&self) -> impl Iterator<Item = &FeeCharge> {
        self.0.iter().flatten()
    }
}

impl Serialize for FeeCharges {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter())
    }
}

impl<'de> Deserialize<'de> for FeeCharges {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let list = Vec::<FeeCharge>::deserialize(deserializer)?;
        if list.len() > MAX_FEES {
            return Err(serde::de::Error::invalid_length(
                list.len(),
                &"at most three post-split fees",
            ));
        }
        let mut fees = Self::default();
        for charge in list {
            fees.push(charge);
        }
        Ok(fees)
    }
}

/// What one agent is paid on one deal. Per deal, to the cent:
/// `Σ gci = Σ referral + Σ franchise_fee + Σ agent_net + Σ fees + Σ company_split`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct PayoutLine {
    pub deal_id: Uuid,
    pub agent: RosterAgentId,
    pub role: PayoutRole,
    pub status: DealStatus,
    /// The plan paid under (a team lead's override line carries the member's plan).
    pub plan: CommissionPlanId,
    #[ts(type = "string")]
    pub plan_version_from: NaiveDate,
    // Copied from the deal so reports and one agent's statement need only the lines.
    #[ts(type = "string | null")]
    pub contract_date: Option<NaiveDate>,
    #[ts(type = "string")]
    pub closing_date: NaiveDate,
    #[ts(type = "string | null")]
    pub paid_date: Option<NaiveDate>,
    #[ts(type = "string")]
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub sale_price: Decimal,
    pub double_end: bool,
    /// Side credits: an agent alone on one side gets 1; co-agents share it by allocation.
    #[ts(type = "string")]
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub list_sides: Decimal,
    #[ts(type = "string")]
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub buy_sides: Decimal,
    #[ts(type = "string")]
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub gci: Decimal,
    #[ts(type = "string")]
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub referral: Decimal,
    #[ts(type = "string")]
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub franchise_fee: Decimal,
    /// What the agent keeps after the split (and after the team lead's override, which
    /// the lead's own line carries as its agent gross).
    #[ts(type = "string")]
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub agent_gross: Decimal,
    #[ts(as = "Vec<FeeCharge>")]
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<FeeCharge>))]
    pub fees: FeeCharges,
    /// Agent gross less the post-split fees: the 1099 basis.
    #[ts(type = "string")]
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub agent_net: Decimal,
    #[ts(type = "string")]
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub company_split: Decimal,
    /// The company's split counted toward the agent's cap, and the cap year it counts in.
    #[ts(type = "string")]
    pub cap_year_start: NaiveDate,
    /// The agent reached the cap on this deal (the split changed part-way through it).
    pub capped_on_this_deal: bool,
    pub trace: Vec<TraceStep>,
}

impl PayoutLine {
    pub fn adjusted_gci(&self) -> Decimal {
        self.gci - self.referral
    }

    pub fn fees_total(&self) -> Decimal {
        self.fees.iter().map(|f| f.amount).sum()
    }

    /// The brokerage's split plus the fees it keeps.
    pub fn company_dollar(&self) -> Decimal {
        self.company_split
            + self
                .fees
                .iter()
                .filter(|f| f.retained_by_company)
                .map(|f| f.amount)
                .sum::<Decimal>()
    }

    pub fn sides(&self) -> Decimal {
        self.list_sides + self.buy_sides
    }
}

/// A deal the engine left out, and why (no plan for an agent, invalid amounts). The
/// other deals are still paid.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct UnpaidDeal {
    pub deal_id: Uuid,
    pub code: String,
    pub message: String,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Payouts {
    /// In processing order: closed deals by closing date, then pending ones by expected
    /// closing date; within a deal, in its agents' order, each lead line after its member.
    pub lines: Vec<PayoutLine>,
    pub unpaid: Vec<UnpaidDeal>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::dec;

    fn fee(amount: Decimal) -> FeeCharge {
        FeeCharge {
            rule: Rule::TransactionFee,
            amount,
            retained_by_company: true,
        }
    }

    #[test]
    fn fee_charges_are_a_plain_list_on_the_wire() {
        let mut fees = FeeCharges::default();
        fees.push(fee(dec!(395)));
        fees.push(fee(dec!(50)));
        let json = serde_json::to_value(&fees).unwrap();
        assert_eq!(
            json,
            serde_json::to_value(vec![fee(dec!(395)), fee(dec!(50))]).unwrap()
        );
        assert_eq!(serde_json::from_value::<FeeCharges>(json).unwrap(), fees);
        let four = serde_json::to_value(vec![fee(dec!(1)); 4]).unwrap();
        assert!(serde_json::from_value::<FeeCharges>(four).is_err());
    }
}
