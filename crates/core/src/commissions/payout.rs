//! One agent's money on one deal, step by step in the order the plan applies it:
//! adjusted GCI → franchise fee → split (tier, override, cap) → team lead override →
//! post-split fees → agent net. Each step appends its trace; every amount after a
//! percentage is a difference, so the line sums to the cent.

use rust_decimal::Decimal;

use super::book::TermsInForce;
use super::deal::{Deal, DealAgent};
use super::ledger::YearTotals;
use super::line::{FeeCharge, FeeCharges, PayoutLine, PayoutRole, Rule, TraceStep};
use super::money::percent_of;
use super::plan::{FeeAmount, FeePayee, PostSplitFee, Split, TierBasis};
use chrono::NaiveDate;

/// The deal-level amounts already divided for this agent.
pub struct AgentShare<'a> {
    pub deal: &'a Deal,
    pub on_deal: &'a DealAgent,
    pub terms: TermsInForce<'a>,
    pub cap_year_start: NaiveDate,
    pub gci: Decimal,
    pub referral_off_the_top: Decimal,
    pub list_sides: Decimal,
    pub buy_sides: Decimal,
}

/// The agent's line, and the team lead's override line when the agent is on a team.
pub fn pay_agent(share: AgentShare<'_>, year: &mut YearTotals) -> (PayoutLine, Option<PayoutLine>) {
    let terms = share.terms.terms;
    let mut trace = vec![TraceStep::new(
        Rule::GciShare,
        &[
            ("dealGci", share.deal.gci),
            ("allocationPercent", share.on_deal.allocation_percent),
        ],
        share.gci,
    )];
    if !share.referral_off_the_top.is_zero() {
        trace.push(TraceStep::new(
            Rule::ReferralOffTheTop,
            &[
                ("gciShare", share.gci),
                ("referralPercent", share.deal.referral_percent),
            ],
            share.referral_off_the_top,
        ));
    }
    let adjusted = share.gci - share.referral_off_the_top;

    let franchise = match &terms.franchise_fee {
        None => Decimal::ZERO,
        Some(fee) => {
            let nominal = percent_of(adjusted, fee.percent);
            let (charged, note) = limit_by_annual_cap(nominal, fee.annual_cap, year.franchise_fees);
            year.franchise_fees += charged;
            let step = TraceStep::new(
                Rule::FranchiseFee,
                &[
                    ("adjustedGci", adjusted),
                    ("percent", fee.percent),
                    ("atPercent", nominal),
                ],
                charged,
            );
            trace.push(with_note(step, note));
            charged
        }
    };
    let splittable = adjusted - franchise;

    let (company_at_rate, rate_step) = company_at_plan_rate(&share, splittable, year);
    trace.push(rate_step);
    let left_to_cap = terms
        .company_dollar_cap
        .map(|cap| (cap - year.company_split).max(Decimal::ZERO));
    let company_split = left_to_cap.map_or(company_at_rate, |left| company_at_rate.min(left));
    let capped_on_this_deal =
        left_to_cap.is_some_and(|left| !left.is_zero() && company_at_rate >= left);
    let mut inputs = vec![("splittable", splittable), ("atPlanRate", company_at_rate)];
    if let (Some(cap), Some(left)) = (terms.company_dollar_cap, left_to_cap) {
        inputs.extend([("cap", cap), ("leftToCap", left)]);
    }
    let mut company_step = TraceStep::new(Rule::CompanySplit, &inputs, company_split);
    if capped_on_this_deal {
        company_step = company_step.noting(
            "capped on this deal: the company takes what was left to the cap, the agent keeps the rest",
        );
    } else if left_to_cap.is_some_and(|left| left.is_zero()) {
        company_step = company_step.noting("already capped this cap year: the agent keeps 100%");
    }
    trace.push(company_step);
    let split_gross = splittable - company_split;
    trace.push(TraceStep::new(
        Rule::AgentGross,
        &[("splittable", splittable), ("companySplit", company_split)],
        split_gross,
    ));

    let (agent_gross, lead_line) = match terms.team_allocation(share.on_deal.agent) {
        None => (split_gross, None),
        Some((lead, allocation)) => {
            let kept = percent_of(split_gross, allocation);
            let override_amount = split_gross - kept;
            trace.push(TraceStep::new(
                Rule::TeamLeadOverride,
                &[
                    ("splitGross", split_gross),
                    ("memberAllocationPercent", allocation),
                ],
                override_amount,
            ));
            let mut lead_line = blank_line(
                &share,
                lead,
                PayoutRole::TeamLeadOverride {
                    member: share.on_deal.agent,
                },
            );
            lead_line.agent_gross = override_amount;
            lead_line.agent_net = override_amount;
            lead_line.trace = vec![TraceStep::new(
                Rule::TeamLeadOverride,
                &[
                    ("memberSplitGross", split_gross),
                    ("memberAllocationPercent", allocation),
                ],
                override_amount,
            )];
            (kept, Some(lead_line))
        }
    };

    let mut available = agent_gross;
    let mut fees = FeeCharges::default();
    if !share.deal.referral_off_the_top && !share.deal.referral_percent.is_zero() {
        let amount = percent_of(share.gci, share.deal.referral_percent).min(available);
        trace.push(TraceStep::new(
            Rule::AgentSideReferral,
            &[
                ("gciShare", share.gci),
                ("referralPercent", share.deal.referral_percent),
            ],
            amount,
        ));
        available -= amount;
        fees.push(FeeCharge {
            rule: Rule::AgentSideReferral,
            amount,
            retained_by_company: false,
        });
    }
    let post_split = [
        (
            Rule::TransactionFee,
            &terms.transaction_fee,
            &mut year.transaction_fees,
        ),
        (
            Rule::ErrorsAndOmissions,
            &terms.errors_and_omissions,
            &mut year.errors_and_omissions,
        ),
    ];
    for (rule, fee, paid) in post_split {
        if let Some(fee) = fee {
            let (charge, step) = charge_fee(rule, fee, agent_gross, available, paid);
            available -= charge.amount;
            trace.push(step);
            fees.push(charge);
        }
    }
    trace.push(TraceStep::new(
        Rule::AgentNet,
        &[
            ("agentGross", agent_gross),
            ("fees", agent_gross - available),
        ],
        available,
    ));

    year.gci += share.gci;
    year.company_split += company_split;
    year.sides += share.list_sides + share.buy_sides;

    let mut line = blank_line(&share, share.on_deal.agent, PayoutRole::Agent);
    line.list_sides = share.list_sides;
    line.buy_sides = share.buy_sides;
    line.gci = share.gci;
    line.referral = share.referral_off_the_top;
    line.franchise_fee = franchise;
    line.agent_gross = agent_gross;
    line.fees = fees;
    line.agent_net = available;
    line.company_split = company_split;
    line.capped_on_this_deal = capped_on_this_deal;
    line.trace = trace;
    (line, lead_line)
}

