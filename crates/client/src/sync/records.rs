//! The synced records in the cache: pulled pages applied with their cursor, and the
//! generic reads of what is cached. The outbox is in outbox.rs, local edits in
//! edits.rs, and how a record's view is recomputed from its server copy and its pending
//! edits in replay.rs.
//!
//! Two rules keep the cache consistent whatever moment the process dies at:
//! - a pulled page and the cursor after it are written in one SQLite transaction;
//! - a local edit, its optimistic change and its outbox entry are written in one
//!   SQLite transaction, and so are a push's answers and what they do to the records.
//!
//! The store knows no domain: what a domain keeps in step with its records (the lead
//! list's index) is a [`PageHook`] registered in `PAGE_HOOKS`, run in the same
//! transactions.

use brokerdesk_core::sync::pull::PullPage;
use brokerdesk_core::sync::push::FieldConflict;
use brokerdesk_core::sync::{Cursor, SyncEntity, TenantSnapshot};
use chrono::{DateTime, Utc};
use serde::de::DeserializeOwned;
use sqlx::{SqliteConnection, SqlitePool};
use std::collections::HashSet;
use uuid::Uuid;

use super::error::{StoreError, corrupt};
use super::hook::PAGE_HOOKS;
use super::replay::rebuild;
use crate::cache::begin_write;

/// Rows per multi-row insert when applying a page: few statements, far below SQLite's
/// limit on bound parameters.
const UPSERT_CHUNK: usize = 200;
const CURSOR_KEY: &str = "sync_cursor";
const DEVICE_KEY: &str = "device_id";
const LAST_SYNCED_KEY: &str = "last_synced_at";
const TENANT_ID: &str = "current";
const NOTE_PREFIX: &str = "note:";

/// The synced data of one tenant's cache. Cheap to clone (it shares the pool).
#[derive(Clone)]
pub struct LocalStore {
    pool: SqlitePool,
}

impl LocalStore {
    pub fn new(pool: SqlitePool) -> Self {
        Self { pool }
    }

