//! How a domain keeps something of its own in step with its synced records (the lead
//! list's index is one), without the record store knowing the domain: each domain
//! registers its hook in [`PAGE_HOOKS`] where it defines it, and the store calls every
//! registered hook inside the very SQLite transaction that writes the records, so a
//! hook's tables commit, or roll back, with them. Nothing here names a domain, so the
//! store imports none, and no domain's import can lead back to the store's.

use brokerdesk_core::sync::SyncEntity;
use linkme::distributed_slice;
use sqlx::SqliteConnection;
use std::future::Future;
use std::pin::Pin;

use super::error::StoreError;

/// What a hook's step returns: boxed, so hooks can sit in one list of trait objects.
pub type HookFuture<'a> = Pin<Box<dyn Future<Output = Result<(), StoreError>> + Send + 'a>>;

/// Work a domain does when the records of its entity change. Every method runs in the
/// caller's transaction (`conn`), and has nothing to do by default.
pub trait PageHook: Send + Sync {
    /// The entity whose records this hook follows.
    fn entity(&self) -> SyncEntity;

    /// A pulled page is about to be applied; `remaining` is the server's count of the
    /// changes still to come (on a pull's first page), to pick a bulk strategy.
    fn before_page<'a>(
        &'a self,
        conn: &'a mut SqliteConnection,
        remaining: Option<u64>,
    ) -> HookFuture<'a> {
        let _ = (conn, remaining);
        Box::pin(async { Ok(()) })
    }

    /// These records of the entity were written whole (`(id, JSON)`), none of them
    /// pending deletion: a pulled page's, as the server sent them and with no local edits
    /// pending, or records created here (see `edits::create_records`).
    fn records_written<'a>(
        &'a self,
        conn: &'a mut SqliteConnection,
        upserted: &'a [(&'a str, &'a str)],
    ) -> HookFuture<'a> {
        let _ = (conn, upserted);
        Box::pin(async { Ok(()) })
    }

    /// One record of the entity was written otherwise (a local edit, a pulled copy laid
    /// under pending edits, a refusal's rollback): read it again from `records`, where it
    /// may be gone.
    fn record_changed<'a>(&'a self, conn: &'a mut SqliteConnection, id: &'a str) -> HookFuture<'a> {
        let _ = (conn, id);
        Box::pin(async { Ok(()) })
    }

    /// A pull reached its end.
    fn pull_ended<'a>(&'a self, conn: &'a mut SqliteConnection) -> HookFuture<'a> {
        let _ = conn;
        Box::pin(async { Ok(()) })
    }

    /// A cache was opened (its migrations run): catch up with what an upgrade changed.
    fn cache_opened<'a>(&'a self, conn: &'a mut SqliteConnection) -> HookFuture<'a> {
        let _ = conn;
        Box::pin(async { Ok(()) })
    }
}

/// Every domain's hook, registered beside its definition with
/// `#[distributed_slice(PAGE_HOOKS)]`. Their order is unspecified: each follows its own
/// entity and keeps its own tables.
#[distributed_slice]
pub static PAGE_HOOKS: [&'static dyn PageHook];

/// The hooks that follow `entity`'s records.
pub(crate) fn hooks_of(entity: &str) -> impl Iterator<Item = &'static dyn PageHook> + use<'_> {
    PAGE_HOOKS
        .iter()
        .copied()
        .filter(move |hook| hook.entity().as_str() == entity)
}

/// Brings what the domains keep of a cache just opened up to date with its records,
/// after an upgrade that changed it, in the opener's transaction. Cheap when there is
/// nothing to do.
pub(crate) async fn cache_opened(conn: &mut SqliteConnection) -> Result<(), StoreError> {
    for hook in PAGE_HOOKS {
        hook.cache_opened(&mut *conn).await?;
    }
    Ok(())
}
