//! The chatbot's knowledge base: items (documents, Q&A pairs, web pages) with their
//! drafts, published versions and the chunks the chatbot searches.
//!
//! An item always has a draft (`kb_items.draft`); publishing (`publish.rs`) freezes it
//! into an immutable version and replaces the item's chunks with that version's, so the
//! chatbot's search (`search.rs`) reads published text only. Every write comes through
//! this module's functions (REST and the demo seed alike), so the permission checks
//! (ReadKnowledgeBase to read, WriteKnowledgeBase to edit, PublishKnowledgeBase to
//! publish), core's validation, the lint's findings and the audit entry hold on every
//! way in. Uploaded files (`upload.rs`) are kept and count against the plan's storage;
//! web pages come in through `import/` (fetched behind an SSRF guard); the chatbot's
//! unanswered questions live in `unanswered.rs`. The lint follows the tenant's license
//! state from its settings.

pub mod http;
pub mod import;
pub mod publish;
pub mod search;
pub mod sync;
pub mod unanswered;
pub mod upload;

use brokerdesk_core::ids::{KbItemId, KbVersionId, UserId};
use brokerdesk_core::kb::api::KbSaved;
use brokerdesk_core::kb::item::{KbDraft, KbItem, KbItemKind, KbItemState, KbVersionMeta};
use brokerdesk_core::kb::lint::LintContext;
use brokerdesk_core::kb::validate::KbInvalid;
use brokerdesk_core::permission::Permission;
use chrono::{DateTime, Utc};
use serde_json::json;
use sqlx::types::Json;
use uuid::Uuid;

use crate::auth::Authenticated;
use crate::db::TenantTx;
use crate::error::ApiError;

/// The sync entities' wire names, for tombstones.
pub const ITEM_ENTITY: &str = "kb_item";
pub const VERSION_ENTITY: &str = "kb_version";
pub const CHUNK_ENTITY: &str = "kb_chunk";

impl From<KbInvalid> for ApiError {
    fn from(invalid: KbInvalid) -> Self {
        ApiError::validation(invalid.code, invalid.message)
    }
}

#[derive(sqlx::FromRow)]
struct ItemRow {
    id: Uuid,
    draft: Json<KbDraft>,
    updated_by: Uuid,
    updated_at: DateTime<Utc>,
    live_id: Option<Uuid>,
    live_number: Option<i32>,
    live_draft: Option<Json<KbDraft>>,
    live_by: Option<Uuid>,
    live_at: Option<DateTime<Utc>>,
    live_note: Option<String>,
}

impl ItemRow {
    fn into_item(self) -> KbItem {
        let published = match (self.live_id, self.live_number, self.live_by, self.live_at) {
            (Some(id), Some(number), Some(by), Some(at)) => Some(KbVersionMeta {
                id: KbVersionId::from_uuid(id),
                item_id: KbItemId::from_uuid(self.id),
                number: u32::try_from(number).unwrap_or_default(),
                published_by: UserId::from_uuid(by),
                published_at: at,
                note: self.live_note.unwrap_or_default(),
            }),
            _ => None,
        };
        let live = self.live_draft.map(|Json(draft)| draft);
        KbItem {
            id: KbItemId::from_uuid(self.id),
            state: KbItemState::of(&self.draft.0, live.as_ref()),
            draft: self.draft.0,
            published,
            updated_by: UserId::from_uuid(self.updated_by),
            updated_at: self.updated_at,
        }
    }
}

/// The items `ids` names (every item when none), most recently changed first.
pub async fn items(tx: &mut TenantTx, ids: Option<&[Uuid]>) -> Result<Vec<KbItem>, ApiError> {
    let rows: Vec<ItemRow> = sqlx::query_as(
        "select i.id, i.draft, i.updated_by, i.updated_at, v.id as live_id,
                v.number as live_number, v.draft as live_draft, v.published_by as live_by,
                v.published_at as live_at, v.note as live_note
           from kb_items i
           left join kb_versions v on v.tenant_id = i.tenant_id and v.id = i.live_version
          where i.tenant_id = $1 and ($2::uuid[] is null or i.id = any($2))
          order by i.updated_at desc, i.id",
    )
    .bind(tx.tenant_id().as_uuid())
    .bind(ids)
    .fetch_all(tx.conn())
    .await?;
    Ok(rows.into_iter().map(ItemRow::into_item).collect())
}

