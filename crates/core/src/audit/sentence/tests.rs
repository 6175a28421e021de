use std::collections::{HashMap, HashSet};

use serde_json::{Value, json};

use super::*;
use crate::audit::fixtures::{SALT, event};
use crate::audit::{ActorKind, AuditActor, ChainLink};
use crate::ids::TenantId;

const OLIVIA: &str = "0d6f5c5e-0000-4000-8000-000000000001";
const ADAM: &str = "0d6f5c5e-0000-4000-8000-000000000002";
const GONE_MEMBER: &str = "0d6f5c5e-0000-4000-8000-000000000003";
const JANE: &str = "1e000000-0000-4000-8000-000000000001";
const ERASED: &str = "1e000000-0000-4000-8000-000000000002";

/// Today's names, as a cache holds them.
struct Cache(HashMap<(Named, String), String>);

impl Cache {
    fn of(names: &[(Named, &str, &str)]) -> Self {
        let names = names
            .iter()
            .map(|(of, id, name)| ((*of, id.to_string()), name.to_string()));
        Self(names.collect())
    }

    /// Olivia, Adam and one lead; the rest is gone.
    fn new() -> Self {
        Self::of(&[
            (Named::Member, OLIVIA, "Olivia Owner"),
            (Named::Member, ADAM, "Adam Admin"),
            (Named::Lead, JANE, "Jane Lead"),
        ])
    }
}

impl Names for Cache {
    fn name(&self, of: Named, id: &str) -> Option<String> {
        self.0.get(&(of, id.to_owned())).cloned()
    }
}

fn by(actor: &str, kept: &str) -> AuditActor {
    AuditActor {
        kind: ActorKind::User,
        id: Some(actor.to_owned()),
        display: kept.to_owned(),
    }
}

/// A trail of (actor, action, target, details), sealed in order.
fn trail(rows: Vec<(AuditActor, &str, Option<&str>, Value)>) -> Vec<AuditEntry> {
    let mut head = ChainLink::genesis();
    let tenant = TenantId::new();
    rows.into_iter()
        .enumerate()
        .map(|(n, (actor, action, target, details))| {
            let mut event = event(tenant, n as u32 + 1);
            event.actor = actor;
            event.action = action.to_owned();
            event.target = target.map(str::to_owned);
            event.details = details;
            let entry = event.seal(&head, &SALT);
            head = entry.link();
            entry
        })
        .collect()
}

fn sentences(entries: Vec<AuditEntry>) -> Vec<String> {
    tell(entries, &Cache::new())
        .into_iter()
        .map(|line| line.sentence)
        .collect()
}

#[test]
fn a_role_change_names_both_members_by_todays_names() {
    let entries = trail(vec![(
        by(OLIVIA, "Olivia (old name)"),
        "user.role_changed",
        Some(ADAM),
        json!({ "from": "admin", "to": "agent" }),
    )]);
    let lines = tell(entries, &Cache::new());
    assert_eq!(
        lines[0].sentence,
        "Olivia Owner changed Adam Admin's role from Admin to Agent"
    );
    assert_eq!(lines[0].actor_name, "Olivia Owner");
    assert_eq!(
        lines[0].entry.action, "user.role_changed",
        "the raw entry stays"
    );
}

