//! Publishing and what follows from it: a draft becomes an immutable version (who, when,
//! a note) once core's lint allows it, and the item's chunks become that version's; an
//! item can be unpublished; the history lists versions, diffs two of them, and restores
//! an old one as a new draft.

use brokerdesk_core::ids::{KbItemId, KbVersionId, UserId};
use brokerdesk_core::kb::api::{KbPublishRefused, KbSaved};
use brokerdesk_core::kb::chunk::ChunkConfig;
use brokerdesk_core::kb::diff::{VersionDiff, diff_drafts};
use brokerdesk_core::kb::item::{FieldFinding, KbDraft, KbVersion, KbVersionMeta, PublishRequest};
use brokerdesk_core::kb::lint::{PublishCheck, PublishRefusal, Severity};
use brokerdesk_core::kb::validate::KbInvalid;
use brokerdesk_core::permission::Permission;
use chrono::{DateTime, Utc};
use serde_json::{Value, json};
use sqlx::types::Json;
use uuid::Uuid;

use super::{CHUNK_ENTITY, lint_context};
use crate::auth::Authenticated;
use crate::db::TenantTx;
use crate::error::ApiError;

const MAX_NOTE: usize = 1_000;

/// Why a publish did not happen: an ordinary API error, or the lint's refusal with the
/// findings the publish dialog shows.
pub enum PublishFailure {
    Api(ApiError),
    Refused(KbPublishRefused),
}

impl From<ApiError> for PublishFailure {
    fn from(error: ApiError) -> Self {
        PublishFailure::Api(error)
    }
}

impl From<sqlx::Error> for PublishFailure {
    fn from(error: sqlx::Error) -> Self {
        PublishFailure::Api(error.into())
    }
}

impl From<KbInvalid> for PublishFailure {
    fn from(invalid: KbInvalid) -> Self {
        PublishFailure::Api(invalid.into())
    }
}

/// The findings of the severity a refusal is about, with the fields they are in.
fn refusal(refused: &PublishRefusal, findings: &[FieldFinding]) -> KbPublishRefused {
    let severity = match refused {
        PublishRefusal::Blocked(_) => Severity::Block,
        PublishRefusal::Unacknowledged(_) => Severity::Warn,
    };
    KbPublishRefused {
        code: refused.code().to_owned(),
        message: refused.to_string(),
        findings: findings
            .iter()
            .filter(|f| f.finding.severity == severity)
            .cloned()
            .collect(),
    }
}

/// What the audit trail keeps of acknowledged warnings: enough to show what was
/// published over which warning (the flagged words are the brokerage's own copy, not
/// personal data).
fn audited_findings(findings: &[FieldFinding]) -> Value {
    findings
        .iter()
        .filter(|f| f.finding.severity == Severity::Warn)
        .map(|f| {
            json!({
                "field": f.field, "text": f.finding.text, "class": f.finding.class,
                "reason": f.finding.reason, "source": f.finding.source,
            })
        })
        .collect()
}

/// Publishes the item's draft as its next version. Block findings refuse; warn findings
/// refuse unless acknowledged, and the acknowledged findings go to the audit trail.
pub async fn publish(
    auth: &mut Authenticated,
    id: KbItemId,
    request: PublishRequest,
) -> Result<KbVersionMeta, PublishFailure> {
    auth.require(Permission::PublishKnowledgeBase)?;
    let note = request.note.trim().to_owned();
    if note.chars().count() > MAX_NOTE || note.contains('\0') {
        return Err(ApiError::validation(
            "kb_invalid_note",
            format!("The note has at most {MAX_NOTE} characters."),
        )
        .into());
    }
    let item = super::get(auth, id).await?;
    item.draft.validate()?;
    let lint = lint_context(&mut auth.tx).await?;
    let findings = item.draft.lint(&lint.context());
    let check = PublishCheck::of(findings.iter().map(|f| &f.finding));
    if let Err(refused) = check.allows(request.acknowledge_warnings) {
        return Err(PublishFailure::Refused(refusal(&refused, &findings)));
    }
    let version = auth.tx.next_version().await?;
    let meta = insert_version(&mut auth.tx, id, &item.draft, auth.user.id, &note, version).await?;
    auth.audit(
        "kb.published",
        Some(id.to_string()),
        json!({
            "versionId": meta.id, "number": meta.number,
            "acknowledgedWarnings": audited_findings(&findings),
        }),
    )
    .await?;
    Ok(meta)
}

