//! The lead list's index over the cache: a row per cached lead in `lead_index` with what
//! the list filters, sorts and searches on (computed here, from the lead's JSON, in the
//! transaction that writes the lead), the sorted indexes over it, and a trigram
//! full-text index of its search text and phones.
//!
//! Every cached lead has its row. The rest of the index is either complete, or being
//! built. A pull that brings a whole tenant
//! (the first, or one with a great many changes) switches it to being built: the sorted
//! indexes and the full-text triggers are dropped, pages only append rows, and once the
//! pull reaches its end the sorted indexes are made and the full-text index is filled in
//! one pass each. That costs far less than keeping every index in step row by row. The
//! switch, the pages and the completion are each one transaction, so the cache is
//! consistent at every commit; while the index is being built the list is still right,
//! only slower (it scans instead of using the missing indexes).

use brokerdesk_core::leads::search_text;
use chrono::{DateTime, Utc};
use serde::Deserialize;
use sqlx::SqliteConnection;
use std::borrow::Cow;

use crate::sync::error::{StoreError, corrupt};

const STATE_KEY: &str = "lead_index";
/// The state's value while the index is being built; none when it is complete.
const BUILDING: &str = "building";
/// Columns of `lead_index`, in the order of [`IndexRow`]'s bindings.
const COLUMNS: &str = "id, hidden, stage, agent, source, tags, name_key, created_key, \
     updated_key, search, phones, activity_key";
/// Rows per multi-row insert: 12 bindings each, far below SQLite's limit.
const INSERT_CHUNK: usize = 80;
/// Separates a lead's phone numbers, so the digits of a search never span two of them.
const PHONE_SEPARATOR: char = '\u{1f}';

/// What exists only while the index is complete: `(name, definition)`.
///
/// Each sort order's index also carries the columns the list filters on with equality
/// or a date range, so walking it in order tests those without reading the table: only
/// the leads that pass them are read (for the search text or a tag), and with selective
/// filters that is a small share of the walk. Reading the table in index order is random
/// access into an encrypted file, which is what a walk costs most.
const COMPLETE_ONLY: [(&str, &str); 5] = [
    (
        "lead_index_updated",
        "CREATE INDEX lead_index_updated ON lead_index
             (updated_key DESC, id DESC, hidden, stage, agent, source, created_key, activity_key)",
    ),
    (
        "lead_index_created",
        "CREATE INDEX lead_index_created ON lead_index
             (created_key, id, hidden, stage, agent, source, updated_key, activity_key)",
    ),
    (
        "lead_index_name",
        "CREATE INDEX lead_index_name ON lead_index
             (name_key, id, hidden, stage, agent, source, created_key, updated_key, activity_key)",
    ),
    (
        "lead_index_fts_insert",
        "CREATE TRIGGER lead_index_fts_insert AFTER INSERT ON lead_index BEGIN
             INSERT INTO lead_fts (rowid, search, phones) VALUES (new.rowid, new.search, new.phones);
         END",
    ),
    (
        "lead_index_fts_delete",
        "CREATE TRIGGER lead_index_fts_delete AFTER DELETE ON lead_index BEGIN
             INSERT INTO lead_fts (lead_fts, rowid, search, phones)
             VALUES ('delete', old.rowid, old.search, old.phones);
         END",
    ),
];

/// The fields of a lead's JSON the index reads.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct IndexedFields<'a> {
    #[serde(borrow)]
    name: Cow<'a, str>,
    #[serde(default, borrow)]
    emails: Vec<Cow<'a, str>>,
    #[serde(default, borrow)]
    phones: Vec<Cow<'a, str>>,
    #[serde(borrow)]
    source: Option<Cow<'a, str>>,
    #[serde(borrow)]
    stage: Option<Cow<'a, str>>,
    #[serde(borrow)]
    assigned_agent: Option<Cow<'a, str>>,
    #[serde(default, borrow)]
    tags: Vec<Cow<'a, str>>,
    #[serde(default, borrow)]
    notes: Cow<'a, str>,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
    last_activity_at: Option<DateTime<Utc>>,
}

