//! Production side by side: this period against the same period a year earlier, and
//! written business against closed business.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::figures::ProductionFigures;
use super::production::{
    DateBasis, GroupKey, ProductionQuery, ProductionReport, label, production,
};
use crate::commissions::book::PlanBook;
use crate::commissions::deal::Deal;
use crate::commissions::engine::compute_payouts;
use crate::commissions::line::PayoutLine;
use crate::commissions::plan::CommissionInvalid;
use crate::ids::{CommissionPlanId, RosterAgentId};
use crate::roster::RosterAgent;

/// One group in two reports; a group missing from one side has default (zero) figures.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ComparedRow {
    pub key: GroupKey,
    pub label: String,
    pub first: ProductionFigures,
    pub second: ProductionFigures,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ComparedReport {
    pub rows: Vec<ComparedRow>,
    pub first_total: ProductionFigures,
    pub second_total: ProductionFigures,
}

/// This period (`first`) against the same days a year earlier (`second`). Month and
/// year groups are matched to the group a year later, so March meets March. The two
/// sets of lines may differ: pass lines computed under one plan for both years to
/// compare like with like (see [`year_over_year_same_plan`]).
pub fn year_over_year(
    this_year_lines: &[PayoutLine],
    last_year_lines: &[PayoutLine],
    roster: &[RosterAgent],
    query: &ProductionQuery,
) -> ComparedReport {
    let current = production(this_year_lines, roster, query);
    against_a_year_earlier(&current, last_year_lines, roster)
}

/// `current`, a report already made, against the same days a year earlier in
/// `last_year_lines`: what [`year_over_year`] gives, without computing `current` again
/// when the caller shows it too.
pub fn against_a_year_earlier(
    current: &ProductionReport,
    last_year_lines: &[PayoutLine],
    roster: &[RosterAgent],
) -> ComparedReport {
    let earlier = ProductionQuery {
        period: current.query.period.a_year_earlier(),
        ..current.query
    };
    let previous = production(last_year_lines, roster, &earlier);
    join(current, &previous, roster, GroupKey::a_year_later)
}

/// Year over year with every roster agent paid under one plan version in both years,
/// so a change of plan does not read as a change in production.
pub fn year_over_year_same_plan(
    deals: &[Deal],
    roster: &[RosterAgent],
    book: &PlanBook,
    plan: CommissionPlanId,
    version_from: NaiveDate,
    query: &ProductionQuery,
) -> Result<ComparedReport, CommissionInvalid> {
    let everyone: Vec<RosterAgentId> = roster.iter().map(|a| a.id).collect();
    let trial = book.with_everyone_on(&everyone, plan, version_from)?;
    let lines = compute_payouts(deals, roster, &trial).lines;
    Ok(year_over_year(&lines, &lines, roster, query))
}

/// Written (by contract date) beside closed (by closing date), same period and groups.
pub fn written_vs_closed(
    lines: &[PayoutLine],
    roster: &[RosterAgent],
    query: &ProductionQuery,
) -> ComparedReport {
    let written = production(
        lines,
        roster,
        &ProductionQuery {
            basis: DateBasis::Written,
            ..*query
        },
    );
    let closed = production(
        lines,
        roster,
        &ProductionQuery {
            basis: DateBasis::Closed,
            ..*query
        },
    );
    join(&written, &closed, roster, GroupKey::clone)
}

/// Pairs the rows of two reports; `align` maps a key of `second` to the key it is
/// compared with in `first`.
fn join(
    first: &ProductionReport,
    second: &ProductionReport,
    roster: &[RosterAgent],
    align: impl Fn(&GroupKey) -> GroupKey,
) -> ComparedReport {
    let mut pairs: BTreeMap<GroupKey, (ProductionFigures, ProductionFigures)> = BTreeMap::new();
    for row in &first.rows {
        pairs.entry(row.key.clone()).or_default().0 = row.figures.clone();
    }
    for row in &second.rows {
        pairs.entry(align(&row.key)).or_default().1 = row.figures.clone();
    }
    let agents: HashMap<RosterAgentId, &RosterAgent> = roster.iter().map(|a| (a.id, a)).collect();
    ComparedReport {
        rows: pairs
            .into_iter()
            .map(|(key, (first, second))| ComparedRow {
                label: label(&key, &agents),
                key,
                first,
                second,
            })
            .collect(),
        first_total: first.total.clone(),
        second_total: second.total.clone(),
    }
}