/// Stores `draft` as the item's next version and makes it live: the old live chunks go
/// (with tombstones) and the new version's chunks come in. For [`publish`] and the seed.
pub(crate) async fn insert_version(
    tx: &mut TenantTx,
    id: KbItemId,
    draft: &KbDraft,
    by: UserId,
    note: &str,
    version: i64,
) -> Result<KbVersionMeta, ApiError> {
    let tenant = tx.tenant_id().as_uuid();
    let version_id = KbVersionId::new();
    let (number, published_at): (i32, DateTime<Utc>) = sqlx::query_as(
        "insert into kb_versions (tenant_id, id, item_id, number, draft, published_by, note, version)
         values ($1, $2, $3,
                 (select coalesce(max(number), 0) + 1 from kb_versions where tenant_id = $1 and item_id = $3),
                 $4, $5, $6, $7)
         returning number, published_at",
    )
    .bind(tenant)
    .bind(version_id.as_uuid())
    .bind(id.as_uuid())
    .bind(Json(draft))
    .bind(by.as_uuid())
    .bind(note)
    .bind(version)
    .fetch_one(tx.conn())
    .await?;
    drop_chunks(tx, id, version).await?;
    insert_chunks(tx, id, version_id, draft, version).await?;
    sqlx::query(
        "update kb_items set live_version = $3, version = $4 where tenant_id = $1 and id = $2",
    )
    .bind(tenant)
    .bind(id.as_uuid())
    .bind(version_id.as_uuid())
    .bind(version)
    .execute(tx.conn())
    .await?;
    Ok(KbVersionMeta {
        id: version_id,
        item_id: id,
        number: u32::try_from(number).unwrap_or_default(),
        published_by: by,
        published_at,
        note: note.to_owned(),
    })
}

/// The chunks of `draft` (core's chunker, as the desktop chunks), stored in one
/// statement from a JSON list.
async fn insert_chunks(
    tx: &mut TenantTx,
    id: KbItemId,
    version_id: KbVersionId,
    draft: &KbDraft,
    version: i64,
) -> Result<(), ApiError> {
    let rows: Vec<Value> = draft
        .content
        .chunks(ChunkConfig::STANDARD)
        .into_iter()
        .map(|chunk| {
            json!({
                "id": Uuid::new_v4(), "ordinal": chunk.ordinal,
                "heading_path": chunk.heading_path, "headings": chunk.heading_path.join(" / "),
                "questions": chunk.questions.join("\n"), "body": chunk.text,
                "start_char": chunk.start, "content_start": chunk.content_start,
                "end_char": chunk.end,
            })
        })
        .collect();
    sqlx::query(
        "insert into kb_chunks (tenant_id, id, item_id, version_id, ordinal, title, heading_path,
                                headings, questions, body, start_char, content_start, end_char, tags,
                                collection, version)
         select $1, c.id, $2, $3, c.ordinal, $4,
                array(select jsonb_array_elements_text(c.heading_path)), c.headings,
                c.questions, c.body, c.start_char, c.content_start, c.end_char, $5, $6, $7
           from jsonb_to_recordset($8) as c(id uuid, ordinal int, heading_path jsonb,
                headings text, questions text, body text, start_char int, content_start int,
                end_char int)",
    )
    .bind(tx.tenant_id().as_uuid())
    .bind(id.as_uuid())
    .bind(version_id.as_uuid())
    .bind(&draft.title)
    .bind(&draft.tags)
    .bind(&draft.collection)
    .bind(version)
    .bind(Json(rows))
    .execute(tx.conn())
    .await?;
    Ok(())
}

/// Removes the item's live chunks, each with a tombstone.
pub(crate) async fn drop_chunks(
    tx: &mut TenantTx,
    id: KbItemId,
    version: i64,
) -> Result<(), ApiError> {
    let gone: Vec<Uuid> = sqlx::query_scalar(
        "delete from kb_chunks where tenant_id = $1 and item_id = $2 returning id",
    )
    .bind(tx.tenant_id().as_uuid())
    .bind(id.as_uuid())
    .fetch_all(tx.conn())
    .await?;
    for chunk in gone {
        tx.record_tombstone(CHUNK_ENTITY, chunk, version).await?;
    }
    Ok(())
}

