//! Knowledge-base items as the server, the sync engine and the UI exchange them: the
//! content of each kind, the draft an owner edits, the immutable versions publishing
//! makes, and where an item stands between the two.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::chunk::{Chunk, ChunkConfig, chunk_qa, chunk_text};
use super::lint::{Finding, LintContext, lint};
use crate::ids::{KbItemId, KbVersionId, UserId};

/// The three kinds of item.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum KbItemKind {
    /// Written in the app, or uploaded and extracted to Markdown.
    Document,
    /// A question, its alternative phrasings and an answer.
    Qa,
    /// Imported from a URL and extracted to Markdown.
    WebPage,
}

/// The original file an uploaded document was extracted from; the bytes live in
/// storage, counted against the plan.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct KbFile {
    pub name: String,
    pub media_type: String,
    #[ts(type = "number")]
    pub size_bytes: u64,
    /// Hex SHA-256 of the bytes, so a re-upload of the same file is recognised.
    pub sha256: String,
}

/// What an item says, by kind.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum KbContent {
    Document {
        markdown: String,
        file: Option<KbFile>,
    },
    Qa {
        question: String,
        alternatives: Vec<String>,
        answer: String,
    },
    WebPage {
        url: String,
        markdown: String,
    },
}

/// A text field of an item, as the editor shows it and the lint reports it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum KbField {
    Title,
    /// A document's or web page's Markdown.
    Body,
    Question,
    /// One alternative phrasing; `FieldFinding::alternative` says which.
    Alternative,
    Answer,
}

/// A lint finding in one field of an item; its span is within that field's text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct FieldFinding {
    pub field: KbField,
    /// Which alternative phrasing, from 0, when `field` is `alternative`.
    pub alternative: Option<u32>,
    pub finding: Finding,
}

impl KbContent {
    pub fn kind(&self) -> KbItemKind {
        match self {
            KbContent::Document { .. } => KbItemKind::Document,
            KbContent::Qa { .. } => KbItemKind::Qa,
            KbContent::WebPage { .. } => KbItemKind::WebPage,
        }
    }

    /// The chunks retrieval indexes, identical on the server and in the desktop cache.
    pub fn chunks(&self, config: ChunkConfig) -> Vec<Chunk> {
        match self {
            KbContent::Document { markdown, .. } | KbContent::WebPage { markdown, .. } => {
                chunk_text(markdown, config)
            }
            KbContent::Qa {
                question,
                alternatives,
                answer,
            } => chunk_qa(question, alternatives, answer, config),
        }
    }

    /// The fields a person wrote, in editor order, each with its alternative index.
    pub fn fields(&self) -> Vec<(KbField, Option<u32>, &str)> {
        match self {
            KbContent::Document { markdown, .. } | KbContent::WebPage { markdown, .. } => {
                vec![(KbField::Body, None, markdown.as_str())]
            }
            KbContent::Qa {
                question,
                alternatives,
                answer,
            } => {
                let mut fields = vec![(KbField::Question, None, question.as_str())];
                fields.extend(alternatives.iter().enumerate().map(|(i, a)| {
                    let index = u32::try_from(i).expect("alternatives are few");
                    (KbField::Alternative, Some(index), a.as_str())
                }));
                fields.push((KbField::Answer, None, answer.as_str()));
                fields
            }
        }
    }
}

/// The editable state of an item: what a draft holds and what a version freezes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct KbDraft {
    pub title: String,
    /// Search filters: tags, and one optional collection.
    pub tags: Vec<String>,
    pub collection: Option<String>,
    pub content: KbContent,
}

impl KbDraft {
    /// The lint findings of every field, title first.
    pub fn lint(&self, context: &LintContext<'_>) -> Vec<FieldFinding> {
        std::iter::once((KbField::Title, None, self.title.as_str()))
            .chain(self.content.fields())
            .flat_map(|(field, alternative, text)| {
                lint(text, context)
                    .into_iter()
                    .map(move |finding| FieldFinding {
                        field,
                        alternative,
                        finding,
                    })
            })
            .collect()
    }

    /// The whole draft as lines of text, for the history's diff: title, filters, then
    /// the content, labelled so a change to any of them shows.
    pub fn diff_text(&self) -> String {
        let mut out = format!("# {}\n", self.title);
        if !self.tags.is_empty() {
            out.push_str(&format!("Tags: {}\n", self.tags.join(", ")));
        }
        if let Some(collection) = &self.collection {
            out.push_str(&format!("Collection: {collection}\n"));
        }
        out.push('\n');
        match &self.content {
            KbContent::Document { markdown, .. } => out.push_str(markdown),
            KbContent::WebPage { url, markdown } => {
                out.push_str(&format!("Source: {url}\n\n{markdown}"));
            }
            KbContent::Qa {
                question,
                alternatives,
                answer,
            } => {
                out.push_str(&format!("Q: {question}\n"));
                for alternative in alternatives {
                    out.push_str(&format!("Also asked: {alternative}\n"));
                }
                out.push_str(&format!("\n{answer}"));
            }
        }
        out
    }
}

/// Who published a version, when, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct KbVersionMeta {
    pub id: KbVersionId,
    pub item_id: KbItemId,
    /// 1 for the first publish of the item, then 2, 3, ...
    pub number: u32,
    pub published_by: UserId,
    pub published_at: DateTime<Utc>,
    pub note: String,
}

/// An immutable published version: its metadata and the draft it froze.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct KbVersion {
    pub meta: KbVersionMeta,
    pub draft: KbDraft,
}

/// Where an item stands between editing and the chatbot.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum KbItemState {
    /// Never published, or unpublished: the chatbot does not see it.
    Draft,
    /// The chatbot sees exactly the current draft.
    Published,
    /// The chatbot sees the published version; the draft has changed since.
    Changed,
}

impl KbItemState {
    /// The state of an item with this draft and this live version (if any).
    pub fn of(draft: &KbDraft, published: Option<&KbDraft>) -> Self {
        match published {
            None => KbItemState::Draft,
            Some(live) if live == draft => KbItemState::Published,
            Some(_) => KbItemState::Changed,
        }
    }
}

/// An item as the knowledge-base page lists and edits it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct KbItem {
    pub id: KbItemId,
    pub draft: KbDraft,
    pub state: KbItemState,
    /// The version the chatbot sees, if the item is published.
    pub published: Option<KbVersionMeta>,
    pub updated_by: UserId,
    pub updated_at: DateTime<Utc>,
}

/// A request to publish an item's current draft.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PublishRequest {
    pub note: String,
    /// The owner has read the lint's warnings and publishes anyway.
    #[serde(default)]
    pub acknowledge_warnings: bool,
}

#[cfg(test)]
mod tests;
