//! Checking a Dotloop webhook delivery before anything in it is believed.
//!
//! Dotloop sends `X-DOTLOOP-SIGNATURE`, an HMAC of the request body keyed with the
//! subscription's signing key, and `X-DOTLOOP-TIMESTAMP`. ../shared/dotloop.md does
//! not pin the digest's encoding, so the HMAC-SHA256 of the raw body is accepted
//! written as hex (either case) or base64, with or without a `sha256=` prefix; the
//! comparison is constant-time. The timestamp (epoch milliseconds, as the payload's
//! own `timestamp`, or seconds) must be within `max_age` of now either way, so a
//! captured delivery cannot be replayed later; without the header the payload's
//! `timestamp` is used, which the signature covers.

use base64::Engine;
use chrono::{DateTime, Utc};
use hmac::{Hmac, Mac};
use sha2::Sha256;
use std::time::Duration;

/// How far a delivery's timestamp may be from now.
pub const DEFAULT_MAX_AGE: Duration = Duration::from_secs(5 * 60);

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct WebhookRefused {
    /// `bad_signature`, `stale_webhook`, `missing_timestamp`.
    pub code: &'static str,
    pub message: String,
}

fn refused(code: &'static str, message: impl Into<String>) -> WebhookRefused {
    WebhookRefused {
        code,
        message: message.into(),
    }
}

/// The digest the header carries, decoded, or None when it is neither hex nor base64.
fn decode_signature(header: &str) -> Option<Vec<u8>> {
    let text = header.trim();
    let text = text.strip_prefix("sha256=").unwrap_or(text);
    if text.len() == 64
        && let Ok(bytes) = hex::decode(text)
    {
        return Some(bytes);
    }
    base64::engine::general_purpose::STANDARD
        .decode(text)
        .or_else(|_| base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(text))
        .ok()
}

/// A timestamp as epoch milliseconds: values under 10^11 are taken as seconds.
fn epoch_millis(text: &str) -> Option<i64> {
    let value: i64 = text.trim().parse().ok()?;
    Some(if value.abs() < 100_000_000_000 {
        value * 1000
    } else {
        value
    })
}

fn body_timestamp(body: &[u8]) -> Option<i64> {
    let payload: serde_json::Value = serde_json::from_slice(body).ok()?;
    payload.get("timestamp")?.as_i64()
}

