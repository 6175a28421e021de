//! The roster, deals, commission plans and reports, and the Dotloop connection.

use super::super::memory::AGENT_ASSIGNED;
use super::super::told::Told;
use super::super::words::{count, possessive};
use super::super::{Action, Named};
use crate::commissions::reports::exported::OFFLINE_EXPORT_ACTION;

pub(super) static ACTIONS: &[Action] = &[
    ("roster.agent_added", |t| {
        format!(
            "{} added {} to the roster",
            t.actor(),
            t.target(Named::RosterAgent)
        )
    }),
    ("roster.agent_changed", |t| {
        let agent = possessive(&t.target(Named::RosterAgent));
        format!("{} changed {agent} {}", t.actor(), t.fields("fields"))
    }),
    ("transaction.created", |t| {
        format!(
            "{} added {}",
            t.actor(),
            t.titled(Named::Transaction, "transaction")
        )
    }),
    ("transaction.updated", |t| {
        let deal = possessive(&t.target(Named::Transaction));
        format!("{} changed {deal} {}", t.actor(), t.fields("fields"))
    }),
    ("transactions.imported", |t| {
        let (new, updated) = (t.number("created"), t.number("updated"));
        format!(
            "{} imported transactions: {new} new, {updated} updated",
            t.actor()
        )
    }),
    ("commission.plan_created", |t| {
        format!("{} created the commission plan {}", t.actor(), plan(t))
    }),
    ("commission.plan_changed", |t| {
        format!(
            "{} changed the {} of the commission plan {}",
            t.actor(),
            t.fields("fields"),
            plan(t)
        )
    }),
    ("commission.plan_version_set", |t| {
        let from = t.text("effectiveFrom").unwrap_or("?");
        format!(
            "{} set the commission plan {} to change from {from}",
            t.actor(),
            plan(t)
        )
    }),
    (AGENT_ASSIGNED, |t| {
        let agent = t.detail_named(Named::RosterAgent, "agent");
        let plan = t.quoted(Named::CommissionPlan, t.text("plan"));
        format!("{} put {agent} on the commission plan {plan}", t.actor())
    }),
    ("commission.agent_unassigned", |t| match t.assignment() {
        Some((agent, plan)) => format!("{} took {agent} off the commission plan {plan}", t.actor()),
        None => format!("{} took an agent off a commission plan", t.actor()),
    }),
    ("commission.override_set", |t| {
        format!(
            "{} set {} split on {} for that deal only",
            t.actor(),
            possessive(&t.detail_named(Named::RosterAgent, "agent")),
            deal(t)
        )
    }),
    ("commission.override_changed", |t| {
        format!(
            "{} changed the {} of {} split override on {}",
            t.actor(),
            t.fields("fields"),
            possessive(&t.detail_named(Named::RosterAgent, "agent")),
            deal(t)
        )
    }),
    ("commission.override_removed", |t| {
        format!(
            "{} removed {} split override on {}: the plan's split applies again",
            t.actor(),
            possessive(&t.detail_named(Named::RosterAgent, "agent")),
            deal(t)
        )
    }),
    ("commission.production_exported", |t| {
        let (from, to) = (t.text("from").unwrap_or("?"), t.text("to").unwrap_or("?"));
        let rows = count(t.number("rows"), "row", "rows");
        format!(
            "{} exported the production report from {from} to {to} ({rows})",
            t.actor()
        )
    }),
    (OFFLINE_EXPORT_ACTION, |t| {
        let period = t.detail("period");
        let (from, to) = (
            period["from"].as_str().unwrap_or("?"),
            period["to"].as_str().unwrap_or("?"),
        );
        let format = t.text("format").unwrap_or("a file").to_uppercase();
        format!(
            "{} exported a report from {from} to {to} as {format}, offline",
            t.actor()
        )
    }),
    ("dotloop.connect_started", |t| {
        format!("{} started connecting Dotloop", t.actor())
    }),
    ("dotloop.connect_declined", |t| {
        format!("{} declined to connect Dotloop", t.actor())
    }),
    ("dotloop.connect_failed", |t| {
        format!("{} could not connect Dotloop", t.actor())
    }),
    ("dotloop.connected", |t| {
        format!("{} connected Dotloop", t.actor())
    }),
    ("dotloop.disconnected", |t| {
        format!("{} disconnected Dotloop", t.actor())
    }),
    ("dotloop.sync_requested", |t| {
        format!("{} asked for a Dotloop import", t.actor())
    }),
    ("dotloop.imported", |t| {
        let loops = count(t.number("loopsSeen"), "loop", "loops");
        let (new, updated) = (t.number("created"), t.number("updated"));
        let failed = t
            .text("error")
            .map_or(String::new(), |code| format!(", then failed ({code})"));
        format!(
            "{} read {loops}: {new} new, {updated} updated{failed}",
            t.actor()
        )
    }),
    ("dotloop.needs_reconnect", |t| {
        format!(
            "{} lost its access: Dotloop must be connected again",
            t.actor()
        )
    }),
];

/// The deal named in the detail `transaction`: "the transaction 12 Harbor Rd".
fn deal(t: &Told) -> String {
    let id = t.text("transaction");
    match id.and_then(|id| t.today(Named::Transaction, id)) {
        Some(name) => format!("the transaction {name}"),
        None => t.named(Named::Transaction, id),
    }
}

fn plan(t: &Told) -> String {
    t.quoted(Named::CommissionPlan, Some(t.target_text()))
}
