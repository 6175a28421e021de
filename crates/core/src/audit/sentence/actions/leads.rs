//! Leads, their consent and activity, and the do-not-call list.

use super::super::told::Told;
use super::super::words::{count, label, listed, possessive, words};
use super::super::{Action, Named};

pub(super) static ACTIONS: &[Action] = &[
    ("lead.created", |t| {
        format!("{} added {}", t.actor(), t.titled(Named::Lead, "lead"))
    }),
    ("lead.updated", lead_updated),
    ("lead.erased", lead_erased),
    ("consent.recorded", |t| {
        let verb = match t.text("action") {
            Some("revoked") => "withdrew",
            _ => "gave",
        };
        let channel = match t.text("channel") {
            Some("call") => "calls",
            Some("sms") => "text messages",
            _ => "email",
        };
        let lead = t.target(Named::Lead);
        format!(
            "{} recorded that {lead} {verb} consent to {channel}",
            t.actor()
        )
    }),
    ("conversation.recorded", |t| {
        let messages = count(t.number("messages"), "message", "messages");
        let lead = t.target(Named::Lead);
        format!("{} recorded a chat with {lead} ({messages})", t.actor())
    }),
    ("call.recorded", |t| {
        let secs = t.number("durationSecs");
        let lead = t.target(Named::Lead);
        format!(
            "{} recorded a {} min {} s call with {lead}",
            t.actor(),
            secs / 60,
            secs % 60
        )
    }),
    ("dnc.added", |t| {
        format!(
            "{} added {} to the do-not-call list",
            t.actor(),
            t.target(Named::DncEntry)
        )
    }),
    ("dnc.removed", |t| {
        format!(
            "{} took {} off the do-not-call list",
            t.actor(),
            t.target(Named::DncEntry)
        )
    }),
    ("leads.imported", |t| {
        let leads = count(t.number("imported"), "lead", "leads");
        match t.number("skippedLines") {
            0 => format!("{} imported {leads}", t.actor()),
            n => format!(
                "{} imported {leads}, skipping {}",
                t.actor(),
                count(n, "line", "lines")
            ),
        }
    }),
    ("leads.exported", |t| {
        let leads = count(t.number("leads"), "lead", "leads");
        format!("{} exported {leads} to a CSV file", t.actor())
    }),
];

/// A stage or agent change says from what to what; other fields are named.
fn lead_updated(t: &Told) -> String {
    let lead = t.target(Named::Lead);
    let mut clauses = Vec::new();
    let stage = t.detail("stage");
    if let (Some(from), Some(to)) = (stage["from"].as_str(), stage["to"].as_str()) {
        clauses.push(format!(
            "moved {lead} from {} to {}",
            label(from),
            label(to)
        ));
    }
    let agent = &t.detail("assignedAgent")["to"];
    if !t.detail("assignedAgent").is_null() {
        clauses.push(match agent.as_str() {
            Some(member) => format!(
                "assigned {lead} to {}",
                t.named(Named::Member, Some(member))
            ),
            None => format!("took {lead} off its agent"),
        });
    }
    let others: Vec<String> = t
        .detail("fields")
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|f| f.as_str())
        .filter(|f| !["stage", "assignedAgent"].contains(f))
        .map(words)
        .collect();
    if !others.is_empty() || clauses.is_empty() {
        let fields = if others.is_empty() {
            "details".to_owned()
        } else {
            listed(&others)
        };
        clauses.push(format!("changed {} {fields}", possessive(&lead)));
    }
    format!("{} {}", t.actor(), listed(&clauses))
}

/// The lead is gone; the counts of what went with it stay.
fn lead_erased(t: &Told) -> String {
    let erased = t.detail("erased");
    let n = |key: &str| erased[key].as_i64().unwrap_or_default();
    let records = [
        count(n("consent"), "consent entry", "consent entries"),
        count(n("conversation"), "chat", "chats"),
        count(n("call"), "call", "calls"),
    ];
    format!("{} erased a lead with its {}", t.actor(), listed(&records))
}