/// One lead's row of `lead_index`.
pub(crate) struct IndexRow {
    id: String,
    hidden: bool,
    stage: Option<String>,
    agent: Option<String>,
    source: Option<String>,
    /// `|tag one|tag two|`, ASCII lower-cased: tags match as core's rule compares them.
    tags: String,
    name_key: String,
    created_key: String,
    updated_key: String,
    /// Core's `Lead::search_text`, which the server's search index holds too, so a
    /// search means the same offline (a needle spanning two fields included).
    search: String,
    phones: String,
    activity_key: Option<String>,
}

impl IndexRow {
    /// The row of lead `id`, whose record is `data`; `hidden` for a pending deletion.
    pub(crate) fn of(id: &str, data: &str, hidden: bool) -> Result<Self, StoreError> {
        let lead: IndexedFields = serde_json::from_str(data).map_err(corrupt)?;
        let tags: Vec<String> = lead.tags.iter().map(|t| t.to_ascii_lowercase()).collect();
        Ok(Self {
            id: id.to_owned(),
            hidden,
            stage: lead.stage.map(Cow::into_owned),
            agent: lead.assigned_agent.map(Cow::into_owned),
            source: lead.source.map(Cow::into_owned),
            tags: format!("|{}|", tags.join("|")),
            name_key: lead.name.to_lowercase(),
            created_key: index_time(lead.created_at),
            updated_key: index_time(lead.updated_at),
            search: search_text(&lead.name, &lead.emails, &lead.tags, &lead.notes),
            phones: lead.phones.join(&PHONE_SEPARATOR.to_string()),
            activity_key: lead.last_activity_at.map(index_time),
        })
    }
}

