//! Loop health: what is wrong or missing in a deal, each finding with the fields
//! involved, words a person can act on, and the loop's URL so it can be fixed in
//! Dotloop.
//!
//! **Data-quality score.** Each finding code has a weight (see [`HealthCode::weight`]:
//! 20 for what breaks commission figures — no price, a closed deal without a closing
//! date, a commission that disagrees with rate × price, a dollar amount in a rate, no
//! agent on the roster; 15 for a stale pending deal; 10 for split, referral and
//! duplicate-MLS problems; 5 for a missing MLS number). A transaction scores 100 less
//! the weights of the distinct codes it has, never below 0. An agent's score is the
//! mean of the scores of the deals they are matched to, rounded down, with the count.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use ts_rs::TS;

use super::agents::RosterIndex;
use super::record::{TransactionField as F, TransactionFields};
use super::status::{StatusGroup, StatusMapping};
use crate::ids::RosterAgentId;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum HealthCode {
    ClosedWithoutClosingDate,
    StalePending,
    CommissionMismatch,
    SplitPercentMismatch,
    SplitAmountMismatch,
    DollarAmountInRate,
    PriceMissing,
    NoAgentMatched,
    MissingMlsNumber,
    DuplicateMlsNumber,
    ReferralWithoutSource,
}

impl HealthCode {
    /// Points off the data-quality score.
    pub fn weight(self) -> u8 {
        use HealthCode::*;
        match self {
            ClosedWithoutClosingDate
            | CommissionMismatch
            | DollarAmountInRate
            | PriceMissing
            | NoAgentMatched => 20,
            StalePending => 15,
            SplitPercentMismatch
            | SplitAmountMismatch
            | DuplicateMlsNumber
            | ReferralWithoutSource => 10,
            MissingMlsNumber => 5,
        }
    }

    /// Whether the deal alone decides the finding: not the day, the status mapping,
    /// the roster or other deals. These are [`deal_findings`].
    pub fn depends_on_deal_alone(self) -> bool {
        use HealthCode::*;
        match self {
            ClosedWithoutClosingDate | StalePending | NoAgentMatched | DuplicateMlsNumber => false,
            CommissionMismatch
            | SplitPercentMismatch
            | SplitAmountMismatch
            | DollarAmountInRate
            | PriceMissing
            | MissingMlsNumber
            | ReferralWithoutSource => true,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct HealthFinding {
    pub code: HealthCode,
    pub fields: Vec<F>,
    pub message: String,
    /// Where to fix it in Dotloop; None for a deal entered by hand.
    pub loop_url: Option<String>,
}

/// Loops still open (active or pending), by MLS number, to spot one listing entered
/// twice. Built once over all of a tenant's transactions.
#[derive(Clone, Debug, Default)]
pub struct OpenLoopsByMls(HashMap<String, u32>);

/// Active and pending loops are open: a duplicate MLS number among them is a finding.
pub fn is_open(group: StatusGroup) -> bool {
    matches!(group, StatusGroup::Active | StatusGroup::Pending)
}

/// The key two spellings of one MLS number share.
pub fn mls_key(mls: &str) -> String {
    mls.trim().to_uppercase()
}

impl OpenLoopsByMls {
    pub fn new<'a>(
        deals: impl IntoIterator<Item = &'a TransactionFields>,
        mapping: &StatusMapping,
        today: NaiveDate,
    ) -> Self {
        Self::from_loops(
            deals.into_iter().map(|deal| {
                (
                    deal.status.as_deref(),
                    deal.closing_date,
                    deal.mls_number.as_deref(),
                )
            }),
            mapping,
            today,
        )
    }

    /// The same from each loop's status, closing date and MLS number alone: what the
    /// desktop's list index keeps, so it need not decode whole deals.
    pub fn from_loops<'a>(
        loops: impl IntoIterator<Item = (Option<&'a str>, Option<NaiveDate>, Option<&'a str>)>,
        mapping: &StatusMapping,
        today: NaiveDate,
    ) -> Self {
        let mut counts = HashMap::new();
        for (status, closing_date, mls) in loops {
            let group = mapping.group(status, closing_date, today);
            if let (Some(mls), true) = (mls, is_open(group)) {
                *counts.entry(mls_key(mls)).or_insert(0) += 1;
            }
        }
        Self(counts)
    }

    fn count(&self, mls: &str) -> u32 {
        self.0.get(&mls_key(mls)).copied().unwrap_or(0)
    }
}

/// What a deal is judged against.
pub struct HealthContext<'a> {
    pub today: NaiveDate,
    pub mapping: &'a StatusMapping,
    pub roster: &'a RosterIndex,
    pub open_by_mls: &'a OpenLoopsByMls,
}