/// Accepts a delivery whose signature matches `signing_key` and whose timestamp is
/// fresh; refuses it with the reason otherwise.
pub fn verify_webhook(
    body: &[u8],
    signature_header: Option<&str>,
    timestamp_header: Option<&str>,
    signing_key: &[u8],
    now: DateTime<Utc>,
    max_age: Duration,
) -> Result<(), WebhookRefused> {
    let bad_signature = || {
        refused(
            "bad_signature",
            "The webhook's signature does not match its body and the subscription's signing key.",
        )
    };
    let digest = signature_header
        .and_then(decode_signature)
        .ok_or_else(bad_signature)?;
    let mut mac = Hmac::<Sha256>::new_from_slice(signing_key).map_err(|_| bad_signature())?;
    mac.update(body);
    mac.verify_slice(&digest).map_err(|_| bad_signature())?;
    let sent = match timestamp_header {
        Some(header) => epoch_millis(header),
        None => body_timestamp(body),
    }
    .ok_or_else(|| {
        refused(
            "missing_timestamp",
            "The webhook carries no readable timestamp.",
        )
    })?;
    let age = now.timestamp_millis().abs_diff(sent);
    if u128::from(age) > max_age.as_millis() {
        return Err(refused(
            "stale_webhook",
            format!(
                "The webhook was sent {} s from now, outside the {} s allowed; it may be a replay.",
                age / 1000,
                max_age.as_secs()
            ),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    const KEY: &[u8] = b"subscription-signing-key";

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2025, 11, 1, 12, 0, 0).unwrap()
    }

    fn body(at: DateTime<Utc>) -> Vec<u8> {
        format!(r#"{{"eventId":"e-1","eventType":"LOOP_UPDATED","timestamp":{},"event":{{"id":"77","profileId":"5"}}}}"#, at.timestamp_millis()).into_bytes()
    }

    fn sign(body: &[u8]) -> Vec<u8> {
        let mut mac = Hmac::<Sha256>::new_from_slice(KEY).unwrap();
        mac.update(body);
        mac.finalize().into_bytes().to_vec()
    }

    #[test]
    fn a_signed_fresh_delivery_passes_in_any_encoding() {
        let body = body(now());
        let digest = sign(&body);
        let stamp = now().timestamp_millis().to_string();
        for header in [
            hex::encode(&digest),
            hex::encode(&digest).to_uppercase(),
            format!("sha256={}", hex::encode(&digest)),
            base64::engine::general_purpose::STANDARD.encode(&digest),
        ] {
            assert_eq!(
                verify_webhook(
                    &body,
                    Some(&header),
                    Some(&stamp),
                    KEY,
                    now(),
                    DEFAULT_MAX_AGE
                ),
                Ok(()),
                "{header}"
            );
        }
        let seconds = now().timestamp().to_string();
        assert!(
            verify_webhook(
                &body,
                Some(&hex::encode(&digest)),
                Some(&seconds),
                KEY,
                now(),
                DEFAULT_MAX_AGE
            )
            .is_ok()
        );
        assert!(
            verify_webhook(
                &body,
                Some(&hex::encode(&digest)),
                None,
                KEY,
                now(),
                DEFAULT_MAX_AGE
            )
            .is_ok(),
            "payload timestamp"
        );
    }

    #[test]
    fn a_bad_signature_is_refused() {
        let body = body(now());
        let stamp = now().timestamp_millis().to_string();
        let mut tampered = body.clone();
        tampered[10] ^= 1;
        let good = hex::encode(sign(&body));
        let refused = verify_webhook(
            &tampered,
            Some(&good),
            Some(&stamp),
            KEY,
            now(),
            DEFAULT_MAX_AGE,
        )
        .unwrap_err();
        assert_eq!(refused.code, "bad_signature");
        for header in [None, Some("not-a-signature"), Some("")] {
            assert_eq!(
                verify_webhook(&body, header, Some(&stamp), KEY, now(), DEFAULT_MAX_AGE)
                    .unwrap_err()
                    .code,
                "bad_signature"
            );
        }
        let other_key = verify_webhook(
            &body,
            Some(&good),
            Some(&stamp),
            b"another key",
            now(),
            DEFAULT_MAX_AGE,
        );
        assert_eq!(other_key.unwrap_err().code, "bad_signature");
    }

    #[test]
    fn a_stale_or_future_delivery_is_refused() {
        let old = now() - chrono::Duration::minutes(10);
        let body = body(old);
        let header = hex::encode(sign(&body));
        let stamp = old.timestamp_millis().to_string();
        let refused = verify_webhook(
            &body,
            Some(&header),
            Some(&stamp),
            KEY,
            now(),
            DEFAULT_MAX_AGE,
        )
        .unwrap_err();
        assert_eq!(refused.code, "stale_webhook");
        assert_eq!(
            verify_webhook(&body, Some(&header), None, KEY, now(), DEFAULT_MAX_AGE)
                .unwrap_err()
                .code,
            "stale_webhook"
        );
        let future = (now() + chrono::Duration::minutes(10))
            .timestamp_millis()
            .to_string();
        assert_eq!(
            verify_webhook(
                &body,
                Some(&header),
                Some(&future),
                KEY,
                now(),
                DEFAULT_MAX_AGE
            )
            .unwrap_err()
            .code,
            "stale_webhook"
        );
        assert_eq!(
            verify_webhook(
                &body,
                Some(&header),
                Some("yesterday"),
                KEY,
                now(),
                DEFAULT_MAX_AGE
            )
            .unwrap_err()
            .code,
            "missing_timestamp"
        );
    }
}
