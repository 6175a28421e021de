//! Reports over payout lines: production (with year over year and written vs closed),
//! cap progress and 1099 totals. They read only the lines (which carry the deal's
//! dates, price and side credits) and the roster, so restricting the lines to one agent
//! restricts every report to what that agent may see.

pub mod cap_progress;
pub mod compare;
pub mod csv;
pub mod exported;
pub mod figures;
pub mod production;
pub mod run;
pub mod tax1099;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::line::PayoutLine;
use crate::ids::RosterAgentId;

/// A span of days, both ends included.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Period {
    #[ts(type = "string")]
    pub from: NaiveDate,
    #[ts(type = "string")]
    pub to: NaiveDate,
}

impl Period {
    pub fn year(year: i32) -> Self {
        Self {
            from: NaiveDate::from_ymd_opt(year, 1, 1).expect("1 January exists"),
            to: NaiveDate::from_ymd_opt(year, 12, 31).expect("31 December exists"),
        }
    }

    pub fn contains(&self, date: NaiveDate) -> bool {
        self.from <= date && date <= self.to
    }

    /// The same days a year earlier (29 February becomes 28 February).
    pub fn a_year_earlier(&self) -> Self {
        Self {
            from: a_year_earlier(self.from),
            to: a_year_earlier(self.to),
        }
    }
}

fn a_year_earlier(date: NaiveDate) -> NaiveDate {
    date.with_year(date.year() - 1)
        .or_else(|| NaiveDate::from_ymd_opt(date.year() - 1, date.month(), date.day() - 1))
        .expect("28 February exists every year")
}

/// What an agent is allowed to see: only the lines that pay them. Every report built
/// from these lines is that agent's report.
pub fn restrict_to_agent(lines: &[PayoutLine], agent: RosterAgentId) -> Vec<PayoutLine> {
    lines.iter().filter(|l| l.agent == agent).cloned().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_year_earlier_keeps_the_days_and_shortens_a_leap_day() {
        let leap = Period {
            from: NaiveDate::from_ymd_opt(2024, 1, 1).unwrap(),
            to: NaiveDate::from_ymd_opt(2024, 2, 29).unwrap(),
        };
        let before = leap.a_year_earlier();
        assert_eq!(before.from, NaiveDate::from_ymd_opt(2023, 1, 1).unwrap());
        assert_eq!(before.to, NaiveDate::from_ymd_opt(2023, 2, 28).unwrap());
        assert!(Period::year(2025).contains(NaiveDate::from_ymd_opt(2025, 12, 31).unwrap()));
        assert!(!Period::year(2025).contains(NaiveDate::from_ymd_opt(2026, 1, 1).unwrap()));
    }
}