/// Commission total and rate × price may differ by rounding: by up to $1.00, or 0.05 %
/// of the expected total when that is more.
fn commission_tolerance(expected: Decimal) -> Decimal {
    (expected.abs() * Decimal::new(5, 4)).max(Decimal::ONE)
}

/// A rate field can hold at most 100 (%); more is a dollar amount typed in the wrong box.
const MAX_PERCENT: Decimal = Decimal::ONE_HUNDRED;

struct Findings<'a> {
    deal: &'a TransactionFields,
    list: Vec<HealthFinding>,
}

impl Findings<'_> {
    fn add(&mut self, code: HealthCode, fields: &[F], message: String) {
        self.list.push(HealthFinding {
            code,
            fields: fields.to_vec(),
            message,
            loop_url: self.deal.loop_url.clone(),
        });
    }
}

fn check_dates(out: &mut Findings, group: StatusGroup, today: NaiveDate) {
    let deal = out.deal;
    let status = deal.status.as_deref().unwrap_or("no status");
    match (group, deal.closing_date) {
        (StatusGroup::Closed, None) => out.add(
            HealthCode::ClosedWithoutClosingDate,
            &[F::Status, F::ClosingDate],
            format!("The loop is {status} but has no closing date, so it counts in no period's production."),
        ),
        (group, Some(closing)) if is_open(group) && closing < today => out.add(
            HealthCode::StalePending,
            &[F::Status, F::ClosingDate],
            format!("The closing date {closing} has passed but the loop is still {status}: mark it closed or move the date."),
        ),
        _ => {}
    }
}

fn check_money(out: &mut Findings) {
    let deal = out.deal;
    let rates = [
        (F::CommissionRate, deal.commission_rate, "commission rate"),
        (
            F::BuySideSplitPercent,
            deal.buy_side_split_percent,
            "buy-side split %",
        ),
        (
            F::SellSideSplitPercent,
            deal.sell_side_split_percent,
            "sell-side split %",
        ),
        (F::ReferralPercent, deal.referral_percent, "referral %"),
    ];
    for (field, rate, what) in rates {
        if let Some(rate) = rate.filter(|r| *r > MAX_PERCENT) {
            let message = format!(
                "The {what} is {rate}, which looks like a dollar amount typed into a percent field."
            );
            out.add(HealthCode::DollarAmountInRate, &[field], message);
        }
    }
    let price = deal.price().filter(|p| !p.is_zero());
    if price.is_none() {
        let message = "The loop has no price (or a price of 0), so its commission cannot be checked or reported.";
        out.add(HealthCode::PriceMissing, &[F::SalePrice], message.into());
    }
    let rate = deal.commission_rate.filter(|r| *r <= MAX_PERCENT);
    if let (Some(price), Some(rate), Some(total)) = (price, rate, deal.commission_total) {
        let expected = (price * rate / Decimal::ONE_HUNDRED).round_dp(2);
        if (total - expected).abs() > commission_tolerance(expected) {
            out.add(
                HealthCode::CommissionMismatch,
                &[F::CommissionTotal, F::CommissionRate, F::SalePrice],
                format!("The commission total is {total}, but {rate} % of {price} is {expected}."),
            );
        }
    }
    check_splits(out, rate);
    if deal.referral_percent.is_some_and(|r| !r.is_zero()) && deal.referral_source.is_none() {
        out.add(
            HealthCode::ReferralWithoutSource,
            &[F::ReferralPercent, F::ReferralSource],
            "A referral % is set but not who the referral is paid to.".into(),
        );
    }
}

/// The split % add up when they make 100 (shares of the commission) or the commission
/// rate (shares of the price); both conventions are in use.
fn check_splits(out: &mut Findings, rate: Option<Decimal>) {
    let deal = out.deal;
    let cent = Decimal::new(1, 2);
    if let (Some(buy), Some(sell)) = (deal.buy_side_split_percent, deal.sell_side_split_percent) {
        let sum = buy + sell;
        let adds_up = [Some(Decimal::ONE_HUNDRED), rate]
            .into_iter()
            .flatten()
            .any(|target| (sum - target).abs() <= cent);
        if !adds_up && buy <= MAX_PERCENT && sell <= MAX_PERCENT {
            let message = format!(
                "The buy-side and sell-side split % add up to {sum}, neither 100 nor the commission rate."
            );
            let fields = [F::BuySideSplitPercent, F::SellSideSplitPercent];
            out.add(HealthCode::SplitPercentMismatch, &fields, message);
        }
    }
    if let (Some(buy), Some(sell), Some(total)) = (
        deal.buy_side_split_amount,
        deal.sell_side_split_amount,
        deal.commission_total,
    ) && (buy + sell - total).abs() > Decimal::ONE
    {
        let message = format!(
            "The split amounts {buy} + {sell} = {} do not add up to the commission total {total}.",
            buy + sell
        );
        let fields = [
            F::BuySideSplitAmount,
            F::SellSideSplitAmount,
            F::CommissionTotal,
        ];
        out.add(HealthCode::SplitAmountMismatch, &fields, message);
    }
}

