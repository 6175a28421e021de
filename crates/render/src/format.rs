//! How figures read: money to the cent in tables and statements, compact money on chart
//! axes and bar labels ($1.2M, $350K), dates the way a US brokerage writes them.

use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;

/// `$1,234,567.89`, `-$12.50`: exact, to the cent (amounts from the engine are cents).
pub fn money(amount: Decimal) -> String {
    let rounded = amount.round_dp(2);
    let text = format!("{:.2}", rounded.abs());
    let (whole, cents) = text.split_once('.').unwrap_or((&text, "00"));
    let sign = if rounded.is_sign_negative() && !rounded.is_zero() {
        "-"
    } else {
        ""
    };
    format!("{sign}${}.{cents}", group_thousands(whole))
}

/// An amount for a CSV cell: exact, with two decimals and no symbol (`1234567.89`).
pub fn plain_money(amount: Decimal) -> String {
    format!("{:.2}", amount.round_dp(2))
}

/// `1,234`: a count or a whole number.
pub fn count(value: impl Into<Decimal>) -> String {
    let value: Decimal = value.into();
    let text = value.normalize().to_string();
    match text.split_once('.') {
        Some((whole, fraction)) => format!("{}.{fraction}", group_thousands(whole)),
        None => group_thousands(&text),
    }
}

fn group_thousands(digits: &str) -> String {
    let (sign, digits) = match digits.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", digits),
    };
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    format!("{sign}{out}")
}

/// Compact money for axes and labels: `$0`, `$950`, `$2.5K`, `$350K`, `$1.25M`, `$3B`.
/// Enough digits to tell neighbouring ticks apart, no trailing zeros.
pub fn compact(value: f64) -> String {
    let sign = if value < 0.0 { "-" } else { "" };
    let v = value.abs();
    let (scaled, suffix, decimals) = if v >= 1e9 {
        (v / 1e9, "B", 2)
    } else if v >= 1e6 {
        (v / 1e6, "M", 2)
    } else if v >= 1e5 {
        (v / 1e3, "K", 0)
    } else if v >= 1e3 {
        (v / 1e3, "K", 1)
    } else {
        (v, "", 0)
    };
    let mut digits = format!("{scaled:.decimals$}");
    if digits.contains('.') {
        digits = digits
            .trim_end_matches('0')
            .trim_end_matches('.')
            .to_owned();
    }
    format!("{sign}${digits}{suffix}")
}

/// `70%`, `62.5%`.
pub fn percent(value: Decimal) -> String {
    format!("{}%", value.normalize())
}

/// The change from `before` to `now` as a signed percentage, `+12.4%`; None from zero.
pub fn change(now: Decimal, before: Decimal) -> Option<String> {
    if before.is_zero() {
        return None;
    }
    let pct = ((now - before) / before.abs() * Decimal::ONE_HUNDRED).round_dp(1);
    let sign = if pct.is_sign_positive() && !pct.is_zero() {
        "+"
    } else {
        ""
    };
    Some(format!("{sign}{pct:.1}%"))
}

/// `Mar 10, 2025`.
pub fn date(day: NaiveDate) -> String {
    day.format("%b %-d, %Y").to_string()
}

/// The "as of" line: when the data was last synced, in UTC so every reader agrees.
pub fn as_of(synced: DateTime<Utc>) -> String {
    format!("As of {} UTC", synced.format("%b %-d, %Y %H:%M"))
}

/// Month abbreviations for chart axes, January first.
pub const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::dec;

    #[test]
    fn money_is_exact_to_the_cent_with_thousands() {
        assert_eq!(money(dec!(1234567.89)), "$1,234,567.89");
        assert_eq!(money(dec!(6300)), "$6,300.00");
        assert_eq!(money(dec!(-12.5)), "-$12.50");
        assert_eq!(money(dec!(0)), "$0.00");
        assert_eq!(money(dec!(999)), "$999.00");
        assert_eq!(plain_money(dec!(6300)), "6300.00");
        assert_eq!(plain_money(dec!(-0.1)), "-0.10");
    }

    #[test]
    fn compact_money_keeps_ticks_apart() {
        assert_eq!(compact(0.0), "$0");
        assert_eq!(compact(950.0), "$950");
        assert_eq!(compact(2_500.0), "$2.5K");
        assert_eq!(compact(20_000.0), "$20K");
        assert_eq!(compact(350_000.0), "$350K");
        assert_eq!(compact(1_200_000.0), "$1.2M");
        assert_eq!(compact(1_250_000.0), "$1.25M");
        assert_eq!(compact(3_000_000_000.0), "$3B");
        assert_eq!(compact(-40_000.0), "-$40K");
    }

    #[test]
    fn counts_changes_and_dates_read_naturally() {
        assert_eq!(count(1234u32), "1,234");
        assert_eq!(count(dec!(12.50)), "12.5");
        assert_eq!(change(dec!(110), dec!(100)).as_deref(), Some("+10.0%"));
        assert_eq!(change(dec!(90), dec!(100)).as_deref(), Some("-10.0%"));
        assert_eq!(change(dec!(1), dec!(0)), None);
        assert_eq!(
            date(NaiveDate::from_ymd_opt(2025, 3, 9).unwrap()),
            "Mar 9, 2025"
        );
        assert_eq!(percent(dec!(62.50)), "62.5%");
    }
}
