//! Reading the values Dotloop writes, which arrive as text in many hands: money as
//! `599900`, `110000.0`, `.00` or `"$667,900.00"`; percents with or without `%`; dates
//! as `2025-10-30`, `10/29/2025`, `6/30/25` or `March 05, 2017`; and words where a
//! number belongs (`n/a`, `TBD`). A word is never read as 0: it is empty, and the
//! caller records a finding so a person can see what was in the file.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use rust_decimal::Decimal;
use std::str::FromStr;

/// Why a non-empty value could not be read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unreadable {
    /// A word standing in for "unknown": `n/a`, `none`, `TBD`, `?`, `-`.
    Placeholder,
    /// Something else that is not the kind of value the field holds.
    Malformed,
}

/// What a cell held: nothing, a value, or text that could not be read.
pub type Read<T> = Result<Option<T>, Unreadable>;

const PLACEHOLDERS: &[&str] = &[
    "n/a", "na", "n.a.", "none", "tbd", "tba", "?", "??", "-", "--", "null", "unknown",
];

/// True for the words people type when they do not know a value.
pub fn is_placeholder(text: &str) -> bool {
    let text = text.trim();
    PLACEHOLDERS.iter().any(|p| text.eq_ignore_ascii_case(p))
}

/// Trimmed text, or None when blank.
pub fn text(raw: &str) -> Option<String> {
    let trimmed = raw.trim();
    (!trimmed.is_empty()).then(|| trimmed.to_owned())
}

/// Text for a field with a meaning (MLS number, referral source): a placeholder is not
/// a value.
pub fn known_text(raw: &str) -> Read<String> {
    match text(raw) {
        Some(value) if is_placeholder(&value) => Err(Unreadable::Placeholder),
        other => Ok(other),
    }
}

fn checked(raw: &str) -> Result<Option<&str>, Unreadable> {
    let trimmed = raw.trim();
    if trimmed.is_empty() {
        Ok(None)
    } else if is_placeholder(trimmed) {
        Err(Unreadable::Placeholder)
    } else {
        Ok(Some(trimmed))
    }
}

/// A decimal written with an optional `$`, thousands separators, a leading `-` or
/// accounting parentheses for a negative, and an optional trailing `%` when `percent`.
fn number(raw: &str, percent: bool) -> Read<Decimal> {
    let Some(mut text) = checked(raw)? else {
        return Ok(None);
    };
    let mut negative = false;
    if let Some(inner) = text.strip_prefix('(').and_then(|t| t.strip_suffix(')')) {
        negative = true;
        text = inner.trim();
    }
    if let Some(rest) = text.strip_prefix('-') {
        negative = !negative;
        text = rest.trim();
    }
    if percent {
        text = text.strip_suffix('%').map_or(text, str::trim_end);
    } else {
        text = text.strip_prefix('$').map_or(text, str::trim_start);
    }
    let digits: String = text.chars().filter(|&c| c != ',').collect();
    let well_formed = !digits.is_empty()
        && digits.chars().all(|c| c.is_ascii_digit() || c == '.')
        && digits.chars().filter(|&c| c == '.').count() <= 1
        && digits != ".";
    if !well_formed {
        return Err(Unreadable::Malformed);
    }
    let value = Decimal::from_str(&digits).map_err(|_| Unreadable::Malformed)?;
    Ok(Some(if negative { -value } else { value }))
}

/// Money: `599900`, `110000.0`, `.00`, `$667,900.00`, `(1,250.00)`.
pub fn money(raw: &str) -> Read<Decimal> {
    number(raw, false)
}

/// A percent as its number: `3`, `4.5`, `3%` (3 means 3 %).
pub fn percent(raw: &str) -> Read<Decimal> {
    number(raw, true)
}

const DATE_FORMATS: &[&str] = &["%Y-%m-%d", "%m/%d/%Y", "%B %d, %Y", "%b %d, %Y", "%B %d %Y"];

/// A date in any of the forms Dotloop writes. A date-time keeps only its date.
pub fn date(raw: &str) -> Read<NaiveDate> {
    let Some(text) = checked(raw)? else {
        return Ok(None);
    };
    // Before the four-digit forms: `%Y` would read the 25 of `6/30/25` as year 25.
    if let Some(date) = two_digit_year(text).or_else(|| {
        DATE_FORMATS
            .iter()
            .find_map(|format| NaiveDate::parse_from_str(text, format).ok())
    }) {
        return Ok(Some(date));
    }
    timestamp(text).map(|moment| moment.map(|m| m.date_naive()))
}

