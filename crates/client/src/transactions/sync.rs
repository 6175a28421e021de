//! The transactions' page hook: keeps the transaction list's index (index.rs) in step
//! with the cached deals, inside the record store's transactions.

use brokerdesk_core::sync::SyncEntity;
use sqlx::SqliteConnection;

use super::index::{self, IndexRow};
use crate::sync::error::StoreError;
use crate::sync::hook::{HookFuture, PAGE_HOOKS, PageHook};
use linkme::distributed_slice;

/// A pull with at least this many changes, and at least half as many as the cache has
/// deals, makes the list's sort indexes at its end rather than keeping them in step row
/// by row (as the leads' index does).
const BULK_PULL_ROWS: u64 = 2_000;

/// Deals whose index rows are computed while the previous ones are written.
const OVERLAP_BATCH: usize = 200;
/// Deals computed between two chances for the writer to send its next statement.
const YIELD_EVERY: usize = 20;

#[distributed_slice(PAGE_HOOKS)]
static TRANSACTION_INDEX: &dyn PageHook = &TransactionIndexHook;

pub(crate) struct TransactionIndexHook;

impl PageHook for TransactionIndexHook {
    fn entity(&self) -> SyncEntity {
        SyncEntity::Transaction
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
                let cached: i64 = sqlx::query_scalar("select count(*) from transaction_index")
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
            // Each batch's rows are computed (JSON parsing, on this thread) while the
            // batch before is written (on SQLite's thread), not after it: the
            // computation yields now and then, so each of the writer's statements is
            // sent as soon as the one before has run.
            let mut computed: Vec<IndexRow> = Vec::new();
            for batch in upserted.chunks(OVERLAP_BATCH) {
                let compute = async {
                    let mut rows = Vec::with_capacity(batch.len());
                    for (n, (id, data)) in batch.iter().enumerate() {
                        rows.push(IndexRow::of(id, data)?);
                        if n % YIELD_EVERY == YIELD_EVERY - 1 {
                            tokio::task::yield_now().await;
                        }
                    }
                    Ok::<_, StoreError>(rows)
                };
                let (wrote, next) = tokio::join!(index::put(conn, &computed), compute);
                wrote?;
                computed = next?;
            }
            index::put(conn, &computed).await
        })
    }

    fn record_changed<'a>(&'a self, conn: &'a mut SqliteConnection, id: &'a str) -> HookFuture<'a> {
        Box::pin(index::reindex(conn, id))
    }

    /// Completes the index if the pull was building it.
    fn pull_ended<'a>(&'a self, conn: &'a mut SqliteConnection) -> HookFuture<'a> {
        Box::pin(complete_if_building(conn))
    }

    /// An upgrade that remade the index leaves it being built, without rows: fill them
    /// and make the sort indexes, so the list is right and quick from the start.
    fn cache_opened<'a>(&'a self, conn: &'a mut SqliteConnection) -> HookFuture<'a> {
        Box::pin(complete_if_building(conn))
    }
}

async fn complete_if_building(
    conn: &mut SqliteConnection,
) -> Result<(), crate::sync::error::StoreError> {
    if !index::is_complete(&mut *conn).await? {
        index::complete(conn).await?;
    }
    Ok(())
}
