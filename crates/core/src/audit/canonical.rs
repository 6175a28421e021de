//! The bytes an audit entry's hash is taken over. Server and app must produce exactly the
//! same bytes for the same entry, on every platform and after a database round trip, so
//! nothing here may depend on map order, float formatting choices or clock precision.

use chrono::SecondsFormat;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use super::{AuditActor, AuditEntry};

/// Names the encoding, so a future change to it cannot collide with this one. Version 1
/// hashed the client's IP address and user agent themselves; version 2 hashes their
/// salted digest instead, so they can expire (`client_details`). An entry with a
/// `client_digest` is version 2; entries sealed before it existed stay version 1.
const FORMAT_V1: &str = "brokerdesk.audit.v1";
const FORMAT_V2: &str = "brokerdesk.audit.v2";

/// Every field except `hash`, as a JSON array in a fixed order. An array rather than an
/// object means renaming a Rust field cannot reorder the hashed content.
pub fn canonical_content(entry: &AuditEntry) -> String {
    // Destructured so that a new field does not compile until it is either hashed here
    // or deliberately left out.
    let AuditEntry {
        seq,
        tenant_id,
        occurred_at,
        actor,
        action,
        target,
        ip,
        user_agent,
        client_digest,
        reason,
        support_ticket,
        details,
        prev_hash,
        hash: _,
    } = entry;
    let AuditActor { kind, id, display } = actor;
    // Version 2 puts the digest where version 1 had the two values; nothing else moves.
    let (format, client) = match client_digest {
        Some(digest) => (FORMAT_V2, vec![json!(digest)]),
        None => (FORMAT_V1, vec![json!(ip), json!(user_agent)]),
    };
    let before = [
        json!(format),
        json!(seq),
        json!(tenant_id.to_string()),
        // Always six fractional digits and `Z`: PostgreSQL stores microseconds, so a
        // value read back renders exactly as the value that was sealed.
        json!(occurred_at.to_rfc3339_opts(SecondsFormat::Micros, true)),
        json!(kind),
        json!(id),
        json!(display),
        json!(action),
        json!(target),
    ];
    let after = [
        json!(reason),
        json!(support_ticket),
        details.clone(),
        json!(prev_hash),
    ];
    let content = Value::Array([before.to_vec(), client, after.to_vec()].concat());
    let mut out = String::new();
    write_sorted(&content, &mut out);
    out
}

/// Lowercase hex SHA-256 of the canonical content.
pub fn compute_hash(entry: &AuditEntry) -> String {
    hex::encode(Sha256::digest(canonical_content(entry).as_bytes()))
}