#[test]
fn an_erased_lead_and_a_removed_member_read_neutrally() {
    let entries = trail(vec![
        (
            by(OLIVIA, "Olivia"),
            "lead.created",
            Some(ERASED),
            json!({}),
        ),
        (by(OLIVIA, "Olivia"), "lead.created", Some(JANE), json!({})),
        (
            by(OLIVIA, "Olivia"),
            "user.deactivated",
            Some(GONE_MEMBER),
            json!({}),
        ),
        (
            by(GONE_MEMBER, "Gina Gone"),
            "lead.updated",
            Some(ERASED),
            json!({ "fields": ["stage", "notes"], "stage": { "from": "new", "to": "under_contract" } }),
        ),
        (
            by(OLIVIA, "Olivia"),
            "lead.erased",
            Some(ERASED),
            json!({ "erased": { "consent": 2, "conversation": 1, "call": 0 } }),
        ),
    ]);
    assert_eq!(
        sentences(entries),
        [
            "Olivia Owner added an erased lead",
            "Olivia Owner added the lead Jane Lead",
            "Olivia Owner deactivated a removed member",
            // The actor's name at the time is in the entry; the trail needs no cache for it.
            "Gina Gone moved an erased lead from New to Under contract and changed an erased lead's notes",
            "Olivia Owner erased a lead with its 2 consent entries, 1 chat and 0 calls",
        ]
    );
}

#[test]
fn a_lead_assigned_to_a_member_names_the_member() {
    let entries = trail(vec![(
        by(OLIVIA, "Olivia"),
        "lead.updated",
        Some(JANE),
        json!({ "fields": ["assignedAgent"], "assignedAgent": { "from": null, "to": ADAM } }),
    )]);
    assert_eq!(
        sentences(entries),
        ["Olivia Owner assigned Jane Lead to Adam Admin"]
    );
}

#[test]
fn failed_sign_ins_say_only_what_the_entry_kept() {
    let nobody = AuditActor {
        kind: ActorKind::User,
        id: None,
        display: "unknown user".into(),
    };
    let entries = trail(vec![
        (
            nobody.clone(),
            "auth.sign_in_failed",
            None,
            json!({ "knownUser": false, "emailDomain": "acme.test" }),
        ),
        (
            nobody,
            "auth.sign_in_failed",
            Some(ADAM),
            json!({ "failures": 2 }),
        ),
    ]);
    assert_eq!(
        sentences(entries),
        [
            "Someone failed to sign in with an unknown address at acme.test",
            "Someone failed to sign in as Adam Admin",
        ]
    );
}

#[test]
fn an_api_key_acts_under_its_name_today() {
    let key = AuditActor {
        kind: ActorKind::ApiKey,
        id: Some("k-1".into()),
        display: "Website chatbot".into(),
    };
    let entries = trail(vec![(
        key,
        "conversation.recorded",
        Some(JANE),
        json!({ "messages": 4 }),
    )]);
    assert_eq!(
        sentences(entries),
        ["The “Website chatbot” API key recorded a chat with Jane Lead (4 messages)"]
    );
}

#[test]
fn a_removed_assignment_is_told_from_the_entry_that_made_it() {
    let assigned = json!({ "agent": "a-1", "plan": "p-1" });
    let entries = trail(vec![
        (
            by(OLIVIA, "Olivia"),
            "commission.agent_assigned",
            Some("pa-1"),
            assigned,
        ),
        (
            by(OLIVIA, "Olivia"),
            "commission.agent_unassigned",
            Some("pa-1"),
            json!({}),
        ),
    ]);
    let names = Cache::of(&[
        (Named::Member, OLIVIA, "Olivia Owner"),
        (Named::RosterAgent, "a-1", "Rita Roster"),
        (Named::CommissionPlan, "p-1", "Standard split"),
    ]);
    let told: Vec<String> = tell(entries, &names)
        .into_iter()
        .map(|l| l.sentence)
        .collect();
    assert_eq!(
        told,
        [
            "Olivia Owner put Rita Roster on the commission plan “Standard split”",
            "Olivia Owner took Rita Roster off the commission plan “Standard split”",
        ]
    );
}

