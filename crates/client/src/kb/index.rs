//! The test console's index over the cache (migration `kb_index`): a row per chunk the
//! console can find, written here in the transaction that writes the record it comes
//! from, so the index is never out of step with the cache. Published chunks come as
//! synced (`kb_chunk` records); an item's draft is chunked here by core's rule, the one
//! the server publishes with, for the console's "with current drafts" side.

use brokerdesk_core::kb::api::KbChunkRecord;
use brokerdesk_core::kb::chunk::{Chunk, ChunkConfig};
use brokerdesk_core::kb::item::{KbContent, KbItem};
use brokerdesk_core::sync::SyncEntity;
use sqlx::SqliteConnection;

use crate::sync::error::{StoreError, corrupt};
use crate::sync::hook::{HookFuture, PageHook};

const STATE_KEY: &str = "kb_index";

/// One row of `kb_chunk_index`.
struct IndexRow {
    id: String,
    side: &'static str,
    item_id: String,
    version_id: Option<String>,
    ordinal: u32,
    item_title: String,
    title: String,
    headings: String,
    heading_path: String,
    body: String,
    tags: String,
    collection: Option<String>,
    match_text: String,
}

impl IndexRow {
    /// What the server's `kb_chunks` row holds for this chunk: the title with a Q&A
    /// pair's questions, the headings, the text, and the trigram text made of them.
    fn of(
        id: String,
        side: &'static str,
        (item_id, version_id): (String, Option<String>),
        title: &str,
        (tags, collection): (&[String], &Option<String>),
        chunk: &Chunk,
    ) -> Self {
        let questions = chunk.questions.join("\n");
        let headings = chunk.heading_path.join(" / ");
        IndexRow {
            id,
            side,
            item_id,
            version_id,
            ordinal: chunk.ordinal,
            item_title: title.to_owned(),
            title: format!("{title} {questions}"),
            match_text: format!("{title} {questions} {headings}").to_lowercase(),
            headings,
            heading_path: serde_json::to_string(&chunk.heading_path).expect("strings serialise"),
            body: chunk.text.clone(),
            tags: tags_key(tags),
            collection: collection.clone(),
        }
    }
}

/// `|tag one|tag two|`: a tag filter is then one `like '%|tag|%'`.
pub(crate) fn tags_key(tags: &[String]) -> String {
    if tags.is_empty() {
        return String::new();
    }
    format!("|{}|", tags.join("|"))
}

fn published_rows(data: &str) -> Result<Vec<IndexRow>, StoreError> {
    let record: KbChunkRecord = serde_json::from_str(data).map_err(corrupt)?;
    Ok(vec![IndexRow::of(
        format!("p:{}", record.id),
        "published",
        (
            record.item_id.to_string(),
            Some(record.version_id.to_string()),
        ),
        &record.title,
        (&record.tags, &record.collection),
        &record.chunk,
    )])
}

fn draft_rows(data: &str) -> Result<Vec<IndexRow>, StoreError> {
    let item: KbItem = serde_json::from_str(data).map_err(corrupt)?;
    let draft = &item.draft;
    let chunks = match &draft.content {
        // A Q&A pair not yet answered has nothing for the chatbot to say.
        KbContent::Qa { answer, .. } if answer.trim().is_empty() => Vec::new(),
        content => content.chunks(ChunkConfig::STANDARD),
    };
    Ok(chunks
        .iter()
        .map(|chunk| {
            IndexRow::of(
                format!("d:{}:{}", item.id, chunk.ordinal),
                "draft",
                (item.id.to_string(), None),
                &draft.title,
                (&draft.tags, &draft.collection),
                chunk,
            )
        })
        .collect())
}

/// Replaces the rows `records` yield for each record: a record's rows are all removed
/// first, so a shorter draft leaves none of its old chunks behind.
async fn replace(
    conn: &mut SqliteConnection,
    entity: SyncEntity,
    records: &[(&str, &str)],
) -> Result<(), StoreError> {
    for (id, data) in records {
        remove(conn, entity, id).await?;
        let rows = match entity {
            SyncEntity::KbChunk => published_rows(data)?,
            _ => draft_rows(data)?,
        };
        for row in rows {
            insert(conn, &row).await?;
        }
    }
    Ok(())
}

