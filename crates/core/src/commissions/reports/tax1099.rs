//! 1099 totals: what each agent was paid in a tax year, on the paid date (cash), beside
//! their production on the closing date (accrual), so a December close paid in January
//! shows in one year's production and the next year's 1099.

use std::collections::BTreeMap;

use chrono::Datelike;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::commissions::deal::DealStatus;
use crate::commissions::line::PayoutLine;
use crate::ids::RosterAgentId;

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Form1099Total {
    pub agent: RosterAgentId,
    pub tax_year: i32,
    /// Agent net on lines paid in the tax year: the 1099 basis.
    #[ts(type = "string")]
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub paid_net: Decimal,
    pub paid_deals: u32,
    /// Agent net on deals closed in the tax year, whenever paid.
    #[ts(type = "string")]
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub closed_net: Decimal,
    /// Agent net on deals closed in the tax year with no paid date yet.
    #[ts(type = "string")]
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub closed_unpaid_net: Decimal,
}

/// Every agent with a closed line paid or closed in `tax_year`, by agent id.
pub fn totals_1099(lines: &[PayoutLine], tax_year: i32) -> Vec<Form1099Total> {
    let mut totals: BTreeMap<RosterAgentId, Form1099Total> = BTreeMap::new();
    for line in lines.iter().filter(|l| l.status == DealStatus::Closed) {
        let paid_in_year = line.paid_date.is_some_and(|d| d.year() == tax_year);
        let closed_in_year = line.closing_date.year() == tax_year;
        if !paid_in_year && !closed_in_year {
            continue;
        }
        let total = totals.entry(line.agent).or_insert_with(|| Form1099Total {
            agent: line.agent,
            tax_year,
            ..Default::default()
        });
        if paid_in_year {
            total.paid_net += line.agent_net;
            total.paid_deals += 1;
        }
        if closed_in_year {
            total.closed_net += line.agent_net;
            if line.paid_date.is_none() {
                total.closed_unpaid_net += line.agent_net;
            }
        }
    }
    totals.into_values().collect()
}
