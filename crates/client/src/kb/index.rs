//! The test console's index over the cache (migrations `kb_index`, `kb_vocabulary`): a
//! row per chunk the console can find, with the words of its match text, written here in
//! the transaction that writes the record it comes from, so the index is never out of
//! step with the cache. Published chunks come as synced (`kb_chunk` records); an item's
//! draft is chunked here by core's rule, the one the server publishes with, for the
//! console's "with current drafts" side.

use brokerdesk_core::kb::api::KbChunkRecord;
use brokerdesk_core::kb::chunk::{Chunk, ChunkConfig};
use brokerdesk_core::kb::item::{KbContent, KbItem};
use brokerdesk_core::sync::SyncEntity;
use sqlx::SqliteConnection;

use crate::sync::error::{StoreError, corrupt};
use crate::sync::hook::{HookFuture, PAGE_HOOKS, PageHook};
use linkme::distributed_slice;

const STATE_KEY: &str = "kb_index";
/// How many rows the index took since its full-text indexes were last merged.
const UNMERGED_KEY: &str = "kb_index_unmerged";
/// A pull that leaves at least this many rows unmerged merges the full-text indexes at
/// its end. Each pulled page's transaction adds a segment to each of them, and a search
/// reads every segment's part of each word it asks for. After a first sync of 20,000
/// chunks one merge took about half a second and the console's p50 from 135 to 90 ms
/// (measured before the vocabulary of migration `kb_vocabulary`).
const MERGE_AFTER_ROWS: i64 = 1_000;

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

/// Writes a row, with a positive rowid for a published chunk and a negative one for a
/// draft's: the console's full-text searches keep to one side by rowid (console.rs)
/// without reading the rows.
async fn insert(conn: &mut SqliteConnection, row: &IndexRow) -> Result<(), StoreError> {
    sqlx::query(
        "insert into kb_chunk_index (rowid, id, side, item_id, version_id, ordinal, item_title,
                                     title, headings, heading_path, body, tags, collection,
                                     match_text)
         values (case ?2
                   when 'published' then max(coalesce((select max(rowid) from kb_chunk_index), 0), 0) + 1
                   else min(coalesce((select min(rowid) from kb_chunk_index), 0), 0) - 1
                 end,
                 ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
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
    add_words(conn, &row.match_text).await
}

/// Adds the words of a match text to the console's vocabulary (migration
/// `kb_vocabulary`), split as pg_trgm splits them: runs of letters and digits.
async fn add_words(conn: &mut SqliteConnection, match_text: &str) -> Result<(), StoreError> {
    let words: Vec<&str> = match_text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .collect();
    sqlx::query(
        "insert into kb_vocabulary (word) select value from json_each(?) where true
             on conflict do nothing",
    )
    .bind(serde_json::to_string(&words).expect("strings serialise"))
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

/// Counts a page's records towards the next merge (`merge_if_due`).
async fn count_unmerged(conn: &mut SqliteConnection, records: usize) -> Result<(), StoreError> {
    sqlx::query(
        "insert into cache_meta (key, value) values (?1, ?2)
             on conflict (key) do update set value = cast(value as integer) + ?2",
    )
    .bind(UNMERGED_KEY)
    .bind(i64::try_from(records).unwrap_or(i64::MAX))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Merges each full-text index of the console into one segment when enough rows came
/// since the last merge (`MERGE_AFTER_ROWS`).
async fn merge_if_due(conn: &mut SqliteConnection) -> Result<(), StoreError> {
    let unmerged: Option<i64> =
        sqlx::query_scalar("select cast(value as integer) from cache_meta where key = ?")
            .bind(UNMERGED_KEY)
            .fetch_optional(&mut *conn)
            .await?;
    if unmerged.unwrap_or(0) < MERGE_AFTER_ROWS {
        return Ok(());
    }
    for table in ["kb_words", "kb_match_words", "kb_vocabulary_trigrams"] {
        sqlx::query(&format!(
            "insert into {table} ({table}) values ('optimize')"
        ))
        .execute(&mut *conn)
        .await?;
    }
    sqlx::query("delete from cache_meta where key = ?")
        .bind(UNMERGED_KEY)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// The hooks registered with the record store: one per synced entity the
/// index reads.
#[distributed_slice(PAGE_HOOKS)]
static KB_CHUNK_INDEX: &dyn PageHook = &KbIndexHook(SyncEntity::KbChunk);
#[distributed_slice(PAGE_HOOKS)]
static KB_DRAFT_INDEX: &dyn PageHook = &KbIndexHook(SyncEntity::KbItem);

pub(crate) struct KbIndexHook(SyncEntity);

impl PageHook for KbIndexHook {
    fn entity(&self) -> SyncEntity {
        self.0
    }

    fn records_written<'a>(
        &'a self,
        conn: &'a mut SqliteConnection,
        upserted: &'a [(&'a str, &'a str)],
    ) -> HookFuture<'a> {
        Box::pin(async move {
            replace(conn, self.0, upserted).await?;
            count_unmerged(conn, upserted.len()).await
        })
    }

    fn record_changed<'a>(&'a self, conn: &'a mut SqliteConnection, id: &'a str) -> HookFuture<'a> {
        Box::pin(reindex(conn, self.0, id))
    }

    /// Every hook hears of the pull's end: only one of the two merges.
    fn pull_ended<'a>(&'a self, conn: &'a mut SqliteConnection) -> HookFuture<'a> {
        Box::pin(async move {
            if self.0 == SyncEntity::KbChunk {
                merge_if_due(conn).await?;
            }
            Ok(())
        })
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
