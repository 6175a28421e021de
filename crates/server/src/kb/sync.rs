//! The knowledge base as synced entities, for the desktop's Knowledge base page and its
//! offline test console: items (with their drafts), published versions and the live
//! chunks, read by everyone who may read the knowledge base. They are read-only in sync:
//! edits and publishing go through the REST routes, which lint and audit them. Deletes
//! and replaced chunks reach the caches as tombstones (see `kb::delete`).

use async_trait::async_trait;
use brokerdesk_core::ids::{KbItemId, KbVersionId};
use brokerdesk_core::kb::api::KbChunkRecord;
use brokerdesk_core::kb::chunk::Chunk;
use brokerdesk_core::permission::Permission;
use brokerdesk_core::sync::SyncEntity;
use uuid::Uuid;

use crate::auth::Authenticated;
use crate::error::ApiError;
use crate::kb;
use crate::sync::source::{Loaded, Reader, RowId, SyncSource, Table, by_uuid};

pub struct KbItemSource;
pub struct KbVersionSource;
pub struct KbChunkSource;

fn readable(reader: &Reader<'_>) -> bool {
    reader.may(Permission::ReadKnowledgeBase)
}

#[async_trait]
impl SyncSource for KbItemSource {
    fn entity(&self) -> SyncEntity {
        SyncEntity::KbItem
    }

    fn table(&self) -> Table {
        Table::by_id("kb_items")
    }

    fn readable(&self, reader: &Reader<'_>) -> bool {
        readable(reader)
    }

    async fn load(
        &self,
        auth: &mut Authenticated,
        rows: &[RowId],
    ) -> Result<Vec<Loaded>, ApiError> {
        let items = kb::items(&mut auth.tx, Some(&RowId::uuids(rows))).await?;
        by_uuid(items, |item| item.id.as_uuid())
    }
}

#[async_trait]
impl SyncSource for KbVersionSource {
    fn entity(&self) -> SyncEntity {
        SyncEntity::KbVersion
    }

    fn table(&self) -> Table {
        Table::by_id("kb_versions")
    }

    fn readable(&self, reader: &Reader<'_>) -> bool {
        readable(reader)
    }

    async fn load(
        &self,
        auth: &mut Authenticated,
        rows: &[RowId],
    ) -> Result<Vec<Loaded>, ApiError> {
        let ids = RowId::uuids(rows);
        let versions = kb::publish::versions(&mut auth.tx, None, Some(&ids)).await?;
        by_uuid(versions, |version| version.meta.id.as_uuid())
    }
}

type ChunkRow = (
    Uuid,
    Uuid,
    Uuid,
    i32,
    String,
    Vec<String>,
    String,
    String,
    i32,
    i32,
    i32,
    Vec<String>,
    Option<String>,
);

#[async_trait]
impl SyncSource for KbChunkSource {
    fn entity(&self) -> SyncEntity {
        SyncEntity::KbChunk
    }

    fn table(&self) -> Table {
        Table::by_id("kb_chunks")
    }

    fn readable(&self, reader: &Reader<'_>) -> bool {
        readable(reader)
    }

    async fn load(
        &self,
        auth: &mut Authenticated,
        rows: &[RowId],
    ) -> Result<Vec<Loaded>, ApiError> {
        let rows: Vec<ChunkRow> = sqlx::query_as(
            "select id, item_id, version_id, ordinal, title, heading_path, questions, body,
                    start_char, content_start, end_char, tags, collection
               from kb_chunks where tenant_id = $1 and id = any($2)",
        )
        .bind(auth.tx.tenant_id().as_uuid())
        .bind(RowId::uuids(rows))
        .fetch_all(auth.tx.conn())
        .await?;
        let records = rows.into_iter().map(
            |(
                id,
                item,
                version,
                ordinal,
                title,
                heading_path,
                questions,
                body,
                start,
                content,
                end,
                tags,
                collection,
            )| {
                let offset = |n: i32| u32::try_from(n).unwrap_or_default();
                KbChunkRecord {
                    id,
                    item_id: KbItemId::from_uuid(item),
                    version_id: KbVersionId::from_uuid(version),
                    title,
                    tags,
                    collection,
                    chunk: Chunk {
                        ordinal: offset(ordinal),
                        heading_path,
                        start: offset(start),
                        content_start: offset(content),
                        end: offset(end),
                        text: body,
                        questions: questions.lines().map(str::to_owned).collect(),
                    },
                }
            },
        );
        by_uuid(records, |record| record.id)
    }
}
