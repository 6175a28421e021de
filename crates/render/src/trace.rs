//! A payout line's trace in words, for statements and the statement CSV: each step's
//! rule, its inputs (money or a percentage) and its result, so an agent can follow how
//! their net was reached.

use brokerdesk_core::commissions::PayoutLine;
use brokerdesk_core::commissions::line::{PayoutRole, Rule, TraceInput, TraceStep};
use brokerdesk_core::commissions::reports::production::GroupKey;

use crate::format::{money, percent};

pub fn rule_name(rule: Rule) -> &'static str {
    match rule {
        Rule::GciShare => "GCI share",
        Rule::ReferralOffTheTop => "Referral off the top",
        Rule::FranchiseFee => "Franchise fee",
        Rule::SplitRate => "Split rate",
        Rule::CompanySplit => "Company split",
        Rule::AgentGross => "Agent gross",
        Rule::TeamLeadOverride => "Team lead override",
        Rule::TransactionFee => "Transaction fee",
        Rule::ErrorsAndOmissions => "E&O fee",
        Rule::AgentSideReferral => "Referral from agent side",
        Rule::AgentNet => "Agent net",
    }
}

/// What the engine calls an input, as a person reads it.
fn input_name(name: &str) -> String {
    let known = match name {
        "dealGci" => "deal GCI",
        "allocationPercent" => "allocation",
        "gciShare" => "GCI share",
        "referralPercent" => "referral",
        "adjustedGci" => "adjusted GCI",
        "percent" => "rate",
        "atPercent" => "at rate",
        "atPlanRate" => "at plan rate",
        "leftToCap" => "left to cap",
        "companySplit" => "company split",
        "splitGross" => "split gross",
        "memberSplitGross" => "member's split gross",
        "memberAllocationPercent" => "member's allocation",
        "agentGross" => "agent gross",
        "agentPercent" => "agent's split",
        "flatFeeToCompany" => "flat fee to company",
        "countedBeforeDeal" => "counted before deal",
        "tierFrom" => "tier from",
        "paidThisCapYear" => "paid this cap year",
        other => return words(other),
    };
    known.to_owned()
}

/// `someCamelCase` as `some camel case`, for names the table above does not know yet.
fn words(camel: &str) -> String {
    let mut out = String::with_capacity(camel.len() + 4);
    for c in camel.chars() {
        if c.is_uppercase() && !out.is_empty() {
            out.push(' ');
        }
        out.extend(c.to_lowercase());
    }
    out
}

fn input_value(input: &TraceInput) -> String {
    if input.name.to_ascii_lowercase().ends_with("percent") {
        percent(input.value)
    } else {
        money(input.value)
    }
}

/// `deal GCI $20,000.00, allocation 50%`.
pub fn inputs(step: &TraceStep) -> String {
    step.inputs
        .iter()
        .map(|i| format!("{} {}", input_name(&i.name), input_value(i)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The step's result: a rate for the split rate, money otherwise.
pub fn result(step: &TraceStep) -> String {
    if step.rule == Rule::SplitRate && step.inputs.iter().all(|i| i.name != "flatFeeToCompany") {
        percent(step.result)
    } else {
        money(step.result)
    }
}

/// One line for a CSV cell: `GCI share: deal GCI $20,000.00, allocation 50% = $10,000.00`.
pub fn describe(step: &TraceStep) -> String {
    let mut text = format!(
        "{}: {} = {}",
        rule_name(step.rule),
        inputs(step),
        result(step)
    );
    if let Some(note) = &step.note {
        text.push_str(&format!(" ({note})"));
    }
    text
}

/// Whose line it is: the agent's own, or a team lead's override on a member's deal.
pub fn role(line: &PayoutLine) -> &'static str {
    match line.role {
        PayoutRole::Agent => "Agent",
        PayoutRole::TeamLeadOverride { .. } => "Team lead override",
    }
}

/// Which side(s) the line credits.
pub fn sides(line: &PayoutLine) -> &'static str {
    match (line.list_sides.is_zero(), line.buy_sides.is_zero()) {
        (false, false) => "Both sides",
        (false, true) => "Listing side",
        (true, false) => "Buying side",
        (true, true) => "No side",
    }
}

/// A group key's kind, for the first column of a production CSV.
pub fn group_kind(key: &GroupKey) -> &'static str {
    match key {
        GroupKey::Agent(_) => "agent",
        GroupKey::Team(_) => "team",
        GroupKey::Office(_) => "office",
        GroupKey::Month { .. } => "month",
        GroupKey::Year(_) => "year",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::dec;
    use std::borrow::Cow;

    #[test]
    fn a_step_reads_as_words_with_money_and_rates() {
        let step = TraceStep {
            rule: Rule::GciShare,
            inputs: vec![
                TraceInput {
                    name: Cow::Borrowed("dealGci"),
                    value: dec!(20000),
                },
                TraceInput {
                    name: Cow::Borrowed("allocationPercent"),
                    value: dec!(50),
                },
                TraceInput {
                    name: Cow::Borrowed("somethingNew"),
                    value: dec!(1.5),
                },
            ],
            result: dec!(10000),
            note: Some(Cow::Borrowed("first-listed agent takes the odd cent")),
        };
        assert_eq!(
            describe(&step),
            "GCI share: deal GCI $20,000.00, allocation 50%, something new $1.50 = \
             $10,000.00 (first-listed agent takes the odd cent)"
        );
    }
}
