//! The trail read as sentences: "Olivia Owner changed Adam Admin's role from Admin to
//! Agent". Entries keep ids, never names (the trail is permanent and must hold no personal
//! data); the names are today's, looked up when an entry is shown, through [`Names`],
//! which the desktop answers from its cache, offline too.
//!
//! `actions` holds the one list of the actions the server records, each with its sentence;
//! the server's tests fail when its sources record an action this list does not know.

mod actions;
mod memory;
mod told;
mod words;

use serde::{Deserialize, Serialize};
use std::cell::RefCell;
use std::collections::BTreeSet;
use ts_rs::TS;

use super::AuditEntry;
use memory::Memory;
use told::Told;

/// What an id in an entry names, so [`Names`] knows where to look it up.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Named {
    Member,
    Lead,
    ApiKey,
    /// Named by the address invited.
    Invitation,
    RosterAgent,
    Transaction,
    CommissionPlan,
    KbItem,
    /// Named by the number.
    DncEntry,
}

impl Named {
    /// What a sentence says of an id it cannot name any more.
    fn gone(self) -> &'static str {
        match self {
            Named::Member => "a removed member",
            Named::Lead => "a deleted lead",
            Named::ApiKey => "a deleted API key",
            Named::Invitation => "someone",
            Named::RosterAgent => "a removed agent",
            Named::Transaction => "a deleted transaction",
            Named::CommissionPlan => "a deleted plan",
            Named::KbItem => "a deleted item",
            Named::DncEntry => "a number",
        }
    }
}

/// Today's names of the ids entries hold.
pub trait Names {
    /// The name of `id`, or none when it is no longer known (deleted, or never synced).
    fn name(&self, of: Named, id: &str) -> Option<String>;
}

/// How one action's sentence is told.
type Tell = fn(&Told) -> String;

/// An action's code and its sentence.
type Action = (&'static str, Tell);

/// An entry with its sentence, for the audit page; the raw entry stays with it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TrailLine {
    /// The whole sentence, in today's names.
    pub sentence: String,
    /// Who did it, by today's name (the entry's actor keeps the name at the time).
    pub actor_name: String,
    #[serde(flatten)]
    pub entry: AuditEntry,
}

/// Every action the server records: the ones with a sentence.
pub fn actions() -> impl Iterator<Item = &'static str> {
    actions::all().map(|(code, _)| *code)
}

/// Whether `action` has a sentence.
pub fn is_told(action: &str) -> bool {
    tell_of(action).is_some()
}

/// The ids `entries`' sentences would name, so a caller can look up only those.
pub fn wanted(entries: &[AuditEntry]) -> BTreeSet<(Named, String)> {
    let recorder = Recorder::default();
    let memory = Memory::of(entries);
    for entry in entries {
        Told::new(entry, &recorder, &memory).sentence();
    }
    recorder.0.into_inner()
}

/// Each entry with its sentence. Takes the whole trail (or as much as is shown): what it
/// says of an id can depend on other entries (a lead erased later reads as "an erased
/// lead").
pub fn tell(entries: Vec<AuditEntry>, names: &dyn Names) -> Vec<TrailLine> {
    let memory = Memory::of(&entries);
    entries
        .into_iter()
        .map(|entry| {
            let told = Told::new(&entry, names, &memory);
            let (sentence, actor_name) = (told.sentence(), told.actor());
            TrailLine {
                sentence,
                actor_name,
                entry,
            }
        })
        .collect()
}

fn tell_of(action: &str) -> Option<Tell> {
    actions::all()
        .find(|(code, _)| *code == action)
        .map(|(_, tell)| *tell)
}

/// Names nothing, and notes what was asked.
#[derive(Default)]
struct Recorder(RefCell<BTreeSet<(Named, String)>>);

impl Names for Recorder {
    fn name(&self, of: Named, id: &str) -> Option<String> {
        self.0.borrow_mut().insert((of, id.to_owned()));
        None
    }
}

#[cfg(test)]
mod tests;
