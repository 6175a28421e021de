//! Copying the write-ahead log into the cache file on a task of the cache's own.
//!
//! SQLite checkpoints inside the commit that takes the log past its threshold, so a
//! pulled page's commit waited while tens of megabytes were copied into the file and
//! flushed to disk. In WAL mode a checkpoint and a writer do not wait for each other, so
//! the pull wakes this task after each page and writes the next page meanwhile. SQLite's
//! own checkpoint stays, at [`AUTOCHECKPOINT_PAGES`], for writers that never wake the
//! task: by the time a pull's log reaches it, this task has copied nearly all of it, so
//! the commit that crosses it has little left to do, and the log starts over from its
//! beginning. (A background checkpoint alone rarely lets it: the log restarts only when
//! a writer begins with every frame copied, and the next page is usually being written
//! by then.)

use sqlx::SqlitePool;
use std::sync::Arc;
use tokio::sync::Notify;
use tokio::task::JoinHandle;

/// The log's length, in pages (64 MiB), past which a commit checkpoints by itself.
pub(super) const AUTOCHECKPOINT_PAGES: &str = "16384";

/// The task, stopped when the cache that started it is dropped.
pub(super) struct Checkpointer {
    wake: Arc<Notify>,
    task: JoinHandle<()>,
}

impl Checkpointer {
    pub(super) fn start(pool: SqlitePool) -> Self {
        let wake = Arc::new(Notify::new());
        let task = tokio::spawn(run(pool, Arc::clone(&wake)));
        Self { wake, task }
    }

    /// Asks for a checkpoint; wake-ups while one runs fold into one more after it.
    pub(super) fn wake(&self) {
        self.wake.notify_one();
    }
}

impl Drop for Checkpointer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn run(pool: SqlitePool, wake: Arc<Notify>) {
    loop {
        wake.notified().await;
        if pool.is_closed() {
            return;
        }
        // PASSIVE copies what no reader still needs and waits for nobody (a log it
        // could not finish is no error). A failure costs nothing but a longer log: the
        // next wake-up, or SQLite's own checkpoint, copies it; it is logged, since a
        // failing disk shows here first.
        if let Err(error) = sqlx::query("pragma wal_checkpoint(passive)")
            .execute(&pool)
            .await
        {
            tracing::warn!(%error, "background checkpoint of the cache failed");
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::cache::{CacheLocation, TenantCache};
    use crate::secrets::MemorySecretStore;
    use brokerdesk_core::ids::TenantId;
    use std::time::{Duration, Instant};

    /// Rows of about 2 KB: 200 of them are 400 KB, far below SQLite's own threshold.
    const ROWS: usize = 200;

    #[tokio::test]
    async fn a_wake_up_copies_the_log_into_the_file_and_commits_alone_do_not() {
        let dir = tempfile::tempdir().unwrap();
        let location = CacheLocation::new(dir.path(), "http://server.test", TenantId::new());
        let path = location.path.clone();
        let cache = TenantCache::open(location, &MemorySecretStore::default())
            .await
            .unwrap();
        let file_size = || std::fs::metadata(&path).unwrap().len();
        let pool = cache.pool();
        sqlx::query("create table filler (v text)")
            .execute(pool)
            .await
            .unwrap();
        // Whatever the opening left in the log goes into the file first.
        sqlx::query("pragma wal_checkpoint(truncate)")
            .execute(pool)
            .await
            .unwrap();
        let before = file_size();
        for n in 0..ROWS {
            sqlx::query("insert into filler (v) values (?)")
                .bind(format!("{n:0>2000}"))
                .execute(pool)
                .await
                .unwrap();
        }
        tokio::time::sleep(Duration::from_millis(300)).await;
        assert_eq!(
            file_size(),
            before,
            "the commits left their pages in the log"
        );

        cache.checkpoint_in_background();
        let deadline = Instant::now() + Duration::from_secs(10);
        while file_size() < before + (ROWS * 2_000) as u64 {
            assert!(
                Instant::now() < deadline,
                "the log was not copied: the file has {} bytes, {before} before",
                file_size()
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        cache.close().await;
    }
}
