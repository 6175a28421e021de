//! One entry being told: its actor and the ids it names, in today's names, and its
//! details read the way the sentences need them.

use serde_json::Value;

use super::memory::Memory;
use super::words::{capitalised, label, listed, words};
use super::{Named, Names, tell_of};
use crate::audit::{ActorKind, AuditEntry};

pub struct Told<'a> {
    entry: &'a AuditEntry,
    names: &'a dyn Names,
    memory: &'a Memory,
}

impl<'a> Told<'a> {
    pub(super) fn new(entry: &'a AuditEntry, names: &'a dyn Names, memory: &'a Memory) -> Self {
        Self {
            entry,
            names,
            memory,
        }
    }

    /// The whole sentence. An action this app does not know yet (a newer server's) still
    /// reads, by its code.
    pub(super) fn sentence(&self) -> String {
        let text = match tell_of(&self.entry.action) {
            Some(tell) => tell(self),
            None => format!("{} did “{}”", self.actor(), self.entry.action),
        };
        capitalised(&text)
    }

    /// Who did it: a member or key by today's name, else the name the entry kept.
    pub fn actor(&self) -> String {
        let actor = &self.entry.actor;
        let today = |of| actor.id.as_deref().and_then(|id| self.names.name(of, id));
        match actor.kind {
            ActorKind::User if actor.id.is_none() => "someone".to_owned(),
            ActorKind::User => today(Named::Member).unwrap_or_else(|| actor.display.clone()),
            ActorKind::ApiKey => {
                let name = today(Named::ApiKey).unwrap_or_else(|| actor.display.clone());
                format!("the “{name}” API key")
            }
            ActorKind::Staff | ActorKind::System => actor.display.clone(),
        }
    }

    /// The entry's target, by today's name.
    pub fn target(&self, of: Named) -> String {
        self.named(of, self.entry.target.as_deref())
    }

    /// "the lead Jane Lead" by today's name, else what is said of it ("an erased lead").
    pub fn titled(&self, of: Named, noun: &str) -> String {
        match self.today(of, self.target_text()) {
            Some(name) => format!("the {noun} {name}"),
            None => self.target(of),
        }
    }

    /// The entry's target by today's name, or `otherwise` when it is not known.
    pub fn target_or(&self, of: Named, otherwise: &str) -> String {
        self.today(of, self.target_text())
            .unwrap_or_else(|| otherwise.to_owned())
    }

    /// Today's name of `id`, if it is known.
    pub fn today(&self, of: Named, id: &str) -> Option<String> {
        self.names.name(of, id)
    }

    /// The id in the detail `key`, by today's name.
    pub fn detail_named(&self, of: Named, key: &str) -> String {
        self.named(of, self.text(key))
    }

    /// `id` by today's name, or what is said of an id no longer known.
    pub fn named(&self, of: Named, id: Option<&str>) -> String {
        let Some(id) = id else {
            return of.gone().to_owned();
        };
        match self.names.name(of, id) {
            Some(name) => name,
            None if of == Named::Lead && self.memory.erased(id) => "an erased lead".to_owned(),
            None => of.gone().to_owned(),
        }
    }

    /// The roster agent and plan a plan assignment joined, from the trail.
    pub fn assignment(&self) -> Option<(String, String)> {
        let (agent, plan) = self.memory.assignment(self.entry.target.as_deref()?)?;
        Some((
            self.named(Named::RosterAgent, Some(agent)),
            self.quoted(Named::CommissionPlan, Some(plan)),
        ))
    }

    /// A named thing in quotes ("the plan “Standard split”"), or its neutral phrase.
    pub fn quoted(&self, of: Named, id: Option<&str>) -> String {
        match id.and_then(|id| self.names.name(of, id)) {
            Some(name) => format!("“{name}”"),
            None => of.gone().to_owned(),
        }
    }

    pub fn target_text(&self) -> &str {
        self.entry.target.as_deref().unwrap_or_default()
    }

    pub fn detail(&self, key: &str) -> &Value {
        &self.entry.details[key]
    }

    pub fn text(&self, key: &str) -> Option<&str> {
        self.detail(key).as_str()
    }

    /// A count in the details; 0 when absent.
    pub fn number(&self, key: &str) -> i64 {
        self.detail(key).as_i64().unwrap_or_default()
    }

    /// A wire code in the details as a label ("Admin", "Under contract").
    pub fn label(&self, key: &str) -> String {
        self.text(key).map(label).unwrap_or_else(|| "?".to_owned())
    }

    /// A list of field names in the details, as words: "name, email and office".
    pub fn fields(&self, key: &str) -> String {
        let fields: Vec<String> = self
            .detail(key)
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .map(words)
            .collect();
        if fields.is_empty() {
            "details".to_owned()
        } else {
            listed(&fields)
        }
    }
}
