//! The agent's cap year: the twelve months over which the cap, the tiers and the annual
//! fee caps are counted.

use chrono::{Datelike, NaiveDate};

use super::plan::CapYear;

/// The cap year containing `date`, as `[start, next start)`.
pub fn cap_year_containing(
    rule: CapYear,
    anniversary: Option<NaiveDate>,
    date: NaiveDate,
) -> (NaiveDate, NaiveDate) {
    let (month, day) = match (rule, anniversary) {
        (CapYear::Custom { month, day }, _) => (month, day),
        (CapYear::Anniversary, Some(joined)) => (joined.month(), joined.day()),
        // No anniversary on the roster: the calendar year is the only sensible default.
        (CapYear::Anniversary, None) | (CapYear::CalendarYear, _) => (1, 1),
    };
    let this_year = reset_day(date.year(), month, day);
    let start = if this_year <= date {
        this_year
    } else {
        reset_day(date.year() - 1, month, day)
    };
    (start, reset_day(start.year() + 1, month, day))
}

/// The reset day in `year`; an anniversary on 29 February resets on 28 February in
/// other years, so the year is never longer than twelve months.
fn reset_day(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day)
        .or_else(|| NaiveDate::from_ymd_opt(year, month, day - 1))
        .expect("validated month and day")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn anniversary_year_resets_on_the_anniversary() {
        let joined = Some(d(2019, 3, 15));
        assert_eq!(
            cap_year_containing(CapYear::Anniversary, joined, d(2025, 3, 14)),
            (d(2024, 3, 15), d(2025, 3, 15))
        );
        assert_eq!(
            cap_year_containing(CapYear::Anniversary, joined, d(2025, 3, 15)).0,
            d(2025, 3, 15)
        );
    }

    #[test]
    fn calendar_custom_and_leap_day_years() {
        assert_eq!(
            cap_year_containing(CapYear::CalendarYear, None, d(2025, 12, 31)),
            (d(2025, 1, 1), d(2026, 1, 1))
        );
        assert_eq!(
            cap_year_containing(CapYear::Custom { month: 4, day: 1 }, None, d(2025, 2, 1)).0,
            d(2024, 4, 1)
        );
        assert_eq!(
            cap_year_containing(CapYear::Anniversary, None, d(2025, 6, 1)).0,
            d(2025, 1, 1),
            "no anniversary falls back to the calendar year"
        );
        let leap = Some(d(2020, 2, 29));
        assert_eq!(
            cap_year_containing(CapYear::Anniversary, leap, d(2025, 3, 1)),
            (d(2025, 2, 28), d(2026, 2, 28))
        );
    }
}
