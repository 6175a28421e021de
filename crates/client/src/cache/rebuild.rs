//! Rebuilding a cache this build cannot upgrade, without losing the edits not yet sent.
//!
//! Such a file still opens with its key, so what only this device has can be read out
//! of it: the outbox (pending edits, and refused ones the user has not dismissed), the
//! records those edits changed here, and the device id the server knows the edits by,
//! so an edit that reached the server before is still recognised as a replay. Everything
//! else is a copy of server data, which the next sync downloads again.
//!
//! The new cache is built beside the old one, with the same key, and renamed over it: a
//! crash before the rename leaves the old file as it was (the next start tries again),
//! a crash after it leaves the new one, complete.

use sqlx::{Connection, SqliteConnection, SqlitePool};
use std::path::Path;

use super::{
    CacheError, CacheLocation, MIGRATOR, connect, database_files, remove_files, with_suffix,
};
use crate::secrets::SecretStore;

/// `mutation_id, entity, entity_id, op, changes, base_version, created_record,
/// created_at, attempts, status, reject_code, reject_message`, in queue order.
type OutboxRow = (
    String,
    String,
    String,
    String,
    String,
    Option<i64>,
    Option<String>,
    String,
    i64,
    String,
    Option<String>,
    Option<String>,
);
/// `entity, id, version, data, shadow, state, deleted` of a record edited here.
type EditedRecord = (String, String, i64, String, Option<String>, i64, i64);

/// What a cache holds that exists on this device only.
struct UnsentEdits {
    device_id: Option<String>,
    outbox: Vec<OutboxRow>,
    records: Vec<EditedRecord>,
}

impl UnsentEdits {
    async fn read(pool: &SqlitePool) -> Result<Self, sqlx::Error> {
        let mut conn = pool.acquire().await?;
        // Everything committed is in the main file before it is read (and before the
        // file is replaced, so no write-ahead log of it is left to apply).
        sqlx::query("pragma wal_checkpoint(truncate)")
            .execute(&mut *conn)
            .await?;
        let device_id =
            sqlx::query_scalar("select value from cache_meta where key = 'device_id'")
                .fetch_optional(&mut *conn)
                .await?;
        let outbox = sqlx::query_as(
            "select mutation_id, entity, entity_id, op, changes, base_version, created_record,
                    created_at, attempts, status, reject_code, reject_message
               from outbox order by seq",
        )
        .fetch_all(&mut *conn)
        .await?;
        let records = sqlx::query_as(
            "select entity, id, version, data, shadow, state, deleted from records where state <> 0",
        )
        .fetch_all(&mut *conn)
        .await?;
        Ok(Self {
            device_id,
            outbox,
            records,
        })
    }

    /// Writes them into a freshly migrated cache, in one transaction.
    async fn write(&self, conn: &mut SqliteConnection) -> Result<(), sqlx::Error> {
        let mut tx = conn.begin().await?;
        if let Some(device_id) = &self.device_id {
            sqlx::query("insert into cache_meta (key, value) values ('device_id', ?)")
                .bind(device_id)
                .execute(&mut *tx)
                .await?;
        }
        for row in &self.records {
            sqlx::query(
                "insert into records (entity, id, version, data, shadow, state, deleted)
                 values (?, ?, ?, ?, ?, ?, ?)",
            )
            .bind(&row.0)
            .bind(&row.1)
            .bind(row.2)
            .bind(&row.3)
            .bind(&row.4)
            .bind(row.5)
            .bind(row.6)
            .execute(&mut *tx)
            .await?;
        }
        for row in &self.outbox {
            sqlx::query(
                "insert into outbox (mutation_id, entity, entity_id, op, changes, base_version,
                     created_record, created_at, attempts, status, reject_code, reject_message)
                 values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            )
            .bind(&row.0)
            .bind(&row.1)
            .bind(&row.2)
            .bind(&row.3)
            .bind(&row.4)
            .bind(row.5)
            .bind(&row.6)
            .bind(&row.7)
            .bind(row.8)
            .bind(&row.9)
            .bind(&row.10)
            .bind(&row.11)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await
    }

    fn pending(&self) -> usize {
        self.outbox
            .iter()
            .filter(|row| row.9 == "pending")
            .count()
    }
}

/// Replaces the cache at `location`, which opens but cannot be upgraded (`upgrade` says
/// why), with a fresh one holding its unsent edits. Returns how many pending edits were
/// kept. When they cannot be read, the old file stays untouched and the error says so.
pub(super) async fn keeping_unsent_edits(
    location: &CacheLocation,
    secrets: &dyn SecretStore,
    upgrade: &sqlx::migrate::MigrateError,
) -> Result<usize, CacheError> {
    let key = secrets
        .get(&location.key_name)?
        .ok_or_else(|| CacheError::KeyMissing(location.path.clone()))?;
    let old = connect(&location.path, &key).await?;
    let edits = UnsentEdits::read(&old).await;
    old.close().await;
    let edits = edits.map_err(|read| CacheError::UnsentEditsUnreadable {
        path: location.path.clone(),
        upgrade: upgrade.to_string(),
        read,
    })?;

    let fresh = with_suffix(&location.path, ".rebuild");
    let fresh_files = database_files(&fresh);
    remove_files(&fresh_files)?;
    build(&fresh, &key, &edits).await?;
    // The old log and shared memory describe the old file; none may meet the new one.
    remove_files(&database_files(&location.path)[1..])?;
    std::fs::rename(&fresh, &location.path)?;
    remove_files(&fresh_files[1..])?;
    Ok(edits.pending())
}

async fn build(path: &Path, key: &str, edits: &UnsentEdits) -> Result<(), CacheError> {
    let pool = connect(path, key).await?;
    let built = async {
        MIGRATOR.run(&pool).await?;
        let failed = |source| CacheError::Rebuild {
            path: path.to_owned(),
            source,
        };
        let mut conn = pool.acquire().await.map_err(failed)?;
        edits.write(&mut conn).await.map_err(failed)?;
        Ok::<_, CacheError>(())
    }
    .await;
    // Closing the last connection checkpoints the log into the file, which is then
    // complete on its own for the rename.
    pool.close().await;
    built
}
