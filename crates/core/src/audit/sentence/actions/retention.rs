//! Retention: policies, what the scheduler purged, and legal holds.

use super::super::told::Told;
use super::super::words::count;
use super::super::{Action, Named};
use crate::retention::{PurgeCount, RetentionKind};

pub(super) static ACTIONS: &[Action] = &[
    ("retention.policy_set", |t| {
        let kind = t
            .text("kind")
            .and_then(RetentionKind::parse)
            .map_or("records", RetentionKind::label)
            .to_lowercase();
        match t.detail("months").as_u64() {
            Some(months) => format!("{} set {kind} to be kept {months} months", t.actor()),
            None => format!("{} set {kind} to be kept forever", t.actor()),
        }
    }),
    ("retention.purged", purged),
    ("audit.client_details_expired", |t| {
        format!(
            "{} forgot the IP address and app of {} older than {} days",
            t.actor(),
            count(t.number("entries"), "audit entry", "audit entries"),
            t.number("days")
        )
    }),
    ("legal_hold.set", |t| {
        format!("{} put a legal hold on {}", t.actor(), subject(t))
    }),
    ("legal_hold.released", |t| {
        format!("{} released the legal hold on {}", t.actor(), subject(t))
    }),
    ("tenant_hold.set", |t| {
        format!("{} put the whole brokerage under a legal hold", t.actor())
    }),
    ("tenant_hold.released", |t| {
        format!("{} released the brokerage's legal hold", t.actor())
    }),
];

/// "Retention purged 142 conversations and 3 calls (kept 24 months)".
fn purged(t: &Told) -> String {
    let counts: Vec<PurgeCount> =
        serde_json::from_value(t.detail("counts").clone()).unwrap_or_default();
    let list: Vec<String> = counts
        .iter()
        .map(|c| format!("{} {}", c.count, c.record.noun(c.count)))
        .collect();
    let what = if list.is_empty() {
        "old records".to_owned()
    } else {
        list.join(" and ")
    };
    match t.detail("months").as_u64() {
        Some(months) => format!("{} purged {what} (kept {months} months)", t.actor()),
        None => format!("{} purged {what}", t.actor()),
    }
}

fn subject(t: &Told) -> String {
    match t.text("subject") {
        Some("transaction") => t.titled(Named::Transaction, "transaction"),
        _ => t.titled(Named::Lead, "lead"),
    }
}
