//! The transactions' page hook: keeps the transaction list's index (index.rs) in step
//! with the cached deals, inside the record store's transactions.

use brokerdesk_core::sync::SyncEntity;
use sqlx::SqliteConnection;

use super::index::{self, IndexRow};
use crate::sync::hook::{HookFuture, PageHook};

/// The hook the composition root (`crate::domains`) lists.
pub(crate) static TRANSACTION_INDEX: TransactionIndexHook = TransactionIndexHook;

pub(crate) struct TransactionIndexHook;

impl PageHook for TransactionIndexHook {
    fn entity(&self) -> SyncEntity {
        SyncEntity::Transaction
    }

    fn page_applied<'a>(
        &'a self,
        conn: &'a mut SqliteConnection,
        upserted: &'a [(&'a str, &'a str)],
    ) -> HookFuture<'a> {
        Box::pin(async move {
            let rows = upserted
                .iter()
                .map(|(id, data)| IndexRow::of(id, data))
                .collect::<Result<Vec<_>, _>>()?;
            index::put(conn, &rows).await
        })
    }

    fn record_changed<'a>(&'a self, conn: &'a mut SqliteConnection, id: &'a str) -> HookFuture<'a> {
        Box::pin(index::reindex(conn, id))
    }

    fn cache_opened<'a>(&'a self, conn: &'a mut SqliteConnection) -> HookFuture<'a> {
        Box::pin(index::fill_if_new(conn))
    }
}
