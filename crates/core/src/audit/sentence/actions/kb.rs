//! The chatbot's knowledge base.

use super::super::told::Told;
use super::super::{Action, Named};

pub(super) static ACTIONS: &[Action] = &[
    ("kb.item_added", |t| {
        format!("{} added {} to the knowledge base", t.actor(), item(t))
    }),
    ("kb.draft_saved", |t| {
        format!("{} saved a draft of {}", t.actor(), item(t))
    }),
    ("kb.version_restored", |t| {
        format!(
            "{} restored an earlier version of {} as its draft",
            t.actor(),
            item(t)
        )
    }),
    ("kb.published", |t| {
        format!(
            "{} published version {} of {}",
            t.actor(),
            t.number("number"),
            item(t)
        )
    }),
    ("kb.unpublished", |t| {
        format!("{} unpublished {}", t.actor(), item(t))
    }),
    ("kb.item_deleted", |t| {
        let item = t.target_or(Named::KbItem, "a knowledge-base item");
        format!("{} deleted {item}", t.actor())
    }),
    ("kb.file_uploaded", |t| {
        format!("{} uploaded the file of {}", t.actor(), item(t))
    }),
    ("kb.imported", |t| {
        let (added, changed) = (t.number("added"), t.number("changed"));
        format!(
            "{} imported web pages: {added} added, {changed} changed",
            t.actor()
        )
    }),
    ("kb.page_refetched", |t| {
        format!(
            "{} fetched the page of {} again; it had not changed",
            t.actor(),
            item(t)
        )
    }),
    ("kb.unanswered_taken", |t| {
        format!(
            "{} started answering a question the chatbot could not: {}",
            t.actor(),
            item(t)
        )
    }),
];

fn item(t: &Told) -> String {
    t.quoted(Named::KbItem, Some(t.target_text()))
}