/// `6/30/25`: chrono's `%y` alone would also accept `6/30/2025` as year 20, so the
/// year must be exactly two digits; it is read as 2000 + yy, since Dotloop began in 2009.
fn two_digit_year(text: &str) -> Option<NaiveDate> {
    let mut parts = text.split('/');
    let (month, day, year) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || year.len() != 2 {
        return None;
    }
    NaiveDate::from_ymd_opt(
        2000 + year.parse::<i32>().ok()?,
        month.parse().ok()?,
        day.parse().ok()?,
    )
}

/// A moment: RFC 3339 (`2017-03-05T16:20:38Z`), `2017-03-05 16:20:38` (read as UTC),
/// or a plain date (midnight UTC), as the API and the export write them.
pub fn timestamp(raw: &str) -> Read<DateTime<Utc>> {
    let Some(text) = checked(raw)? else {
        return Ok(None);
    };
    // Most values are plain dates; only text with a time is worth the time formats.
    if text.contains(':') {
        if let Ok(moment) = DateTime::parse_from_rfc3339(text) {
            return Ok(Some(moment.with_timezone(&Utc)));
        }
        for format in [
            "%Y-%m-%dT%H:%M:%S%.f",
            "%Y-%m-%d %H:%M:%S%.f",
            "%Y-%m-%d %H:%M",
        ] {
            if let Ok(moment) = NaiveDateTime::parse_from_str(text, format) {
                return Ok(Some(moment.and_utc()));
            }
        }
    }
    match two_digit_year(text).or_else(|| {
        DATE_FORMATS
            .iter()
            .find_map(|format| NaiveDate::parse_from_str(text, format).ok())
    }) {
        Some(day) => Ok(day.and_hms_opt(0, 0, 0).map(|m| m.and_utc())),
        None => Err(Unreadable::Malformed),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> Decimal {
        text.parse().unwrap()
    }

    #[test]
    fn money_in_every_hand_dotloop_writes() {
        assert_eq!(money("599900"), Ok(Some(d("599900"))));
        assert_eq!(money("110000.0"), Ok(Some(d("110000.0"))));
        assert_eq!(money(".00"), Ok(Some(d("0.00"))));
        assert_eq!(money("$667,900.00"), Ok(Some(d("667900.00"))));
        assert_eq!(money(" (1,250.00) "), Ok(Some(d("-1250.00"))));
        assert_eq!(money("-$75"), Ok(Some(d("-75"))));
        assert_eq!(money(""), Ok(None));
        assert_eq!(money("12.5.0"), Err(Unreadable::Malformed));
        assert_eq!(money("abc"), Err(Unreadable::Malformed));
    }

    #[test]
    fn placeholders_are_never_zero() {
        for word in ["n/a", "N/A", "none", "TBD", "?", "-", " tbd "] {
            assert_eq!(money(word), Err(Unreadable::Placeholder), "{word}");
            assert_eq!(percent(word), Err(Unreadable::Placeholder), "{word}");
            assert_eq!(date(word), Err(Unreadable::Placeholder), "{word}");
            assert_eq!(known_text(word), Err(Unreadable::Placeholder), "{word}");
        }
    }

    #[test]
    fn percents_with_or_without_sign() {
        assert_eq!(percent("3"), Ok(Some(d("3"))));
        assert_eq!(percent("4.5"), Ok(Some(d("4.5"))));
        assert_eq!(percent("3%"), Ok(Some(d("3"))));
        assert_eq!(percent("2.5 %"), Ok(Some(d("2.5"))));
        assert_eq!(
            percent("300000"),
            Ok(Some(d("300000"))),
            "kept, flagged by health"
        );
    }

    #[test]
    fn dates_in_every_hand_dotloop_writes() {
        let ymd = |y, m, d| Ok(NaiveDate::from_ymd_opt(y, m, d));
        assert_eq!(date("2025-10-30"), ymd(2025, 10, 30));
        assert_eq!(date("10/29/2025"), ymd(2025, 10, 29));
        assert_eq!(date("6/30/25"), ymd(2025, 6, 30));
        assert_eq!(date("March 05, 2017"), ymd(2017, 3, 5));
        assert_eq!(date("Mar 5, 2017"), ymd(2017, 3, 5));
        assert_eq!(date("2017-03-05T16:20:38Z"), ymd(2017, 3, 5));
        assert_eq!(date("13/45/2025"), Err(Unreadable::Malformed));
        assert_eq!(date("soon"), Err(Unreadable::Malformed));
    }

    #[test]
    fn timestamps_from_the_api_and_the_export() {
        let moment = timestamp("2017-03-05T16:20:38Z").unwrap().unwrap();
        assert_eq!(moment.to_rfc3339(), "2017-03-05T16:20:38+00:00");
        let plain = timestamp("2017-03-05 16:20:38").unwrap().unwrap();
        assert_eq!(plain, moment);
        let day = timestamp("2025-10-30").unwrap().unwrap();
        assert_eq!(day.to_rfc3339(), "2025-10-30T00:00:00+00:00");
    }
}
