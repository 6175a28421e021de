//! The production figures of one group, and how lines add up into them. Money and side
//! credits are summed line by line; deal counts, double ends and days to close count
//! each deal once however many of the group's agents were on it.

use std::collections::HashSet;

use rust_decimal::Decimal;
use rustc_hash::FxBuildHasher;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use crate::commissions::deal::DealStatus;
use crate::commissions::line::{PayoutLine, PayoutRole};
use crate::commissions::money::{add_to, cents};

/// One group's production. Averages and the median are absent when nothing counts.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ProductionFigures {
    #[ts(type = "string")]
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub gci: Decimal,
    #[ts(type = "string")]
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub adjusted_gci: Decimal,
    #[ts(type = "string")]
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub agent_gross: Decimal,
    #[ts(type = "string")]
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub agent_net: Decimal,
    #[ts(type = "string")]
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub company_dollar: Decimal,
    /// Sale price × side credit: a double end counts its price twice, once per side.
    #[ts(type = "string")]
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub volume: Decimal,
    #[ts(type = "string")]
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub list_sides: Decimal,
    #[ts(type = "string")]
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub buy_sides: Decimal,
    /// Deals on which the brokerage had both sides.
    pub double_ends: u32,
    pub deal_count: u32,
    /// Volume per side, to the cent.
    #[ts(type = "string | null")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub average_price: Option<Decimal>,
    /// GCI per side, to the cent.
    #[ts(type = "string | null")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub average_commission_per_side: Option<Decimal>,
    /// Median days from contract to closing over the closed deals with both dates.
    #[ts(type = "string | null")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub median_days_to_close: Option<Decimal>,
    /// The pending pipeline beside what has closed: deals still pending and the GCI and
    /// company dollar they are expected to bring.
    pub pending_deal_count: u32,
    #[ts(type = "string")]
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub pending_expected_gci: Decimal,
    #[ts(type = "string")]
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub pending_expected_company_dollar: Decimal,
}

/// What one line adds to a group, with the amounts derived from it (company dollar, a
/// sum over its fees; adjusted GCI; volume) computed once for the group and the total.
pub struct CountedLine<'a> {
    line: &'a PayoutLine,
    /// Counts as production (closed, or written in the period).
    production: bool,
    /// Counts in the pipeline (still pending).
    pending: bool,
    company_dollar: Decimal,
    adjusted_gci: Decimal,
    volume: Decimal,
}

impl<'a> CountedLine<'a> {
    pub fn new(line: &'a PayoutLine, production: bool, pending: bool) -> Self {
        let (adjusted_gci, volume) = if production {
            (line.adjusted_gci(), line.sale_price * line.sides())
        } else {
            (Decimal::ZERO, Decimal::ZERO)
        };
        Self {
            line,
            production,
            pending,
            company_dollar: line.company_dollar(),
            adjusted_gci,
            volume,
        }
    }
}

/// Sums lines into figures; [`FiguresBuilder::finish`] computes the averages.
#[derive(Debug, Default)]
pub struct FiguresBuilder {
    figures: ProductionFigures,
    deals: DealSet,
    pending_deals: DealSet,
    days_to_close: Vec<i64>,
}

/// The deals already counted in a group, looked up once per line: Fx hashes a UUID in a
/// fraction of the default SipHash's time, and the ids' random bits spread well under it.
/// (Ids come from the tenant's own deals, so there is no one to flood the table.)
type DealSet = HashSet<Uuid, FxBuildHasher>;

impl FiguresBuilder {
    pub fn add(&mut self, counted: &CountedLine<'_>) {
        if counted.production {
            self.add_production(counted);
        }
        if counted.pending {
            self.add_pending(counted);
        }
    }

    fn add_production(&mut self, counted: &CountedLine<'_>) {
        let line = counted.line;
        let f = &mut self.figures;
        add_to(&mut f.gci, line.gci);
        add_to(&mut f.adjusted_gci, counted.adjusted_gci);
        add_to(&mut f.agent_gross, line.agent_gross);
        add_to(&mut f.agent_net, line.agent_net);
        add_to(&mut f.company_dollar, counted.company_dollar);
        add_to(&mut f.volume, counted.volume);
        add_to(&mut f.list_sides, line.list_sides);
        add_to(&mut f.buy_sides, line.buy_sides);
        // A team lead's override line is money, not a deal the lead worked.
        if line.role != PayoutRole::Agent || !self.deals.insert(line.deal_id) {
            return;
        }
        f.deal_count += 1;
        if line.double_end {
            f.double_ends += 1;
        }
        if line.status == DealStatus::Closed
            && let Some(contract) = line.contract_date
            && contract <= line.closing_date
        {
            self.days_to_close
                .push((line.closing_date - contract).num_days());
        }
    }

    fn add_pending(&mut self, counted: &CountedLine<'_>) {
        let line = counted.line;
        let f = &mut self.figures;
        add_to(&mut f.pending_expected_gci, line.gci);
        add_to(
            &mut f.pending_expected_company_dollar,
            counted.company_dollar,
        );
        if line.role == PayoutRole::Agent && self.pending_deals.insert(line.deal_id) {
            f.pending_deal_count += 1;
        }
    }

    pub fn finish(mut self) -> ProductionFigures {
        let f = &mut self.figures;
        let sides = f.list_sides + f.buy_sides;
        if !sides.is_zero() {
            f.average_price = Some(cents(f.volume / sides));
            f.average_commission_per_side = Some(cents(f.gci / sides));
        }
        f.volume = cents(f.volume);
        f.median_days_to_close = median(&mut self.days_to_close);
        self.figures
    }
}

fn median(values: &mut [i64]) -> Option<Decimal> {
    if values.is_empty() {
        return None;
    }
    values.sort_unstable();
    let mid = values.len() / 2;
    let median = if values.len() % 2 == 1 {
        Decimal::from(values[mid])
    } else {
        Decimal::from(values[mid - 1] + values[mid]) / Decimal::TWO
    };
    Some(median)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::dec;

    #[test]
    fn the_median_of_an_even_count_is_the_mean_of_the_middle_two() {
        assert_eq!(median(&mut []), None);
        assert_eq!(median(&mut [30, 10, 20]), Some(dec!(20)));
        assert_eq!(median(&mut [40, 10, 20, 31]), Some(dec!(25.5)));
    }
}