// Object keys are sorted here rather than trusting serde_json's map: its
// `preserve_order` feature, switched on by any crate in a build, would make the map keep
// insertion order, and the same entry would hash differently in the server and the app.
fn write_sorted(value: &Value, out: &mut String) {
    match value {
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_sorted(item, out);
            }
            out.push(']');
        }
        Value::Object(map) => {
            let mut fields: Vec<_> = map.iter().collect();
            fields.sort_by(|a, b| a.0.cmp(b.0));
            out.push('{');
            for (i, (key, item)) in fields.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&Value::String(key.clone()).to_string());
                out.push(':');
                write_sorted(item, out);
            }
            out.push('}');
        }
        scalar => out.push_str(&scalar.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::fixtures::*;
    use crate::audit::{ActorKind, ChainLink, GENESIS_HASH, client_digest};
    use crate::ids::TenantId;
    use chrono::{DateTime, TimeZone, Utc};

    fn fixed_entry() -> AuditEntry {
        AuditEntry {
            seq: 7,
            tenant_id: "0190f5c2-0000-7000-8000-000000000001".parse().unwrap(),
            occurred_at: Utc.with_ymd_and_hms(2025, 3, 1, 9, 30, 0).unwrap(),
            actor: AuditActor {
                kind: ActorKind::Staff,
                id: Some("staff-9".into()),
                display: "Sam \"Support\" Lee".into(),
            },
            action: "support.session_started".into(),
            target: None,
            ip: Some("203.0.113.7".into()),
            user_agent: None,
            client_digest: None,
            reason: Some("Owner asked for help with an import".into()),
            support_ticket: Some("SUP-42".into()),
            details: json!({"minutes": 30, "extends": null, "scope": {"z": 1, "a": 2.5}}),
            prev_hash: GENESIS_HASH.into(),
            hash: String::new(),
        }
    }

    // Pins the encoding: if this changes, every stored chain stops verifying.
    #[test]
    fn canonical_content_is_pinned() {
        let entry = fixed_entry();
        assert_eq!(
            canonical_content(&entry),
            concat!(
                r#"["brokerdesk.audit.v1",7,"0190f5c2-0000-7000-8000-000000000001","#,
                r#""2025-03-01T09:30:00.000000Z","staff","staff-9","Sam \"Support\" Lee","#,
                r#""support.session_started",null,"203.0.113.7",null,"#,
                r#""Owner asked for help with an import","SUP-42","#,
                r#"{"extends":null,"minutes":30,"scope":{"a":2.5,"z":1}},"#,
                r#""0000000000000000000000000000000000000000000000000000000000000000"]"#,
            )
        );
        assert_eq!(
            compute_hash(&entry),
            "372e1ace8bc15079692e68ca2b3c31ff277c0a23e37e3eda1dc6b555a601e6f8"
        );
    }

    #[test]
    fn details_hash_the_same_whatever_order_keys_were_inserted() {
        let mut forwards = serde_json::Map::new();
        forwards.insert("a".into(), json!(1));
        forwards.insert("b".into(), json!({"y": 1, "x": 2}));
        let mut backwards = serde_json::Map::new();
        backwards.insert("b".into(), json!({"x": 2, "y": 1}));
        backwards.insert("a".into(), json!(1));

        let mut one = fixed_entry();
        one.details = Value::Object(forwards);
        let mut other = fixed_entry();
        other.details = Value::Object(backwards);
        assert_eq!(compute_hash(&one), compute_hash(&other));
        assert!(canonical_content(&one).contains(r#"{"a":1,"b":{"x":2,"y":1}}"#));
    }

    #[test]
    fn hash_survives_a_postgres_round_trip_of_the_timestamp() {
        let mut event = event(TenantId::new(), 3);
        event.occurred_at = Utc.timestamp_opt(1_740_821_400, 123_456_789).unwrap();
        let sealed = event.seal(&ChainLink::genesis(), &SALT);

        // What sqlx does: store whole microseconds since the epoch, and read them back.
        let micros = sealed.occurred_at.timestamp_micros();
        let mut read_back = sealed.clone();
        read_back.occurred_at = DateTime::from_timestamp_micros(micros).unwrap();
        // And through JSON, as the API sends it to the app.
        let over_the_wire: AuditEntry =
            serde_json::from_str(&serde_json::to_string(&read_back).unwrap()).unwrap();

        assert_eq!(compute_hash(&read_back), sealed.hash);
        assert_eq!(compute_hash(&over_the_wire), sealed.hash);
        assert!(canonical_content(&sealed).contains("\"2025-03-01T09:30:00.123456Z\""));
    }

    #[test]
    fn one_microsecond_changes_the_hash() {
        let entry = fixed_entry();
        let mut later = entry.clone();
        later.occurred_at += chrono::Duration::microseconds(1);
        assert_ne!(compute_hash(&entry), compute_hash(&later));
    }

    // Pins version 2: the digest sits where version 1 had the IP and user agent.
    #[test]
    fn version_two_hashes_the_client_digest_in_place_of_the_details() {
        let mut entry = fixed_entry();
        entry.client_digest = Some("ab".repeat(32));
        let content = canonical_content(&entry);
        assert!(
            content.starts_with(r#"["brokerdesk.audit.v2",7,"#),
            "{content}"
        );
        assert!(content.contains(&format!(
            r#""support.session_started",null,"{}","Owner asked"#,
            "ab".repeat(32)
        )));
        assert!(!content.contains("203.0.113.7"));
    }

    #[test]
    fn client_details_expire_without_breaking_a_version_two_hash() {
        let sealed = event(TenantId::new(), 4).seal(&ChainLink::genesis(), &SALT);
        assert_eq!(
            sealed.client_digest.as_deref(),
            Some(client_digest(&SALT, sealed.ip.as_deref(), sealed.user_agent.as_deref()).as_str())
        );
        let mut expired = sealed.clone();
        expired.ip = None;
        expired.user_agent = None;
        assert_eq!(compute_hash(&expired), sealed.hash);
        // The digest itself is covered: changing it breaks the entry.
        let mut forged = expired.clone();
        forged.client_digest = Some("00".repeat(32));
        assert_ne!(compute_hash(&forged), sealed.hash);
        // Version 1 entries hash the values themselves, so theirs cannot expire.
        let legacy = fixed_entry();
        let mut stripped = legacy.clone();
        stripped.ip = None;
        assert_ne!(compute_hash(&stripped), compute_hash(&legacy));
    }
}