#[test]
fn a_split_override_names_the_agent_and_the_deal() {
    let on = json!({ "transaction": "t-1", "agent": "a-1" });
    let entries = trail(vec![
        (
            by(OLIVIA, "Olivia"),
            "commission.override_set",
            Some("o-1"),
            on.clone(),
        ),
        (
            by(OLIVIA, "Olivia"),
            "commission.override_changed",
            Some("o-1"),
            json!({ "transaction": "t-1", "agent": "a-1", "fields": ["agentPercent", "reason"] }),
        ),
        (
            by(OLIVIA, "Olivia"),
            "commission.override_removed",
            Some("o-1"),
            json!({ "transaction": "t-gone", "agent": "a-1" }),
        ),
    ]);
    let names = Cache::of(&[
        (Named::Member, OLIVIA, "Olivia Owner"),
        (Named::RosterAgent, "a-1", "Rita Roster"),
        (Named::Transaction, "t-1", "12 Harbor Rd"),
    ]);
    let told: Vec<String> = tell(entries, &names)
        .into_iter()
        .map(|l| l.sentence)
        .collect();
    assert_eq!(
        told,
        [
            "Olivia Owner set Rita Roster's split on the transaction 12 Harbor Rd for that deal only",
            "Olivia Owner changed the agent percent and reason of Rita Roster's split override on the transaction 12 Harbor Rd",
            "Olivia Owner removed Rita Roster's split override on a deleted transaction: the plan's split applies again",
        ]
    );
}

#[test]
fn an_action_this_app_does_not_know_still_reads() {
    let entries = trail(vec![(
        by(OLIVIA, "Olivia"),
        "privacy.future_thing",
        None,
        json!({}),
    )]);
    assert!(!is_told("privacy.future_thing"));
    assert_eq!(
        sentences(entries),
        ["Olivia Owner did “privacy.future_thing”"]
    );
}

#[test]
fn wanted_lists_the_ids_the_sentences_name() {
    let entries = trail(vec![(
        by(OLIVIA, "Olivia"),
        "user.role_changed",
        Some(ADAM),
        json!({ "from": "admin", "to": "agent" }),
    )]);
    let wanted = wanted(&entries);
    assert_eq!(
        wanted.into_iter().collect::<Vec<_>>(),
        [
            (Named::Member, OLIVIA.to_owned()),
            (Named::Member, ADAM.to_owned())
        ]
    );
}

#[test]
fn every_action_has_one_sentence_of_its_own() {
    let codes: Vec<&str> = actions().collect();
    let unique: HashSet<&str> = codes.iter().copied().collect();
    assert_eq!(unique.len(), codes.len(), "a code appears twice");
    for code in codes {
        let entries = trail(vec![(by(OLIVIA, "Olivia"), code, Some(ADAM), json!({}))]);
        let sentence = &sentences(entries)[0];
        assert!(
            !sentence.contains(code) && !sentence.contains('{'),
            "{code}: {sentence}"
        );
    }
}

#[test]
fn a_plan_change_and_the_privacy_register_read_without_personal_data() {
    let entries = trail(vec![
        (
            by(OLIVIA, "Olivia"),
            "plan.changed",
            None,
            json!({ "from": "professional", "to": "enterprise" }),
        ),
        (
            by(ADAM, "Adam"),
            "privacy_request.recorded",
            None,
            json!({ "kind": "deletion", "law": "ccpa" }),
        ),
        (
            by(ADAM, "Adam"),
            "privacy_request.updated",
            None,
            json!({ "status": "confirmed", "notesChanged": false }),
        ),
        (
            by(ADAM, "Adam"),
            "privacy_request.updated",
            None,
            json!({ "status": null, "notesChanged": true }),
        ),
        (
            by(ADAM, "Adam"),
            "privacy_request.action_linked",
            None,
            json!({ "auditSeq": 42 }),
        ),
    ]);
    assert_eq!(
        sentences(entries),
        [
            "Olivia Owner moved the brokerage from Professional to Enterprise",
            "Adam Admin recorded a CCPA deletion request",
            "Adam Admin marked a privacy request confirmed",
            "Adam Admin changed a privacy request's notes",
            "Adam Admin linked entry #42 to a privacy request",
        ]
    );
}
