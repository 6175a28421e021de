//! Dotloop's rate-limit headers. `X-RateLimit-Reset` is documented loosely: some
//! answers carry an epoch time, others the time left in the window, and the unit of the
//! latter is not stated. It is read by size: an epoch in milliseconds or seconds is
//! unmistakable; a small number is seconds left; a number too large to be seconds
//! left in any sane window (over an hour) is milliseconds left. Guessing seconds for a
//! small value can only make the importer wait longer, never hit the limit again.

use chrono::{DateTime, Utc};
use std::time::Duration;

/// 2001-09-09 in epoch seconds: anything larger is a moment, not a countdown.
const EPOCH_SECONDS_FLOOR: u64 = 1_000_000_000;
const EPOCH_MILLIS_FLOOR: u64 = 1_000_000_000_000;
/// The longest countdown read as seconds.
const MAX_SECONDS_LEFT: u64 = 3_600;

/// What the last answer said about the budget.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RateLimit {
    pub limit: Option<u64>,
    pub remaining: Option<u64>,
    /// How long until the window resets, from `now`.
    pub resets_in: Option<Duration>,
}

fn number(header: Option<&str>) -> Option<u64> {
    let text = header?.trim();
    // "30.0" and "1.5" appear; round a fraction up so the wait is never too short.
    match text.split_once('.') {
        Some((whole, fraction)) if fraction.chars().all(|c| c == '0') => whole.parse().ok(),
        Some((whole, fraction)) if fraction.chars().all(|c| c.is_ascii_digit()) => {
            whole.parse::<u64>().ok().map(|n| n + 1)
        }
        Some(_) => None,
        None => text.parse().ok(),
    }
}

/// The wait until `reset` as of `now`, for either form of the header.
pub fn reset_in(reset: &str, now: DateTime<Utc>) -> Option<Duration> {
    let value = number(Some(reset))?;
    let now_millis = u64::try_from(now.timestamp_millis()).ok()?;
    let millis = if value >= EPOCH_MILLIS_FLOOR {
        value.saturating_sub(now_millis)
    } else if value >= EPOCH_SECONDS_FLOOR {
        (value * 1000).saturating_sub(now_millis)
    } else if value > MAX_SECONDS_LEFT {
        value
    } else {
        value * 1000
    };
    Some(Duration::from_millis(millis))
}

impl RateLimit {
    /// Reads the three headers (each as given, or None when absent).
    pub fn from_headers(
        limit: Option<&str>,
        remaining: Option<&str>,
        reset: Option<&str>,
        now: DateTime<Utc>,
    ) -> Self {
        Self {
            limit: number(limit),
            remaining: number(remaining),
            resets_in: reset.and_then(|r| reset_in(r, now)),
        }
    }

    /// How long to pause before the next call: until the reset once the budget is
    /// spent, otherwise not at all.
    pub fn pause_before_next_call(&self) -> Option<Duration> {
        match self.remaining {
            Some(0) => Some(self.resets_in.unwrap_or(Duration::from_secs(1))),
            _ => None,
        }
    }
}

/// The wait after a 429: what the headers say, else an exponential back-off (1 s, 2 s,
/// 4 s… at most 64 s) by attempt number, starting at 0.
pub fn back_off_after_429(limit: &RateLimit, attempt: u32) -> Duration {
    limit
        .resets_in
        .filter(|d| !d.is_zero())
        .unwrap_or_else(|| Duration::from_secs(1u64 << attempt.min(6)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2025, 11, 1, 12, 0, 0).unwrap()
    }

    #[test]
    fn reset_as_epoch_seconds_or_millis() {
        let at = now().timestamp() as u64 + 42;
        assert_eq!(
            reset_in(&at.to_string(), now()),
            Some(Duration::from_secs(42))
        );
        let at_ms = now().timestamp_millis() as u64 + 1_500;
        assert_eq!(
            reset_in(&at_ms.to_string(), now()),
            Some(Duration::from_millis(1_500))
        );
        let past = now().timestamp() as u64 - 5;
        assert_eq!(reset_in(&past.to_string(), now()), Some(Duration::ZERO));
    }

    #[test]
    fn reset_as_time_left() {
        assert_eq!(reset_in("30", now()), Some(Duration::from_secs(30)));
        assert_eq!(
            reset_in("30000", now()),
            Some(Duration::from_secs(30)),
            "milliseconds"
        );
        assert_eq!(
            reset_in("1.5", now()),
            Some(Duration::from_secs(2)),
            "rounded up"
        );
        assert_eq!(reset_in("soon", now()), None);
    }

    #[test]
    fn a_spent_budget_waits_for_the_reset() {
        let spent = RateLimit::from_headers(Some("100"), Some("0"), Some("12"), now());
        assert_eq!(spent.limit, Some(100));
        assert_eq!(
            spent.pause_before_next_call(),
            Some(Duration::from_secs(12))
        );
        let left = RateLimit::from_headers(Some("100"), Some("7"), Some("12"), now());
        assert_eq!(left.pause_before_next_call(), None);
        assert_eq!(
            back_off_after_429(&RateLimit::default(), 3),
            Duration::from_secs(8)
        );
        assert_eq!(
            back_off_after_429(&RateLimit::default(), 30),
            Duration::from_secs(64)
        );
        assert_eq!(back_off_after_429(&spent, 3), Duration::from_secs(12));
    }
}