/// The company's split at the plan's rate (override, tier or flat fee), before the cap.
fn company_at_plan_rate(
    share: &AgentShare<'_>,
    splittable: Decimal,
    year: &YearTotals,
) -> (Decimal, TraceStep) {
    if let Some(o) = &share.on_deal.split_override {
        let agent = percent_of(splittable, o.agent_percent);
        let step = TraceStep::new(
            Rule::SplitRate,
            &[("agentPercent", o.agent_percent)],
            o.agent_percent,
        )
        .noting(format!("this deal's override: {}", o.reason));
        return (splittable - agent, step);
    }
    match &share.terms.terms.split {
        Split::AgentPercent { agent_percent } => (
            splittable - percent_of(splittable, *agent_percent),
            TraceStep::new(
                Rule::SplitRate,
                &[("agentPercent", *agent_percent)],
                *agent_percent,
            ),
        ),
        Split::FlatFeeToCompany { amount } => (
            (*amount).min(splittable),
            TraceStep::new(Rule::SplitRate, &[("flatFeeToCompany", *amount)], *amount)
                .noting("flat fee to the company, never more than the splittable amount"),
        ),
        Split::Tiered { basis, tiers } => {
            let counted = match basis {
                TierBasis::Gci => year.gci,
                TierBasis::CompanyDollar => year.company_split,
                TierBasis::ClosedSides => year.sides,
            };
            let tier = tiers
                .iter()
                .rev()
                .find(|t| t.from <= counted)
                .unwrap_or(&tiers[0]);
            let step = TraceStep::new(
                Rule::SplitRate,
                &[("countedBeforeDeal", counted), ("tierFrom", tier.from)],
                tier.agent_percent,
            )
            .noting(match basis {
                TierBasis::Gci => "tier by GCI counted over the cap year before this deal",
                TierBasis::CompanyDollar => {
                    "tier by company dollar counted over the cap year before this deal"
                }
                TierBasis::ClosedSides => {
                    "tier by closed sides counted over the cap year before this deal"
                }
            });
            (
                splittable - percent_of(splittable, tier.agent_percent),
                step,
            )
        }
    }
}

