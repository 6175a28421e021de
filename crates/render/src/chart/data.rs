//! The charts' inputs, taken from what core's reports compute, so a chart never does
//! money arithmetic of its own: it only draws figures the tables also show.

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;

use brokerdesk_core::commissions::reports::compare::ComparedReport;
use brokerdesk_core::commissions::reports::production::GroupKey;
use brokerdesk_core::transactions::status::StatusGroup;

/// One month's figures.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct MonthFigures {
    pub gci: Decimal,
    pub company_dollar: Decimal,
    pub volume: Decimal,
}

/// A year by month beside the year before.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct MonthlyComparison {
    pub year: i32,
    /// The months of `year` that have begun by the as-of day: later months are not
    /// drawn, rather than drawn as zero.
    pub months_elapsed: usize,
    pub this_year: [MonthFigures; 12],
    pub last_year: [MonthFigures; 12],
}

impl MonthlyComparison {
    /// From core's year-over-year report grouped by month (`first` is `year`, `second`
    /// the year before, rows keyed by `year`'s months).
    pub fn from_year_over_year(report: &ComparedReport, year: i32, as_of: NaiveDate) -> Self {
        let mut out = Self {
            year,
            months_elapsed: match as_of.year().cmp(&year) {
                std::cmp::Ordering::Greater => 12,
                std::cmp::Ordering::Equal => as_of.month() as usize,
                std::cmp::Ordering::Less => 0,
            },
            ..Self::default()
        };
        for row in &report.rows {
            let GroupKey::Month { year: y, month } = row.key else {
                continue;
            };
            if y != year || !(1..=12).contains(&month) {
                continue;
            }
            let m = month as usize - 1;
            out.this_year[m] = MonthFigures {
                gci: row.first.gci,
                company_dollar: row.first.company_dollar,
                volume: row.first.volume,
            };
            out.last_year[m] = MonthFigures {
                gci: row.second.gci,
                company_dollar: row.second.company_dollar,
                volume: row.second.volume,
            };
        }
        out
    }

    /// Volume summed month by month: this year (for the months elapsed) and last year.
    pub fn cumulative_volume(&self) -> (Vec<Decimal>, Vec<Decimal>) {
        let running = |months: &[MonthFigures]| {
            months
                .iter()
                .scan(Decimal::ZERO, |sum, m| {
                    *sum += m.volume;
                    Some(*sum)
                })
                .collect::<Vec<_>>()
        };
        (
            running(&self.this_year[..self.months_elapsed]),
            running(&self.last_year),
        )
    }
}

/// Deals and their GCI in one status group: expected GCI for active and pending deals,
/// earned for closed ones, lost for cancelled ones.
#[derive(Clone, Debug, PartialEq)]
pub struct PipelineGroup {
    pub group: StatusGroup,
    pub deals: u32,
    pub gci: Decimal,
}

/// The four status groups in pipeline order (active, pending, closed, cancelled), from
/// each transaction's group and GCI.
pub fn pipeline_by_status(
    transactions: impl IntoIterator<Item = (StatusGroup, Decimal)>,
) -> Vec<PipelineGroup> {
    let mut groups: Vec<PipelineGroup> = [
        StatusGroup::Active,
        StatusGroup::Pending,
        StatusGroup::Closed,
        StatusGroup::Cancelled,
    ]
    .into_iter()
    .map(|group| PipelineGroup {
        group,
        deals: 0,
        gci: Decimal::ZERO,
    })
    .collect();
    for (group, gci) in transactions {
        if let Some(slot) = groups.iter_mut().find(|g| g.group == group) {
            slot.deals += 1;
            slot.gci += gci;
        }
    }
    groups
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::dec;

    #[test]
    fn the_pipeline_has_every_group_in_order_with_its_totals() {
        let groups = pipeline_by_status([
            (StatusGroup::Pending, dec!(100.50)),
            (StatusGroup::Pending, dec!(200)),
            (StatusGroup::Cancelled, dec!(7)),
        ]);
        let order: Vec<_> = groups.iter().map(|g| g.group).collect();
        assert_eq!(
            order,
            [
                StatusGroup::Active,
                StatusGroup::Pending,
                StatusGroup::Closed,
                StatusGroup::Cancelled
            ]
        );
        assert_eq!((groups[1].deals, groups[1].gci), (2, dec!(300.50)));
        assert_eq!((groups[0].deals, groups[3].gci), (0, dec!(7)));
    }
}
