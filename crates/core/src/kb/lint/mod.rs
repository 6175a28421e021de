//! The fair-housing lint: what a brokerage may not say in an advertisement, its
//! chatbot's knowledge base may not say either (see shared/fair-housing.md). Federal
//! rules always apply; a tenant's state adds its own protected classes. The rules are
//! data (`federal.rs`, `state.rs`); `matcher.rs` finds them by whole words, ignoring
//! case, plurals and punctuation. Pure, so the app runs it offline as the owner types,
//! and the server runs the same rules on save and at publish.

mod federal;
mod matcher;
mod publish;
mod rule;
mod state;
mod words;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub use publish::{PublishCheck, PublishRefusal};

/// How serious a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Allowed by HUD; shown with the citation so the owner knows why it passed.
    Info,
    /// A catch word or proxy: publishable once the owner acknowledges it.
    Warn,
    /// An explicit preference or limitation about people: never publishable.
    Block,
}

/// What a finding is about: a protected class, or one of the two kinds of wording HUD
/// treats as a proxy for several classes at once.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum LintClass {
    Race,
    Color,
    Religion,
    Sex,
    Handicap,
    FamilialStatus,
    NationalOrigin,
    /// State classes from here to `SourceOfIncome`.
    Age,
    Ancestry,
    GenderIdentity,
    MaritalStatus,
    SexualOrientation,
    MedicalCondition,
    SourceOfIncome,
    /// Characterising a neighbourhood's people, safety or schools: steering.
    Steering,
    /// HUD's catch words ("exclusive", "restricted", ...), which suggest exclusion.
    CatchWord,
}

/// One thing the lint found in a text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Finding {
    /// Char offset (not byte) where the flagged words start in the linted text.
    pub start: u32,
    /// Char offset just past the flagged words.
    pub end: u32,
    /// The flagged words as written.
    pub text: String,
    pub severity: Severity,
    pub class: LintClass,
    /// Why it is flagged, in a sentence an owner can act on.
    pub reason: String,
    /// The law or guidance the rule comes from, by name.
    pub source: String,
    /// A neutral wording to use instead, where one exists.
    pub rewording: Option<String>,
}

/// What the lint needs to know besides the text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LintContext<'a> {
    /// The tenant's US state as its two-letter postal code ("CA", "MD"); states without
    /// extra rules, and `None`, get the federal rules alone.
    pub state: Option<&'a str>,
    /// The brokerage marks the property as qualified housing for older persons, which
    /// makes stating its age restriction lawful.
    pub housing_for_older_persons: bool,
}

/// The findings in `text`, in text order.
pub fn lint(text: &str, context: &LintContext<'_>) -> Vec<Finding> {
    matcher::find(text, context)
}

/// The two-letter codes of the states whose own rules the lint knows.
pub fn states_with_rules() -> Vec<&'static str> {
    state::STATES.iter().map(|s| s.code).collect()
}

#[cfg(test)]
mod tests;