fn check_missing_mls(out: &mut Findings) {
    let deal = out.deal;
    if deal.mls_number.is_none()
        && !matches!(
            deal.transaction_type.as_deref(),
            Some("OTHER" | "REAL_ESTATE_OTHER")
        )
    {
        out.add(
            HealthCode::MissingMlsNumber,
            &[F::MlsNumber],
            "The loop has no MLS number.".into(),
        )
    }
}

fn check_duplicate_mls(out: &mut Findings, group: StatusGroup, open_by_mls: &OpenLoopsByMls) {
    let deal = out.deal;
    if let Some(mls) = &deal.mls_number
        && is_open(group)
        && open_by_mls.count(mls) > 1
    {
        out.add(
            HealthCode::DuplicateMlsNumber,
            &[F::MlsNumber],
            format!(
                "MLS number {mls} is on {} open loops; one of them may be a duplicate.",
                open_by_mls.count(mls)
            ),
        )
    }
}

/// Every finding on one deal.
pub fn loop_health(deal: &TransactionFields, context: &HealthContext) -> Vec<HealthFinding> {
    let group = context
        .mapping
        .group(deal.status.as_deref(), deal.closing_date, context.today);
    let mut out = Findings {
        deal,
        list: Vec::new(),
    };
    check_dates(&mut out, group, context.today);
    check_money(&mut out);
    let matches = context.roster.match_agents(deal);
    if matches.matched.is_empty() {
        let names: Vec<&str> = matches.unmatched.iter().map(|p| p.name.as_str()).collect();
        let who = if names.is_empty() {
            "The loop lists no agent".to_owned()
        } else {
            format!("None of {} is", names.join(", "))
        };
        out.add(
            HealthCode::NoAgentMatched,
            &[F::Participants],
            format!("{who} on the roster, so nobody is credited with this deal."),
        );
    }
    check_missing_mls(&mut out);
    check_duplicate_mls(&mut out, group, context.open_by_mls);
    out.list
}

/// The findings the deal alone decides (see [`HealthCode::depends_on_deal_alone`]), in
/// [`loop_health`]'s order: what a cache may work out once, when it stores the deal.
pub fn deal_findings(deal: &TransactionFields) -> Vec<HealthFinding> {
    let mut out = Findings {
        deal,
        list: Vec::new(),
    };
    check_money(&mut out);
    check_missing_mls(&mut out);
    out.list
}