fn no_such_item() -> ApiError {
    ApiError::NotFound("No such item in this brokerage's knowledge base.".into())
}

async fn item(tx: &mut TenantTx, id: KbItemId) -> Result<KbItem, ApiError> {
    items(tx, Some(&[id.as_uuid()]))
        .await?
        .pop()
        .ok_or_else(no_such_item)
}

/// Every item with its draft and publish state, for those who may read the knowledge base.
pub async fn list(auth: &mut Authenticated) -> Result<Vec<KbItem>, ApiError> {
    auth.require(Permission::ReadKnowledgeBase)?;
    items(&mut auth.tx, None).await
}

pub async fn get(auth: &mut Authenticated, id: KbItemId) -> Result<KbItem, ApiError> {
    auth.require(Permission::ReadKnowledgeBase)?;
    item(&mut auth.tx, id).await
}

/// What the lint needs to know of the brokerage: its license state, from its settings.
pub struct TenantLint {
    state: Option<String>,
}

impl TenantLint {
    pub fn context(&self) -> LintContext<'_> {
        LintContext {
            state: self.state.as_deref(),
            ..LintContext::default()
        }
    }
}

/// The lint's rules for this brokerage: the federal ones, and its license state's (from
/// its settings) when it has set one, so state rules apply on save and at publish.
pub async fn lint_context(tx: &mut TenantTx) -> Result<TenantLint, ApiError> {
    let settings = crate::settings::load_settings(tx).await?;
    Ok(TenantLint {
        state: settings.license_state,
    })
}

/// An item as a save answers it: with what the lint finds in its draft.
pub(crate) async fn saved(tx: &mut TenantTx, item: KbItem) -> Result<KbSaved, ApiError> {
    let lint = lint_context(tx).await?;
    let findings = item.draft.lint(&lint.context());
    Ok(KbSaved { item, findings })
}

/// The item `id` as a save answers it.
pub(crate) async fn saved_item(
    auth: &mut Authenticated,
    id: KbItemId,
) -> Result<KbSaved, ApiError> {
    let item = get(auth, id).await?;
    saved(&mut auth.tx, item).await
}

/// Stores a new item with `draft` as its draft. The caller validated the draft (or, for
/// "answer this", deliberately stores the unanswered question for the owner to fill in).
pub(crate) async fn insert_item(
    tx: &mut TenantTx,
    id: KbItemId,
    draft: &KbDraft,
    by: UserId,
) -> Result<(), ApiError> {
    let version = tx.next_version().await?;
    sqlx::query(
        "insert into kb_items (tenant_id, id, kind, draft, updated_by, version)
         values ($1, $2, $3, $4, $5, $6)",
    )
    .bind(tx.tenant_id().as_uuid())
    .bind(id.as_uuid())
    .bind(kind_name(draft.content.kind()))
    .bind(Json(draft))
    .bind(by.as_uuid())
    .bind(version)
    .execute(tx.conn())
    .await?;
    Ok(())
}

fn kind_name(kind: KbItemKind) -> &'static str {
    match kind {
        KbItemKind::Document => "document",
        KbItemKind::Qa => "qa",
        KbItemKind::WebPage => "web_page",
    }
}

/// Adds an item written in the app (a Markdown document or a Q&A pair).
pub async fn create(
    auth: &mut Authenticated,
    id: KbItemId,
    draft: KbDraft,
) -> Result<KbSaved, ApiError> {
    auth.require(Permission::WriteKnowledgeBase)?;
    draft.validate()?;
    if draft.content.kind() == KbItemKind::WebPage {
        return Err(ApiError::validation(
            "kb_invalid_kind",
            "Web pages are imported from their URL, not written by hand.",
        ));
    }
    insert_item(&mut auth.tx, id, &draft, auth.user.id).await?;
    let kind = kind_name(draft.content.kind());
    auth.audit(
        "kb.item_added",
        Some(id.to_string()),
        json!({ "kind": kind }),
    )
    .await?;
    let item = item(&mut auth.tx, id).await?;
    saved(&mut auth.tx, item).await
}