/// A post-split fee: its nominal amount, limited by its annual cap and by what the agent
/// has left (a fee never makes agent net negative).
fn charge_fee(
    rule: Rule,
    fee: &PostSplitFee,
    agent_gross: Decimal,
    available: Decimal,
    paid: &mut Decimal,
) -> (FeeCharge, TraceStep) {
    let nominal = match fee.amount {
        FeeAmount::Flat { amount } => amount,
        FeeAmount::PercentOfAgentGross { percent } => percent_of(agent_gross, percent),
    };
    let (after_cap, cap_note) = limit_by_annual_cap(nominal, fee.annual_cap, *paid);
    let amount = after_cap.min(available);
    *paid += amount;
    let mut step = TraceStep::new(
        rule,
        &[("nominal", nominal), ("paidThisCapYear", *paid - amount)],
        amount,
    );
    step = with_note(step, cap_note);
    if amount < after_cap {
        step = step.noting("limited to what the agent had left");
    }
    let charge = FeeCharge {
        rule,
        amount,
        retained_by_company: fee.payee == FeePayee::Company,
    };
    (charge, step)
}

/// `nominal`, less whatever would go past `cap` given `paid` so far this cap year.
fn limit_by_annual_cap(
    nominal: Decimal,
    cap: Option<Decimal>,
    paid: Decimal,
) -> (Decimal, Option<String>) {
    let Some(cap) = cap else {
        return (nominal, None);
    };
    let left = (cap - paid).max(Decimal::ZERO);
    if nominal <= left {
        return (nominal, None);
    }
    let note = if left.is_zero() {
        format!("annual cap of {cap} already reached")
    } else {
        format!("annual cap of {cap} reached on this deal")
    };
    (left, Some(note))
}

fn with_note(step: TraceStep, note: Option<String>) -> TraceStep {
    match note {
        Some(note) => step.noting(note),
        None => step,
    }
}

/// A line with the deal's facts filled in and every amount zero.
fn blank_line(
    share: &AgentShare<'_>,
    agent: crate::ids::RosterAgentId,
    role: PayoutRole,
) -> PayoutLine {
    let deal = share.deal;
    PayoutLine {
        deal_id: deal.id,
        agent,
        role,
        status: deal.status,
        plan: share.terms.plan,
        plan_version_from: share.terms.version_from,
        contract_date: deal.contract_date,
        closing_date: deal.closing_date,
        paid_date: deal.paid_date,
        sale_price: deal.sale_price,
        double_end: deal.is_double_end(),
        list_sides: Decimal::ZERO,
        buy_sides: Decimal::ZERO,
        gci: Decimal::ZERO,
        referral: Decimal::ZERO,
        franchise_fee: Decimal::ZERO,
        agent_gross: Decimal::ZERO,
        fees: FeeCharges::default(),
        agent_net: Decimal::ZERO,
        company_split: Decimal::ZERO,
        cap_year_start: share.cap_year_start,
        capped_on_this_deal: false,
        trace: Vec::new(),
    }
}
