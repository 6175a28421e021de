//! Building a pull page: every registered source's rows after the cursor, merged in
//! cursor order, filtered by what the caller may read, and cut at a row and a byte budget.
//!
//! The page is bounded above by the tenant clock read at its start. Every version up to
//! that value has committed (writers take versions under the clock's row lock, in commit
//! order), so the separate per-table statements below cannot see a later commit in one
//! table and miss it in another, and the cursor never passes a row it did not send.

use brokerdesk_core::sync::pull::{Change, MAX_PAGE_BYTES, MAX_PAGE_ROWS, PullPage, PullQuery};
use uuid::Uuid;

use super::pull_data;
use super::source::{Keys, Reader, RowId, RowKey, SyncSources, Window, raw};
use crate::auth::Authenticated;
use crate::error::ApiError;

/// Bytes a change costs beyond its data, in the page budget (keys, id, version).
const CHANGE_OVERHEAD: usize = 96;
/// Keys whose data a page reads first, before it knows how large its rows are.
const FIRST_DATA_BATCH: usize = 500;

pub async fn page(
    auth: &mut Authenticated,
    sources: &SyncSources,
    query: &PullQuery,
) -> Result<PullPage, ApiError> {
    let limit = query.limit.unwrap_or(MAX_PAGE_ROWS).clamp(1, MAX_PAGE_ROWS) as usize;
    let max_bytes = query
        .max_bytes
        .unwrap_or(MAX_PAGE_BYTES)
        .clamp(1, MAX_PAGE_BYTES) as usize;
    let clock: i64 = sqlx::query_scalar("select version from tenant_clock where tenant_id = $1")
        .bind(auth.tx.tenant_id().as_uuid())
        .fetch_one(auth.tx.conn())
        .await?;
    let window = Window {
        after: query.cursor(),
        clock,
    };
    let reader = Reader::of(auth, sources);
    // Keys first, from every table, so only the rows the page keeps have their data read
    // and encoded: with one entity filling many pages, the others would otherwise be read
    // a page at a time for nothing. One more than a page from each table tells whether
    // anything is left over.
    let fetch = limit as i64 + 1;
    let mut keys = Vec::new();
    let mut whole_tables = Vec::new();
    for source in sources.iter() {
        if source.readable(&reader) {
            match source.keys(auth, &window, fetch, &reader).await? {
                Keys::Table => whole_tables.push((source.entity(), source.table())),
                Keys::Listed(listed) => keys.extend(listed),
            }
        }
    }
    keys.extend(window.tables_keys(auth, &whole_tables, fetch).await?);
    keys.extend(tombstones(auth, &window, fetch).await?);
    keys.sort_unstable_by(|a, b| {
        (a.version, a.entity.as_str(), a.row).cmp(&(b.version, b.entity.as_str(), b.row))
    });
    let mut has_more = keys.len() > limit;
    keys.truncate(limit);

    let mut changes = Vec::with_capacity(keys.len());
    let mut bytes = 0;
    let mut start = 0;
    let mut batch = FIRST_DATA_BATCH;
    // The data is read a batch of keys at a time, and no more once the byte budget is
    // spent: a page of large rows (deals) holds far fewer than `limit` of them, and
    // reading and encoding the rest, only to drop them, made deals pull at a third of
    // the leads' rate.
    'page: while start < keys.len() {
        let batch_keys = &keys[start..(start + batch).min(keys.len())];
        let mut data = pull_data::load(auth, sources, batch_keys).await?;
        for key in batch_keys {
            let data = data.take(key);
            let size = CHANGE_OVERHEAD + data.as_ref().map_or(0, |d| d.get().len());
            if !changes.is_empty() && bytes + size > max_bytes {
                has_more = true;
                break 'page;
            }
            bytes += size;
            changes.push(Change {
                entity: key.entity,
                id: key.row.text(),
                version: key.version,
                data,
            });
        }
        start += batch_keys.len();
        // The rows so far tell how many more fit: ask for a tenth more than that, so a
        // page usually takes one more read, not several.
        let per_row = bytes / changes.len().max(1);
        batch = ((max_bytes.saturating_sub(bytes) / per_row.max(1)) * 11 / 10).max(1);
    }
    let next = changes
        .last()
        .map_or_else(|| window.after.clone(), Change::cursor);
    let remaining = if query.with_remaining {
        Some(remaining(auth, &window, &reader, sources).await?)
    } else {
        None
    };
    let tenant = if has_more {
        None
    } else {
        Some(raw(&sources.snapshot().snapshot(auth).await?)?)
    };
    Ok(PullPage {
        changes,
        next,
        has_more,
        clock,
        remaining,
        tenant,
    })
}

async fn tombstones(
    auth: &mut Authenticated,
    window: &Window,
    fetch: i64,
) -> Result<Vec<RowKey>, ApiError> {
    let rows: Vec<(String, Uuid, i64)> = sqlx::query_as(
        "select entity, id, version from sync_tombstones
          where tenant_id = $1 and version <= $2
            and (version > $3 or (version = $3 and (entity collate \"C\" > $4
                 or (entity = $4 and id::text collate \"C\" > $5))))
          order by version, entity collate \"C\", id limit $6",
    )
    .bind(auth.tx.tenant_id().as_uuid())
    .bind(window.clock)
    .bind(window.after.version)
    .bind(&window.after.entity)
    .bind(&window.after.id)
    .bind(fetch)
    .fetch_all(auth.tx.conn())
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(entity, id, version)| {
            // A tombstone of something this build does not sync has nothing to drop.
            let entity = entity.parse().ok()?;
            Some(RowKey {
                version,
                entity,
                row: RowId::Uuid(id),
                visible: false,
            })
        })
        .collect())
}

/// How many changes wait after the cursor, for the progress bar. Counted per source
/// with the same windows as the page, so it is exact for a pull that starts now.
async fn remaining(
    auth: &mut Authenticated,
    window: &Window,
    reader: &Reader<'_>,
    sources: &SyncSources,
) -> Result<u64, ApiError> {
    let mut total = 0i64;
    for source in sources.iter() {
        if source.readable(reader) {
            total += source.count(auth, window).await?;
        }
    }
    let tombstones: i64 = sqlx::query_scalar(
        "select count(*) from sync_tombstones where tenant_id = $1 and version <= $2 and version >= $3",
    )
    .bind(auth.tx.tenant_id().as_uuid())
    .bind(window.clock)
    .bind(window.after.version)
    .fetch_one(auth.tx.conn())
    .await?;
    Ok((total + tombstones).max(0) as u64)
}