    /// The cache's pool, for read-only queries of the records (reports, searches).
    /// Writes go through this type's methods, which keep the outbox in step.
    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }

    async fn meta(&self, key: &str) -> Result<Option<String>, StoreError> {
        Ok(
            sqlx::query_scalar("select value from cache_meta where key = ?")
                .bind(key)
                .fetch_optional(&self.pool)
                .await?,
        )
    }

    /// Where the next pull starts.
    pub async fn cursor(&self) -> Result<Cursor, StoreError> {
        match self.meta(CURSOR_KEY).await? {
            Some(text) => serde_json::from_str(&text).map_err(corrupt),
            None => Ok(Cursor::start()),
        }
    }

    pub async fn last_synced_at(&self) -> Result<Option<DateTime<Utc>>, StoreError> {
        Ok(self
            .meta(LAST_SYNCED_KEY)
            .await?
            .and_then(|t| t.parse().ok()))
    }

    pub async fn mark_synced(&self, at: DateTime<Utc>) -> Result<(), StoreError> {
        set_meta(
            &mut *self.pool.acquire().await?,
            LAST_SYNCED_KEY,
            &at.to_rfc3339(),
        )
        .await
    }

    /// A screen's copy of an answer only the server can make (the Dotloop card's
    /// status), so it can be shown offline; it goes with the cache when the tenant's
    /// data is shredded. Notes have keys of their own, apart from the engine's.
    pub async fn note(&self, key: &str) -> Result<Option<String>, StoreError> {
        self.meta(&format!("{NOTE_PREFIX}{key}")).await
    }

    pub async fn set_note(&self, key: &str, value: &str) -> Result<(), StoreError> {
        let key = format!("{NOTE_PREFIX}{key}");
        set_meta(&mut *self.pool.acquire().await?, &key, value).await
    }

    /// This cache's device id, which scopes its mutation ids on the server. Made once.
    pub async fn device_id(&self) -> Result<Uuid, StoreError> {
        if let Some(id) = self.meta(DEVICE_KEY).await? {
            return id.parse().map_err(corrupt);
        }
        let id = Uuid::new_v4();
        sqlx::query("insert or ignore into cache_meta (key, value) values (?, ?)")
            .bind(DEVICE_KEY)
            .bind(id.to_string())
            .execute(&self.pool)
            .await?;
        self.meta(DEVICE_KEY)
            .await?
            .ok_or_else(|| corrupt("device id vanished"))?
            .parse()
            .map_err(corrupt)
    }

    /// Applies a pulled page and moves the cursor past it, in one transaction. Records
    /// with local edits pending get the server's copy as their new base, with the edits
    /// laid on top again. The domains' hooks run in the same transaction.
    pub async fn apply_page(&self, page: &PullPage) -> Result<usize, StoreError> {
        let mut tx = begin_write(&self.pool).await?;
        for hook in PAGE_HOOKS {
            hook.before_page(&mut tx, page.remaining).await?;
        }
        let unsynced: HashSet<(String, String)> =
            sqlx::query_as("select entity, id from records where state <> 0")
                .fetch_all(&mut *tx)
                .await?
                .into_iter()
                .collect();
        let mut upserts: Vec<(&str, &str, i64, &str)> = Vec::with_capacity(page.changes.len());
        for change in &page.changes {
            let entity = change.entity.as_str();
            let key = (entity.to_owned(), change.id.clone());
            match &change.data {
                Some(data) if unsynced.contains(&key) => {
                    // The server has a copy now, even of a record created here.
                    sqlx::query(
                        "update records set shadow = ?, version = ?, state = 1 where entity = ? and id = ?",
                    )
                        .bind(data.get())
                        .bind(change.version)
                        .bind(entity)
                        .bind(&change.id)
                        .execute(&mut *tx)
                        .await?;
                    rebuild(&mut tx, entity, &change.id).await?;
                }
                Some(data) => upserts.push((entity, &change.id, change.version, data.get())),
                None => {
                    sqlx::query("delete from records where entity = ? and id = ?")
                        .bind(entity)
                        .bind(&change.id)
                        .execute(&mut *tx)
                        .await?;
                }
            }
        }
        for chunk in upserts.chunks(UPSERT_CHUNK) {
            let mut sql = String::from("insert into records (entity, id, version, data) values ");
            for i in 0..chunk.len() {
                sql.push_str(if i == 0 {
                    "(?, ?, ?, ?)"
                } else {
                    ", (?, ?, ?, ?)"
                });
            }
            sql.push_str(
                " on conflict (entity, id) do update set version = excluded.version, \
                 data = excluded.data, shadow = null, state = 0, deleted = 0",
            );
            let mut query = sqlx::query(&sql);
            for (entity, id, version, data) in chunk {
                query = query.bind(*entity).bind(*id).bind(*version).bind(*data);
            }
            query.execute(&mut *tx).await?;
        }
        for hook in PAGE_HOOKS {
            let entity = hook.entity().as_str();
            let written: Vec<(&str, &str)> = upserts
                .iter()
                .filter(|(of, ..)| *of == entity)
                .map(|(_, id, _, data)| (*id, *data))
                .collect();
            hook.records_written(&mut tx, &written).await?;
        }
        if let Some(tenant) = &page.tenant {
            sqlx::query(
                "insert into records (entity, id, version, data) values ('tenant', ?, ?, ?)
                 on conflict (entity, id) do update set version = excluded.version, data = excluded.data",
            )
            .bind(TENANT_ID)
            .bind(page.clock)
            .bind(tenant.get())
            .execute(&mut *tx)
            .await?;
        }
        let cursor = serde_json::to_string(&page.next).expect("a cursor serialises");
        set_meta(&mut tx, CURSOR_KEY, &cursor).await?;
        tx.commit().await?;
        Ok(page.changes.len())
    }

    /// Lets the domains finish what a pull started (the lead index, if it was being
    /// built); called once the pull reached its end. One transaction.
    pub async fn pull_ended(&self) -> Result<(), StoreError> {
        let mut tx = begin_write(&self.pool).await?;
        for hook in PAGE_HOOKS {
            hook.pull_ended(&mut tx).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    pub async fn count(&self, entity: SyncEntity) -> Result<u64, StoreError> {
        let n: i64 =
            sqlx::query_scalar("select count(*) from records where entity = ? and deleted = 0")
                .bind(entity.as_str())
                .fetch_one(&self.pool)
                .await?;
        Ok(n as u64)
    }

    /// Every cached record of `entity` (users, invitations, API keys, audit entries…),
    /// read as `T`: the record's type, or `Value` for the API's JSON shape. The text is
    /// decoded straight into `T`, not through a `Value` first: that intermediate tree
    /// was about a quarter of the Dotloop preview's time over 50,000 cached deals.
    pub async fn records<T: DeserializeOwned>(
        &self,
        entity: SyncEntity,
    ) -> Result<Vec<T>, StoreError> {
        let rows: Vec<String> = sqlx::query_scalar(
            "select data from records where entity = ? and deleted = 0 order by id",
        )
        .bind(entity.as_str())
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|d| serde_json::from_str(d).map_err(corrupt))
            .collect()
    }

    /// The tenant's profile and plan usage as last pulled.
    pub async fn tenant(&self) -> Result<Option<TenantSnapshot>, StoreError> {
        let data: Option<String> =
            sqlx::query_scalar("select data from records where entity = 'tenant' and id = ?")
                .bind(TENANT_ID)
                .fetch_optional(&self.pool)
                .await?;
        data.map(|d| serde_json::from_str(&d).map_err(corrupt))
            .transpose()
    }

    pub async fn conflicts(&self) -> Result<Vec<FieldConflict>, StoreError> {
        self.records(SyncEntity::Conflict).await
    }
}

async fn set_meta(conn: &mut SqliteConnection, key: &str, value: &str) -> Result<(), StoreError> {
    sqlx::query(
        "insert into cache_meta (key, value) values (?, ?)
         on conflict (key) do update set value = excluded.value",
    )
    .bind(key)
    .bind(value)
    .execute(conn)
    .await?;
    Ok(())
}
