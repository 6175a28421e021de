//! When a privacy request must be answered. CCPA (Cal. Code Regs. tit. 11, § 7021): confirm
//! receipt within 10 business days and answer within 45 calendar days. GDPR (Art. 12(3)):
//! answer within one month of receipt.
//!
//! Business days skip Saturdays and Sundays but not public holidays: counting a holiday
//! as a working day brings the date forward, never past the legal one.

use chrono::{Datelike, Days, Months, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The law a request is made under, which sets its deadlines.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PrivacyLaw {
    Ccpa,
    Gdpr,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Deadlines {
    /// When receipt must be confirmed; GDPR sets no separate date for it.
    #[ts(type = "string | null")]
    pub confirm_by: Option<NaiveDate>,
    #[ts(type = "string")]
    pub respond_by: NaiveDate,
}

const CCPA_CONFIRM_BUSINESS_DAYS: u32 = 10;
const CCPA_RESPOND_DAYS: u64 = 45;

pub fn deadlines(law: PrivacyLaw, received_on: NaiveDate) -> Deadlines {
    match law {
        PrivacyLaw::Ccpa => Deadlines {
            confirm_by: Some(add_business_days(received_on, CCPA_CONFIRM_BUSINESS_DAYS)),
            respond_by: received_on + Days::new(CCPA_RESPOND_DAYS),
        },
        // chrono clamps to the month's last day (31 January + 1 month = 28 or 29
        // February), which is the EU's rule for periods in months (Reg. 1182/71 Art. 3).
        PrivacyLaw::Gdpr => Deadlines {
            confirm_by: None,
            respond_by: received_on + Months::new(1),
        },
    }
}

fn add_business_days(from: NaiveDate, days: u32) -> NaiveDate {
    let mut date = from;
    let mut left = days;
    while left > 0 {
        date = date.succ_opt().expect("dates this near are representable");
        if !matches!(date.weekday(), Weekday::Sat | Weekday::Sun) {
            left -= 1;
        }
    }
    date
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn ccpa_confirms_in_ten_business_days_and_answers_in_45_days() {
        // Received on Wednesday 2 December 2026: ten weekdays later is Wednesday 16th.
        let due = deadlines(PrivacyLaw::Ccpa, day(2026, 12, 2));
        assert_eq!(due.confirm_by, Some(day(2026, 12, 16)));
        assert_eq!(due.respond_by, day(2027, 1, 16));
        // Received on a Saturday: the count starts on Monday.
        let weekend = deadlines(PrivacyLaw::Ccpa, day(2026, 12, 5));
        assert_eq!(weekend.confirm_by, Some(day(2026, 12, 18)));
    }

    #[test]
    fn gdpr_answers_in_one_calendar_month_clamped_to_the_month_end() {
        let due = deadlines(PrivacyLaw::Gdpr, day(2026, 12, 2));
        assert_eq!(
            due,
            Deadlines {
                confirm_by: None,
                respond_by: day(2027, 1, 2)
            }
        );
        assert_eq!(
            deadlines(PrivacyLaw::Gdpr, day(2027, 1, 31)).respond_by,
            day(2027, 2, 28)
        );
        assert_eq!(
            deadlines(PrivacyLaw::Gdpr, day(2028, 1, 31)).respond_by,
            day(2028, 2, 29)
        );
    }
}
