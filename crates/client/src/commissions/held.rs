//! The reports' inputs, kept between requests. Reading and pricing every cached deal
//! takes about a second at 50,000 deals, a report over them about 50 ms, and the
//! Reports page asks for its figures, charts and drill-downs one after another, and
//! again at each change of period or grouping. So the inputs are priced once per
//! revision of the cache and reused until the cache changes: a pull moved the cursor,
//! an edit was queued, or a push's outcome was applied (which deletes or rejects outbox
//! rows), or the day or the member changed. How fresh the data is (the last sync, the
//! brokerage's name) is read each time, since a sync that brings nothing still counts.

use chrono::NaiveDate;
use tokio::sync::Mutex;

use brokerdesk_core::ids::UserId;
use brokerdesk_core::sync::Cursor;

use super::OfflineReports;
use crate::sync::LocalStore;
use crate::sync::error::StoreError;

/// One tenant's priced inputs and the revision they were priced at.
#[derive(Default)]
pub struct HeldReports(Mutex<Option<(Revision, OfflineReports)>>);

/// What the inputs depend on, cheap to read.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Revision {
    user: UserId,
    today: NaiveDate,
    cursor: Cursor,
    /// The outbox's last sequence number, its rows, and its rejected rows.
    outbox: (i64, i64, i64),
}

impl Revision {
    async fn of(store: &LocalStore, user: UserId, today: NaiveDate) -> Result<Self, StoreError> {
        let outbox = sqlx::query_as(
            "select coalesce((select seq from sqlite_sequence where name = 'outbox'), 0),
                    count(*), coalesce(sum(status = 'rejected'), 0)
               from outbox",
        )
        .fetch_one(store.pool())
        .await?;
        Ok(Self {
            user,
            today,
            cursor: store.cursor().await?,
            outbox,
        })
    }
}

impl HeldReports {
    /// The reports over the cache as it is now, priced again only if it changed since.
    /// Requests that come together wait for one pricing rather than each doing it.
    pub async fn get(
        &self,
        store: &LocalStore,
        user: UserId,
        today: NaiveDate,
    ) -> Result<OfflineReports, StoreError> {
        let revision = Revision::of(store, user, today).await?;
        let mut held = self.0.lock().await;
        let mut reports = match held.take() {
            Some((at, reports)) if at == revision => reports,
            _ => OfflineReports::load(store, user, today).await?,
        };
        reports.refresh_freshness(store).await?;
        *held = Some((revision, reports.clone()));
        Ok(reports)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cache::{CacheLocation, TenantCache};
    use crate::secrets::MemorySecretStore;
    use brokerdesk_core::ids::TenantId;

    #[tokio::test]
    async fn the_revision_moves_with_the_day_the_member_and_the_outbox_only() {
        let dir = tempfile::tempdir().unwrap();
        let location = CacheLocation::new(dir.path(), "http://127.0.0.1:8080", TenantId::new());
        let cache = TenantCache::open(location, &MemorySecretStore::default())
            .await
            .unwrap();
        let store = LocalStore::new(cache.pool().clone());
        let (user, today) = (UserId::new(), NaiveDate::from_ymd_opt(2026, 12, 3).unwrap());
        let first = Revision::of(&store, user, today).await.unwrap();
        assert_eq!(first, Revision::of(&store, user, today).await.unwrap());
        let tomorrow = today.succ_opt().unwrap();
        assert_ne!(first, Revision::of(&store, user, tomorrow).await.unwrap());
        assert_ne!(
            first,
            Revision::of(&store, UserId::new(), today).await.unwrap()
        );

        let queue = |id: &'static str| {
            sqlx::query(
                "insert into outbox (mutation_id, entity, entity_id, op, changes, created_at)
                 values (?, 'transaction', 'deal', 'update', '{}', '2026-12-03T00:00:00Z')",
            )
            .bind(id)
        };
        queue("m1").execute(store.pool()).await.unwrap();
        let edited = Revision::of(&store, user, today).await.unwrap();
        assert_ne!(first, edited, "a queued edit");
        sqlx::query("update outbox set status = 'rejected'")
            .execute(store.pool())
            .await
            .unwrap();
        let rejected = Revision::of(&store, user, today).await.unwrap();
        assert_ne!(edited, rejected, "an edit the server refused");
        sqlx::query("delete from outbox")
            .execute(store.pool())
            .await
            .unwrap();
        let pushed = Revision::of(&store, user, today).await.unwrap();
        assert_ne!(rejected, pushed, "an outcome applied");
        assert_ne!(first, pushed, "the sequence does not go back");
    }
}