/// Replaces an item's draft (the published version, if any, is untouched until the
/// next publish). The kind of an item never changes.
pub async fn save_draft(
    auth: &mut Authenticated,
    id: KbItemId,
    draft: KbDraft,
) -> Result<KbSaved, ApiError> {
    auth.require(Permission::WriteKnowledgeBase)?;
    draft.validate()?;
    store_draft(auth, id, &draft, "kb.draft_saved").await?;
    let item = item(&mut auth.tx, id).await?;
    saved(&mut auth.tx, item).await
}

/// Writes `draft` over the item's draft and audits it as `action`.
pub(crate) async fn store_draft(
    auth: &mut Authenticated,
    id: KbItemId,
    draft: &KbDraft,
    action: &str,
) -> Result<(), ApiError> {
    let current = item(&mut auth.tx, id).await?;
    if current.draft.content.kind() != draft.content.kind() {
        return Err(ApiError::validation(
            "kb_kind_changed",
            "An item keeps its kind: make a new item for a different kind of content.",
        ));
    }
    let version = auth.tx.next_version().await?;
    sqlx::query(
        "update kb_items set draft = $3, updated_by = $4, updated_at = now(), version = $5
          where tenant_id = $1 and id = $2",
    )
    .bind(auth.tx.tenant_id().as_uuid())
    .bind(id.as_uuid())
    .bind(Json(draft))
    .bind(auth.user.id.as_uuid())
    .bind(version)
    .execute(auth.tx.conn())
    .await?;
    auth.audit(action, Some(id.to_string()), json!({})).await
}

/// Deletes an item with its versions, chunks and files. Each leaves a tombstone, so every
/// device's cache drops it and the chatbot stops finding it at once.
pub async fn delete(auth: &mut Authenticated, id: KbItemId) -> Result<(), ApiError> {
    auth.require(Permission::WriteKnowledgeBase)?;
    item(&mut auth.tx, id).await?;
    let version = auth.tx.next_version().await?;
    let tenant = auth.tx.tenant_id().as_uuid();
    sqlx::query("update kb_items set live_version = null where tenant_id = $1 and id = $2")
        .bind(tenant)
        .bind(id.as_uuid())
        .execute(auth.tx.conn())
        .await?;
    publish::drop_chunks(&mut auth.tx, id, version).await?;
    let versions: Vec<Uuid> = sqlx::query_scalar(
        "delete from kb_versions where tenant_id = $1 and item_id = $2 returning id",
    )
    .bind(tenant)
    .bind(id.as_uuid())
    .fetch_all(auth.tx.conn())
    .await?;
    for version_id in versions {
        auth.tx
            .record_tombstone(VERSION_ENTITY, version_id, version)
            .await?;
    }
    sqlx::query("delete from kb_files where tenant_id = $1 and item_id = $2")
        .bind(tenant)
        .bind(id.as_uuid())
        .execute(auth.tx.conn())
        .await?;
    sqlx::query("delete from kb_items where tenant_id = $1 and id = $2")
        .bind(tenant)
        .bind(id.as_uuid())
        .execute(auth.tx.conn())
        .await?;
    auth.tx
        .record_tombstone(ITEM_ENTITY, id.as_uuid(), version)
        .await?;
    auth.audit("kb.item_deleted", Some(id.to_string()), json!({}))
        .await
}

/// Bytes of original files the tenant keeps, for the plan's storage quota and usage.
pub async fn storage_bytes(tx: &mut TenantTx) -> Result<u64, ApiError> {
    let used: i64 = sqlx::query_scalar(
        "select coalesce(sum(size_bytes), 0)::bigint from kb_files where tenant_id = $1",
    )
    .bind(tx.tenant_id().as_uuid())
    .fetch_one(tx.conn())
    .await?;
    Ok(u64::try_from(used).unwrap_or_default())
}
