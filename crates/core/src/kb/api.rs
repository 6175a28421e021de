//! The knowledge base's REST wire types beyond the records themselves: what a save
//! answers (the item with the lint's findings), why a publish was refused (with the
//! findings to show), an upload, and a chunk as sync carries it.

use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use super::chunk::Chunk;
use super::item::{FieldFinding, KbItem};
use crate::ids::{KbItemId, KbVersionId};

/// A saved draft, with what the fair-housing lint found in it (every severity), so the
/// editor shows the same findings the publish dialog will.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct KbSaved {
    pub item: KbItem,
    pub findings: Vec<FieldFinding>,
}

/// A refused publish: the API's `{code, message}` plus the findings that refused it
/// (the block findings, or the warnings still to acknowledge).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct KbPublishRefused {
    pub code: String,
    pub message: String,
    /// Absent when the publish was refused before the lint ran (a malformed body): those
    /// 422s are the API's plain `{code, message}`.
    #[serde(default)]
    pub findings: Vec<FieldFinding>,
}

/// A file to make a document from. JSON with the bytes in base64, because the API's edge
/// refuses raw bodies holding NUL bytes, which PDF and DOCX files are full of.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct KbUploadRequest {
    pub file_name: String,
    /// `text/plain`, `text/markdown` or `text/html`.
    pub media_type: String,
    pub content_base64: String,
    /// The document's title; the file name without its extension when absent.
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub collection: Option<String>,
}

/// A chunk of an item's live published version as sync carries it to the desktop cache.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct KbChunkRecord {
    pub id: Uuid,
    pub item_id: KbItemId,
    pub version_id: KbVersionId,
    pub title: String,
    pub tags: Vec<String>,
    pub collection: Option<String>,
    pub chunk: Chunk,
}

/// Web pages to import: one page, or every page a sitemap lists (same host only).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct KbImportRequest {
    pub url: String,
    /// The URL is a sitemap: import the pages it lists.
    #[serde(default)]
    pub sitemap: bool,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub collection: Option<String>,
}

/// A page an import did not take, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct KbImportSkip {
    pub url: String,
    pub code: String,
    pub reason: String,
}

/// What an import from a URL or a sitemap did.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct KbImportOutcome {
    /// Pages seen for the first time: new web-page drafts.
    pub added: Vec<KbItem>,
    /// Pages imported before whose text changed: their drafts now hold the new text,
    /// to review before publishing.
    pub changed: Vec<KbItem>,
    /// Pages imported before whose text is the same.
    pub unchanged: u32,
    pub skipped: Vec<KbImportSkip>,
}
