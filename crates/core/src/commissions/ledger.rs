//! What each agent has accumulated in each cap year as the engine walks the deals: the
//! figures the tiers, the cap and the annual fee caps are counted against.

use std::collections::HashMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::ids::RosterAgentId;

#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct YearTotals {
    pub gci: Decimal,
    /// The company's split: what counts toward the cap and the company-dollar tiers.
    pub company_split: Decimal,
    pub sides: Decimal,
    pub franchise_fees: Decimal,
    pub transaction_fees: Decimal,
    pub errors_and_omissions: Decimal,
}

/// Totals keyed by (agent, cap year start). Keyed by year rather than reset in place so a
/// pending deal expected in an earlier year than the last closed one still counts in
/// its own year.
#[derive(Debug, Default)]
pub struct Ledger {
    years: HashMap<(RosterAgentId, NaiveDate), YearTotals>,
}

impl Ledger {
    pub fn year(&mut self, agent: RosterAgentId, start: NaiveDate) -> &mut YearTotals {
        self.years.entry((agent, start)).or_default()
    }
}