async fn remove(
    conn: &mut SqliteConnection,
    entity: SyncEntity,
    id: &str,
) -> Result<(), StoreError> {
    match entity {
        SyncEntity::KbChunk => {
            sqlx::query("delete from kb_chunk_index where id = ?")
                .bind(format!("p:{id}"))
                .execute(&mut *conn)
                .await?;
        }
        _ => {
            sqlx::query("delete from kb_chunk_index where item_id = ? and side = 'draft'")
                .bind(id)
                .execute(&mut *conn)
                .await?;
        }
    }
    Ok(())
}

async fn insert(conn: &mut SqliteConnection, row: &IndexRow) -> Result<(), StoreError> {
    sqlx::query(
        "insert into kb_chunk_index (id, side, item_id, version_id, ordinal, item_title, title,
                                     headings, heading_path, body, tags, collection, match_text)
         values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(&row.id)
    .bind(row.side)
    .bind(&row.item_id)
    .bind(&row.version_id)
    .bind(row.ordinal)
    .bind(&row.item_title)
    .bind(&row.title)
    .bind(&row.headings)
    .bind(&row.heading_path)
    .bind(&row.body)
    .bind(&row.tags)
    .bind(&row.collection)
    .bind(&row.match_text)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Indexes the record `id` of `entity` as `records` holds it now, or drops its rows
/// when it is gone.
async fn reindex(
    conn: &mut SqliteConnection,
    entity: SyncEntity,
    id: &str,
) -> Result<(), StoreError> {
    let data: Option<String> =
        sqlx::query_scalar("select data from records where entity = ? and id = ? and deleted = 0")
            .bind(entity.as_str())
            .bind(id)
            .fetch_optional(&mut *conn)
            .await?;
    match data {
        Some(data) => replace(conn, entity, &[(id, &data)]).await,
        None => remove(conn, entity, id).await,
    }
}

/// A cache whose knowledge-base records predate the index (see the migration) gets its
/// rows once, from the records.
async fn build_if_needed(conn: &mut SqliteConnection) -> Result<(), StoreError> {
    let building: Option<String> = sqlx::query_scalar("select value from cache_meta where key = ?")
        .bind(STATE_KEY)
        .fetch_optional(&mut *conn)
        .await?;
    if building.is_none() {
        return Ok(());
    }
    sqlx::query("delete from kb_chunk_index")
        .execute(&mut *conn)
        .await?;
    for entity in [SyncEntity::KbChunk, SyncEntity::KbItem] {
        let records: Vec<(String, String)> =
            sqlx::query_as("select id, data from records where entity = ? and deleted = 0")
                .bind(entity.as_str())
                .fetch_all(&mut *conn)
                .await?;
        let borrowed: Vec<(&str, &str)> = records
            .iter()
            .map(|(id, data)| (id.as_str(), data.as_str()))
            .collect();
        replace(conn, entity, &borrowed).await?;
    }
    sqlx::query("delete from cache_meta where key = ?")
        .bind(STATE_KEY)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// The hooks the composition root (`crate::domains`) lists: one per synced entity the
/// index reads.
pub(crate) static KB_CHUNK_INDEX: KbIndexHook = KbIndexHook(SyncEntity::KbChunk);
pub(crate) static KB_DRAFT_INDEX: KbIndexHook = KbIndexHook(SyncEntity::KbItem);

pub(crate) struct KbIndexHook(SyncEntity);

impl PageHook for KbIndexHook {
    fn entity(&self) -> SyncEntity {
        self.0
    }

    fn page_applied<'a>(
        &'a self,
        conn: &'a mut SqliteConnection,
        upserted: &'a [(&'a str, &'a str)],
    ) -> HookFuture<'a> {
        Box::pin(replace(conn, self.0, upserted))
    }

    fn record_changed<'a>(&'a self, conn: &'a mut SqliteConnection, id: &'a str) -> HookFuture<'a> {
        Box::pin(reindex(conn, self.0, id))
    }

    /// Only one of the two hooks builds, so the rows are made once.
    fn cache_opened<'a>(&'a self, conn: &'a mut SqliteConnection) -> HookFuture<'a> {
        Box::pin(async move {
            if self.0 == SyncEntity::KbChunk {
                build_if_needed(conn).await?;
            }
            Ok(())
        })
    }
}
