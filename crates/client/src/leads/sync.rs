//! The leads' page hook: keeps the lead list's index (index.rs) in step with the cached
//! leads, inside the record store's transactions.

use brokerdesk_core::sync::SyncEntity;
use sqlx::SqliteConnection;

use super::index::{self, IndexRow};
use crate::sync::hook::{HookFuture, PAGE_HOOKS, PageHook};
use linkme::distributed_slice;

/// A pull with at least this many changes, and at least half as many as the cache has
/// leads, builds the lead index at its end rather than keeping it in step row by row.
const BULK_PULL_ROWS: u64 = 2_000;

#[distributed_slice(PAGE_HOOKS)]
static LEAD_INDEX: &dyn PageHook = &LeadIndexHook;

pub(crate) struct LeadIndexHook;

impl PageHook for LeadIndexHook {
    fn entity(&self) -> SyncEntity {
        SyncEntity::Lead
    }

    /// The first page of a pull that brings a large part of the tenant switches the
    /// index to being built (see index.rs).
    fn before_page<'a>(
        &'a self,
        conn: &'a mut SqliteConnection,
        remaining: Option<u64>,
    ) -> HookFuture<'a> {
        Box::pin(async move {
            if let Some(remaining) = remaining
                && index::is_complete(&mut *conn).await?
            {
                let cached: i64 = sqlx::query_scalar("select count(*) from lead_index")
                    .fetch_one(&mut *conn)
                    .await?;
                if remaining >= BULK_PULL_ROWS && remaining as i64 >= cached / 2 {
                    index::begin_build(conn).await?;
                }
            }
            Ok(())
        })
    }

    fn records_written<'a>(
        &'a self,
        conn: &'a mut SqliteConnection,
        upserted: &'a [(&'a str, &'a str)],
    ) -> HookFuture<'a> {
        Box::pin(async move {
            let rows = upserted
                .iter()
                .map(|(id, data)| IndexRow::of(id, data, false))
                .collect::<Result<Vec<_>, _>>()?;
            index::put(conn, &rows).await
        })
    }

    fn record_changed<'a>(&'a self, conn: &'a mut SqliteConnection, id: &'a str) -> HookFuture<'a> {
        Box::pin(index::reindex(conn, id))
    }

    /// Completes the index if the pull was building it.
    fn pull_ended<'a>(&'a self, conn: &'a mut SqliteConnection) -> HookFuture<'a> {
        Box::pin(async move {
            if !index::is_complete(&mut *conn).await? {
                index::complete(conn).await?;
            }
            Ok(())
        })
    }

    /// An upgrade that changed the index leaves it being built, without rows: fill them,
    /// so the list is right from the start.
    fn cache_opened<'a>(&'a self, conn: &'a mut SqliteConnection) -> HookFuture<'a> {
        Box::pin(async move {
            if !index::is_complete(&mut *conn).await? {
                index::fill_missing(conn).await?;
            }
            Ok(())
        })
    }
}
