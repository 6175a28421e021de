//! Where each agent stands against their cap: what has counted, what is left, the day
//! they capped, and the day the pending deals are expected to take them there.

use std::collections::HashMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use rustc_hash::FxBuildHasher;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::commissions::book::PlanBook;
use crate::commissions::cap_year::cap_year_containing;
use crate::commissions::deal::DealStatus;
use crate::commissions::line::{PayoutLine, PayoutRole};
use crate::ids::{CommissionPlanId, RosterAgentId};
use crate::roster::RosterAgent;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct CapProgress {
    pub agent: RosterAgentId,
    pub plan: CommissionPlanId,
    #[ts(type = "string")]
    pub cap_year_start: NaiveDate,
    /// The day the next cap year starts.
    #[ts(type = "string")]
    pub cap_year_end: NaiveDate,
    #[ts(type = "string")]
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub cap: Decimal,
    /// The company's split on the agent's deals closed this cap year up to the as-of day.
    #[ts(type = "string")]
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub counted: Decimal,
    #[ts(type = "string")]
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub left_to_cap: Decimal,
    #[ts(type = "string | null")]
    pub capped_on: Option<NaiveDate>,
    /// The expected closing date of the pending deal on which the agent would cap, if
    /// the pending deals close as expected within this cap year.
    #[ts(type = "string | null")]
    pub projected_cap_date: Option<NaiveDate>,
}

/// Cap progress on `as_of` for every roster agent whose plan then has a cap. `lines`
/// must be the engine's output in its order (the projection reads pending lines in it).
pub fn cap_progress(
    lines: &[PayoutLine],
    roster: &[RosterAgent],
    book: &PlanBook,
    as_of: NaiveDate,
) -> Vec<CapProgress> {
    // One pass to find each agent's lines, rather than a scan of every line per agent;
    // hashed with Fx, which is fast on the random UUIDs of agent ids, since every line
    // is looked up.
    let mut by_agent: HashMap<RosterAgentId, Vec<&PayoutLine>, FxBuildHasher> = HashMap::default();
    for line in lines.iter().filter(|l| l.role == PayoutRole::Agent) {
        by_agent.entry(line.agent).or_default().push(line);
    }
    let mut progress = Vec::new();
    for agent in roster {
        let Some(terms) = book.terms_for(agent.id, as_of) else {
            continue;
        };
        let Some(cap) = terms.terms.company_dollar_cap else {
            continue;
        };
        let (start, end) = cap_year_containing(terms.terms.cap_year, agent.anniversary, as_of);
        let mut entry = CapProgress {
            agent: agent.id,
            plan: terms.plan,
            cap_year_start: start,
            cap_year_end: end,
            cap,
            counted: Decimal::ZERO,
            left_to_cap: cap,
            capped_on: None,
            projected_cap_date: None,
        };
        let own = by_agent.get(&agent.id).map_or(&[][..], Vec::as_slice);
        let in_year = own.iter().filter(|l| l.cap_year_start == start);
        for line in in_year {
            let counted_now = line.status == DealStatus::Closed && line.closing_date <= as_of;
            if counted_now {
                entry.counted += line.company_split;
                if line.capped_on_this_deal {
                    entry.capped_on = Some(line.closing_date);
                }
            } else if line.capped_on_this_deal && entry.projected_cap_date.is_none() {
                entry.projected_cap_date = Some(line.closing_date);
            }
        }
        entry.left_to_cap = (cap - entry.counted).max(Decimal::ZERO);
        progress.push(entry);
    }
    progress
}
