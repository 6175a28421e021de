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
        // Everything committed is in the main file before it is read, and before the
        // file is replaced, so no write-ahead log of it is left to apply.
        checkpoint(&mut conn).await?;
        let device_id = sqlx::query_scalar("select value from cache_meta where key = 'device_id'")
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
        self.outbox.iter().filter(|row| row.9 == "pending").count()
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
        // The file is complete on its own for the rename, whatever its log becomes.
        checkpoint(&mut conn).await.map_err(failed)?;
        Ok::<_, CacheError>(())
    }
    .await;
    pool.close().await;
    built
}

/// Moves everything committed from the write-ahead log into the database file and
/// empties the log; an error when another connection (another process) holds it open.
async fn checkpoint(conn: &mut SqliteConnection) -> Result<(), sqlx::Error> {
    let (busy, _, _): (i64, i64, i64) = sqlx::query_as("pragma wal_checkpoint(truncate)")
        .fetch_one(&mut *conn)
        .await?;
    if busy != 0 {
        return Err(sqlx::Error::Protocol(
            "the cache is in use by another Brokerdesk process".into(),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::TenantCache;
    use super::*;
    use crate::secrets::MemorySecretStore;
    use crate::sync::LocalStore;
    use brokerdesk_core::ids::{LeadId, TenantId};
    use brokerdesk_core::leads::list::LeadListQuery;
    use brokerdesk_core::leads::{Lead, LeadChanges, LeadStage};
    use brokerdesk_core::sync::SyncEntity;
    use brokerdesk_core::sync::pull::{Change, PullPage};
    use brokerdesk_core::sync::push::{MutationOutcome, MutationResult};
    use chrono::Utc;
    use serde_json::value::to_raw_value;

    fn named(name: &str) -> LeadChanges {
        LeadChanges {
            name: Some(name.to_owned()),
            ..LeadChanges::default()
        }
    }

    /// A cache holding two synced leads, and edits of every kind on top: a lead created
    /// here, one edited, and an edit the server refused.
    async fn cache_with_edits(dir: &Path, secrets: &MemorySecretStore) -> CacheLocation {
        let location = CacheLocation::new(dir, "http://rebuild.test", TenantId::new());
        let cache = TenantCache::open(location.clone(), secrets).await.unwrap();
        let store = LocalStore::new(cache.pool().clone());
        let synced: Vec<Lead> = ["Sam Synced", "Rory Refused"]
            .iter()
            .map(|name| Lead::create(LeadId::new(), &named(name), Utc::now()).unwrap())
            .collect();
        let changes: Vec<Change> = synced
            .iter()
            .map(|lead| Change {
                entity: SyncEntity::Lead,
                id: lead.id.to_string(),
                version: 3,
                data: Some(to_raw_value(lead).unwrap()),
            })
            .collect();
        let page = PullPage {
            next: changes.last().unwrap().cursor(),
            changes,
            has_more: false,
            clock: 3,
            remaining: None,
            tenant: None,
        };
        store.apply_page(&page).await.unwrap();
        store.device_id().await.unwrap();
        store
            .update_lead(
                synced[1].id,
                LeadChanges {
                    notes: Some("Refused".into()),
                    ..LeadChanges::default()
                },
            )
            .await
            .unwrap();
        let refused = store.pending(1).await.unwrap().remove(0);
        store
            .acknowledge(&[MutationResult {
                mutation_id: refused.mutation_id,
                outcome: MutationOutcome::Rejected {
                    code: "forbidden".into(),
                    message: "No.".into(),
                },
                replayed: false,
            }])
            .await
            .unwrap();
        store.create_lead(named("Cleo Created")).await.unwrap();
        store
            .update_lead(
                synced[0].id,
                LeadChanges {
                    stage: Some(LeadStage::Qualified),
                    ..LeadChanges::default()
                },
            )
            .await
            .unwrap();
        cache.close().await;
        location
    }

    /// Makes the cache one this build cannot upgrade: a migration it applied no longer
    /// matches this build's.
    async fn break_upgrade(location: &CacheLocation, secrets: &MemorySecretStore) {
        let cache = TenantCache::open(location.clone(), secrets).await.unwrap();
        sqlx::query("update _sqlx_migrations set checksum = x'00' where version = (select max(version) from _sqlx_migrations)")
            .execute(cache.pool())
            .await
            .unwrap();
        cache.close().await;
    }

    #[tokio::test]
    async fn a_cache_that_cannot_be_upgraded_is_rebuilt_with_its_unsent_edits() {
        let dir = tempfile::tempdir().unwrap();
        let secrets = MemorySecretStore::default();
        let location = cache_with_edits(dir.path(), &secrets).await;
        let store = |cache: &TenantCache| LocalStore::new(cache.pool().clone());
        let cache = TenantCache::open(location.clone(), &secrets).await.unwrap();
        let (device, pending, rejected) = (
            store(&cache).device_id().await.unwrap(),
            store(&cache).pending(100).await.unwrap(),
            store(&cache).rejected().await.unwrap(),
        );
        cache.close().await;
        break_upgrade(&location, &secrets).await;
        // Left over from a rebuild that crashed before its rename.
        std::fs::write(with_suffix(&location.path, ".rebuild"), b"half a file").unwrap();

        let (cache, notice) = TenantCache::open_or_reset(location.clone(), &secrets)
            .await
            .unwrap();
        let notice = notice.expect("the rebuild is reported");
        assert!(
            notice.contains("The 2 edits not sent yet were kept"),
            "{notice}"
        );
        let rebuilt = store(&cache);
        assert_eq!(
            rebuilt.device_id().await.unwrap(),
            device,
            "replays stay recognisable"
        );
        assert_eq!(
            rebuilt.pending(100).await.unwrap(),
            pending,
            "same edits, same order"
        );
        assert_eq!(rebuilt.rejected().await.unwrap(), rejected);
        // What the user saw offline is still there, and listed: the synced copies of the
        // other records are gone until the next pull.
        let listed: Vec<(String, LeadStage)> = rebuilt
            .lead_page(&LeadListQuery::default())
            .await
            .unwrap()
            .leads
            .into_iter()
            .map(|l| (l.name, l.stage))
            .collect();
        assert_eq!(
            listed.iter().filter(|(n, _)| n == "Cleo Created").count(),
            1,
            "{listed:?}"
        );
        assert!(listed.contains(&("Sam Synced".to_owned(), LeadStage::Qualified)));
        assert!(
            !listed.iter().any(|(n, _)| n == "Rory Refused"),
            "{listed:?}"
        );
        let cursor = rebuilt.cursor().await.unwrap();
        assert_eq!(cursor.version, 0, "everything is pulled again");
        cache.close().await;
        assert!(!with_suffix(&location.path, ".rebuild").exists());
    }

    #[tokio::test]
    async fn a_cache_whose_unsent_edits_cannot_be_read_is_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let secrets = MemorySecretStore::default();
        let location = cache_with_edits(dir.path(), &secrets).await;
        break_upgrade(&location, &secrets).await;
        let key = secrets.get(location.key_name()).unwrap().unwrap();
        let cache = connect(&location.path, &key).await.unwrap();
        sqlx::query("alter table outbox rename to outbox_of_another_build")
            .execute(&cache)
            .await
            .unwrap();
        cache.close().await;

        let error = TenantCache::open_or_reset(location.clone(), &secrets)
            .await
            .err()
            .expect("refused");
        assert!(
            matches!(error, CacheError::UnsentEditsUnreadable { .. }),
            "{error}"
        );
        assert!(error.to_string().contains("sign out"), "{error}");
        let cache = connect(&location.path, &key).await.unwrap();
        let kept: i64 = sqlx::query_scalar("select count(*) from outbox_of_another_build")
            .fetch_one(&cache)
            .await
            .unwrap();
        assert_eq!(kept, 3, "the file and its edits are untouched");
        cache.close().await;
    }
}