/// Takes the item off the chatbot: no live version, no chunks. Its versions stay in
/// the history and its draft stays to publish again.
pub async fn unpublish(auth: &mut Authenticated, id: KbItemId) -> Result<(), ApiError> {
    auth.require(Permission::PublishKnowledgeBase)?;
    let item = super::get(auth, id).await?;
    if item.published.is_none() {
        return Err(ApiError::Conflict {
            code: "kb_not_published",
            message: "This item is not published.".into(),
        });
    }
    let version = auth.tx.next_version().await?;
    drop_chunks(&mut auth.tx, id, version).await?;
    sqlx::query(
        "update kb_items set live_version = null, version = $3 where tenant_id = $1 and id = $2",
    )
    .bind(auth.tx.tenant_id().as_uuid())
    .bind(id.as_uuid())
    .bind(version)
    .execute(auth.tx.conn())
    .await?;
    auth.audit("kb.unpublished", Some(id.to_string()), json!({}))
        .await
}

#[derive(sqlx::FromRow)]
struct VersionRow {
    id: Uuid,
    item_id: Uuid,
    number: i32,
    draft: Json<KbDraft>,
    published_by: Uuid,
    published_at: DateTime<Utc>,
    note: String,
}

impl From<VersionRow> for KbVersion {
    fn from(row: VersionRow) -> Self {
        KbVersion {
            meta: KbVersionMeta {
                id: KbVersionId::from_uuid(row.id),
                item_id: KbItemId::from_uuid(row.item_id),
                number: u32::try_from(row.number).unwrap_or_default(),
                published_by: UserId::from_uuid(row.published_by),
                published_at: row.published_at,
                note: row.note,
            },
            draft: row.draft.0,
        }
    }
}

/// Versions of the items `items` names, or with the ids `ids`; newest first.
pub(crate) async fn versions(
    tx: &mut TenantTx,
    items: Option<&[Uuid]>,
    ids: Option<&[Uuid]>,
) -> Result<Vec<KbVersion>, ApiError> {
    let rows: Vec<VersionRow> = sqlx::query_as(
        "select id, item_id, number, draft, published_by, published_at, note from kb_versions
          where tenant_id = $1 and ($2::uuid[] is null or item_id = any($2))
            and ($3::uuid[] is null or id = any($3))
          order by item_id, number desc",
    )
    .bind(tx.tenant_id().as_uuid())
    .bind(items)
    .bind(ids)
    .fetch_all(tx.conn())
    .await?;
    Ok(rows.into_iter().map(KbVersion::from).collect())
}

/// The item's published versions, newest first.
pub async fn history(
    auth: &mut Authenticated,
    id: KbItemId,
) -> Result<Vec<KbVersionMeta>, ApiError> {
    super::get(auth, id).await?;
    let all = versions(&mut auth.tx, Some(&[id.as_uuid()]), None).await?;
    Ok(all.into_iter().map(|v| v.meta).collect())
}

/// One version of the item, whole.
pub async fn version(
    auth: &mut Authenticated,
    id: KbItemId,
    version: KbVersionId,
) -> Result<KbVersion, ApiError> {
    super::get(auth, id).await?;
    versions(
        &mut auth.tx,
        Some(&[id.as_uuid()]),
        Some(&[version.as_uuid()]),
    )
    .await?
    .pop()
    .ok_or_else(|| ApiError::NotFound("No such version of this item.".into()))
}

/// The diff from version `from` to version `to`, or to the current draft when `to` is none.
pub async fn diff(
    auth: &mut Authenticated,
    id: KbItemId,
    from: KbVersionId,
    to: Option<KbVersionId>,
) -> Result<VersionDiff, ApiError> {
    let old = version(auth, id, from).await?.draft;
    let new = match to {
        Some(to) => version(auth, id, to).await?.draft,
        None => super::get(auth, id).await?.draft,
    };
    Ok(diff_drafts(&old, &new))
}

/// Makes an old version the item's draft again (published only when published anew).
pub async fn restore(
    auth: &mut Authenticated,
    id: KbItemId,
    from: KbVersionId,
) -> Result<KbSaved, ApiError> {
    auth.require(Permission::WriteKnowledgeBase)?;
    let old = version(auth, id, from).await?;
    super::store_draft(auth, id, &old.draft, "kb.version_restored").await?;
    super::saved_item(auth, id).await
}