/// A time as the lead index keeps it (see the cache migration): UTC, milliseconds.
pub(crate) fn index_time(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

/// Whether the sorted and full-text indexes are there.
pub(crate) async fn is_complete(conn: &mut SqliteConnection) -> Result<bool, StoreError> {
    let state: Option<String> = sqlx::query_scalar("select value from cache_meta where key = ?")
        .bind(STATE_KEY)
        .fetch_optional(conn)
        .await?;
    Ok(state.as_deref() != Some(BUILDING))
}

/// Replaces the index rows of these leads, in the caller's transaction.
pub(crate) async fn put(conn: &mut SqliteConnection, rows: &[IndexRow]) -> Result<(), StoreError> {
    for chunk in rows.chunks(INSERT_CHUNK) {
        let marks = vec!["?"; chunk.len()].join(", ");
        let delete_sql = format!("delete from lead_index where id in ({marks})");
        let mut delete = sqlx::query(&delete_sql);
        for row in chunk {
            delete = delete.bind(&row.id);
        }
        delete.execute(&mut *conn).await?;
        let values = vec!["(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"; chunk.len()].join(", ");
        let insert_sql = format!("insert into lead_index ({COLUMNS}) values {values}");
        let mut insert = sqlx::query(&insert_sql);
        for row in chunk {
            insert = insert
                .bind(&row.id)
                .bind(row.hidden)
                .bind(&row.stage)
                .bind(&row.agent)
                .bind(&row.source)
                .bind(&row.tags)
                .bind(&row.name_key)
                .bind(&row.created_key)
                .bind(&row.updated_key)
                .bind(&row.search)
                .bind(&row.phones)
                .bind(&row.activity_key);
        }
        insert.execute(&mut *conn).await?;
    }
    Ok(())
}

/// Re-reads a lead's record and replaces its index row (a lead no longer cached has
/// none), after a write of the record other than a pulled page's.
pub(crate) async fn reindex(conn: &mut SqliteConnection, id: &str) -> Result<(), StoreError> {
    let record: Option<(String, bool)> =
        sqlx::query_as("select data, deleted from records where entity = 'lead' and id = ?")
            .bind(id)
            .fetch_optional(&mut *conn)
            .await?;
    match record {
        Some((data, hidden)) => put(conn, &[IndexRow::of(id, &data, hidden)?]).await,
        None => {
            sqlx::query("delete from lead_index where id = ?")
                .bind(id)
                .execute(conn)
                .await?;
            Ok(())
        }
    }
}

/// Switches the index to being built, in the transaction of the page that starts a
/// bulk pull.
pub(crate) async fn begin_build(conn: &mut SqliteConnection) -> Result<(), StoreError> {
    drop_complete_only(conn).await?;
    sqlx::query(
        "insert into cache_meta (key, value) values (?, ?)
         on conflict (key) do update set value = excluded.value",
    )
    .bind(STATE_KEY)
    .bind(BUILDING)
    .execute(conn)
    .await?;
    Ok(())
}

async fn drop_complete_only(conn: &mut SqliteConnection) -> Result<(), StoreError> {
    for (name, definition) in COMPLETE_ONLY {
        let kind = if definition.starts_with("CREATE INDEX") {
            "index"
        } else {
            "trigger"
        };
        sqlx::query(&format!("drop {kind} if exists {name}"))
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// Writes the index rows of cached leads that have none. Every write of a lead writes
/// its row too, so only an upgrade leaves leads without one: the migration that changes
/// the index cannot compute rows (the app does), and leaves the index being built. Run
/// when a cache is opened in that state, so the list is right from the start.
pub(crate) async fn fill_missing(conn: &mut SqliteConnection) -> Result<(), StoreError> {
    let missing: Vec<(String, String, bool)> = sqlx::query_as(
        "select r.id, r.data, r.deleted from records r
          where r.entity = 'lead' and not exists (select 1 from lead_index i where i.id = r.id)",
    )
    .fetch_all(&mut *conn)
    .await?;
    let rows = missing
        .iter()
        .map(|(id, data, hidden)| IndexRow::of(id, data, *hidden))
        .collect::<Result<Vec<_>, _>>()?;
    put(conn, &rows).await
}

/// Completes an index being built, in the caller's transaction: the sorted indexes and
/// the full-text index, each in one pass.
pub(crate) async fn complete(conn: &mut SqliteConnection) -> Result<(), StoreError> {
    fill_missing(conn).await?;
    // Whatever an older build left, the definitions are this build's.
    drop_complete_only(conn).await?;
    for (_, definition) in COMPLETE_ONLY {
        sqlx::query(definition).execute(&mut *conn).await?;
    }
    sqlx::query("insert into lead_fts (lead_fts) values ('rebuild')")
        .execute(&mut *conn)
        .await?;
    sqlx::query("delete from cache_meta where key = ?")
        .bind(STATE_KEY)
        .execute(conn)
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_row_holds_what_the_list_compares_folded_as_core_folds_it() {
        let data = r#"{"id":"x","name":"Émile ZOLA","emails":["emile@example.test"],
            "phones":["+14155550100","+14155550199"],"source":"chatbot","stage":"new",
            "assignedAgent":null,"tags":["Waterfront","ÉTÉ"],"notes":"Wants a POOL",
            "createdAt":"2026-11-01T09:00:00.123987Z","updatedAt":"2026-11-02T10:30:00Z",
            "lastActivityAt":"2026-11-03T08:15:00.5Z"}"#;
        let row = IndexRow::of("x", data, true).unwrap();
        let sep = PHONE_SEPARATOR;
        assert_eq!(
            row.search,
            "émile zola emile@example.test waterfront été wants a pool"
        );
        assert_eq!(row.phones, format!("+14155550100{sep}+14155550199"));
        // Tags compare ASCII-case-insensitively, as core's rule does.
        assert_eq!(row.tags, "|waterfront|ÉtÉ|");
        assert_eq!(row.name_key, "émile zola");
        // Milliseconds, cut (not rounded), so whole-millisecond bounds compare exactly.
        assert_eq!(row.created_key, "2026-11-01T09:00:00.123Z");
        assert_eq!(row.updated_key, "2026-11-02T10:30:00.000Z");
        assert_eq!(
            row.activity_key.as_deref(),
            Some("2026-11-03T08:15:00.500Z")
        );
        assert!(row.hidden);
        assert_eq!(
            (row.stage.as_deref(), row.agent, row.source.as_deref()),
            (Some("new"), None, Some("chatbot"))
        );
        assert!(IndexRow::of("x", "{\"name\": 1}", false).is_err());
    }
}