/// 100 less the weights of the distinct finding codes, never below 0.
pub fn quality_score(findings: &[HealthFinding]) -> u8 {
    let mut codes: Vec<HealthCode> = findings.iter().map(|f| f.code).collect();
    codes.sort_unstable();
    codes.dedup();
    let lost: u32 = codes.iter().map(|c| u32::from(c.weight())).sum();
    100u32.saturating_sub(lost) as u8
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct AgentQuality {
    pub agent_id: RosterAgentId,
    pub score: u8,
    pub transactions: u32,
}

/// Each agent's score: the mean of their deals' scores, rounded down. `scored` holds,
/// per deal, the agents matched to it and its score.
pub fn agent_quality<'a>(
    scored: impl IntoIterator<Item = (&'a [RosterAgentId], u8)>,
) -> Vec<AgentQuality> {
    let mut totals: BTreeMap<RosterAgentId, (u32, u32)> = BTreeMap::new();
    for (agents, score) in scored {
        let mut agents = agents.to_vec();
        agents.sort_unstable();
        agents.dedup();
        for agent in agents {
            let entry = totals.entry(agent).or_default();
            entry.0 += u32::from(score);
            entry.1 += 1;
        }
    }
    totals
        .into_iter()
        .map(|(agent_id, (sum, count))| AgentQuality {
            agent_id,
            score: (sum / count) as u8,
            transactions: count,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::transactions::Participant;
    use crate::transactions::agents::tests::agent;

    fn d(text: &str) -> Option<Decimal> {
        Some(text.parse().unwrap())
    }

    fn codes(deal: &TransactionFields) -> Vec<HealthCode> {
        let agent = agent("Alice Agent", "alice@acme.test");
        let mapping = StatusMapping::default();
        let today = NaiveDate::from_ymd_opt(2025, 11, 1).unwrap();
        let roster = RosterIndex::new(&[agent]);
        let open_by_mls = OpenLoopsByMls::default();
        let context = HealthContext {
            today,
            mapping: &mapping,
            roster: &roster,
            open_by_mls: &open_by_mls,
        };
        loop_health(deal, &context)
            .into_iter()
            .map(|f| f.code)
            .collect()
    }

    fn sound() -> TransactionFields {
        TransactionFields {
            status: Some("SOLD".into()),
            closing_date: NaiveDate::from_ymd_opt(2025, 10, 1),
            sale_price: d("400000"),
            commission_rate: d("2.5"),
            commission_total: d("10000.00"),
            buy_side_split_percent: d("1.25"),
            sell_side_split_percent: d("1.25"),
            buy_side_split_amount: d("5000"),
            sell_side_split_amount: d("5000"),
            mls_number: Some("ME-1".into()),
            loop_url: Some("https://www.dotloop.com/my/loop/1".into()),
            participants: vec![Participant {
                name: "A".into(),
                email: Some("alice@acme.test".into()),
                role: Some("LISTING_AGENT".into()),
            }],
            ..Default::default()
        }
    }

    #[test]
    fn a_sound_deal_has_no_findings_and_splits_may_add_to_the_rate() {
        assert_eq!(codes(&sound()), vec![]);
    }

    #[test]
    fn deal_findings_are_what_loop_health_finds_from_the_deal_alone() {
        let mut deals = vec![sound()];
        let mut pending = sound();
        pending.status = Some("UNDER_CONTRACT".into());
        pending.commission_total = d("12000");
        pending.mls_number = None;
        pending.referral_percent = d("5");
        pending.participants.clear();
        deals.push(pending);
        let mut other = sound();
        other.sale_price = None;
        other.commission_rate = d("3000");
        other.closing_date = None;
        other.transaction_type = Some("OTHER".into());
        other.mls_number = None;
        other.buy_side_split_percent = d("70");
        deals.push(other);
        for deal in &deals {
            let alone: Vec<HealthCode> = deal_findings(deal).into_iter().map(|f| f.code).collect();
            let all = codes(deal);
            assert!(all.len() > alone.len() || deal == &deals[0], "{all:?}");
            let expected: Vec<HealthCode> = all
                .into_iter()
                .filter(|c| c.depends_on_deal_alone())
                .collect();
            assert_eq!(alone, expected);
        }
    }

    #[test]
    fn money_that_does_not_add_up_is_found() {
        let mut deal = sound();
        deal.commission_total = d("10000.99");
        assert_eq!(codes(&deal), vec![], "within the $1.00 rounding tolerance");
        deal.commission_total = d("12000");
        deal.sell_side_split_amount = d("7000");
        deal.buy_side_split_percent = d("60");
        deal.sell_side_split_percent = d("50");
        assert_eq!(
            codes(&deal),
            vec![
                HealthCode::CommissionMismatch,
                HealthCode::SplitPercentMismatch
            ]
        );
        deal.sell_side_split_amount = d("5000");
        assert_eq!(codes(&deal)[2], HealthCode::SplitAmountMismatch);
    }

    #[test]
    fn a_closed_deal_without_a_closing_date_and_its_url() {
        let mut deal = sound();
        deal.closing_date = None;
        let agent_roster = RosterIndex::new(&[]);
        let mapping = StatusMapping::default();
        let open = OpenLoopsByMls::default();
        let context = HealthContext {
            today: NaiveDate::from_ymd_opt(2025, 11, 1).unwrap(),
            mapping: &mapping,
            roster: &agent_roster,
            open_by_mls: &open,
        };
        let findings = loop_health(&deal, &context);
        assert_eq!(findings[0].code, HealthCode::ClosedWithoutClosingDate);
        assert_eq!(findings[0].fields, vec![F::Status, F::ClosingDate]);
        assert_eq!(
            findings[0].loop_url.as_deref(),
            Some("https://www.dotloop.com/my/loop/1")
        );
        assert_eq!(
            quality_score(&findings),
            60,
            "closed without date and no agent: 20 + 20"
        );
    }
}
