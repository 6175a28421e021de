//! The desktop's test console and publish dialog as the app's commands answer them: the
//! chunks the chatbot would get for a question, from the published knowledge base and
//! from the current drafts side by side, and the outcome of a publish (published, or
//! refused with the findings to show).

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::item::{FieldFinding, KbItem};
use crate::ids::{KbItemId, KbVersionId};

/// One chunk the console found, ranked as the chatbot's search ranks it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct KbConsoleHit {
    pub item_id: KbItemId,
    /// The published version the chunk belongs to; none for a draft's chunk.
    pub version_id: Option<KbVersionId>,
    pub title: String,
    pub heading_path: Vec<String>,
    pub chunk_ordinal: u32,
    /// The fused score: higher is better; comparable only within one list.
    pub score: f64,
    pub text: String,
}

/// What the console answers for one question, searched in this computer's cache.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct KbConsoleAnswer {
    /// What the chatbot gets now: the published chunks.
    pub published: Vec<KbConsoleHit>,
    /// What it would get if every current draft were published (items never published,
    /// and changed ones, as drafted; unchanged ones as published).
    pub drafts: Vec<KbConsoleHit>,
    /// How long the two searches took, in microseconds.
    #[ts(type = "number")]
    pub took_micros: u64,
}

/// How a publish from the app ended.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum KbPublishOutcome {
    Published {
        item: Box<KbItem>,
    },
    /// The server refused it: block findings (`kb_lint_blocked`), or warnings not
    /// acknowledged (`kb_lint_unacknowledged`).
    Refused {
        code: String,
        message: String,
        findings: Vec<FieldFinding>,
    },
}
