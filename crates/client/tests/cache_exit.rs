//! A process that exits while its cache is busy exits cleanly. SQLCipher encrypts with
//! OpenSSL's libcrypto, and sqlx runs each SQLite connection on a worker thread of its
//! own, which keeps encrypting, and closes its connection, after the code that used it
//! is done. A libcrypto that frees its state at exit pulls it from under those threads:
//! CI saw a test binary die with SIGSEGV after its last test had passed, and quitting
//! the app in the middle of a sync could do the same.
//!
//! The test runs itself as a child process, which writes to a cache from several
//! connections and exits in the middle of it, and asserts the child's exit status.

use brokerdesk_client::cache::{CacheLocation, TenantCache};
use brokerdesk_client::secrets::MemorySecretStore;
use brokerdesk_core::ids::TenantId;
use std::path::Path;
use std::process::Command;
use std::time::Duration;

const CHILD: &str = "BROKERDESK_CACHE_EXIT_CHILD";
const TEST_NAME: &str = "exiting_while_the_cache_is_busy_does_not_crash";
const CHILD_RUNS: usize = 12;

#[test]
fn exiting_while_the_cache_is_busy_does_not_crash() {
    if let Some(dir) = std::env::var_os(CHILD) {
        return write_until_exit(Path::new(&dir));
    }
    let test_binary = std::env::current_exe().unwrap();
    for run in 1..=CHILD_RUNS {
        // The child leaves its files behind (exit runs no destructors): the parent's
        // directory takes them.
        let dir = tempfile::tempdir().unwrap();
        let output = Command::new(&test_binary)
            .args([TEST_NAME, "--exact", "--nocapture", "--test-threads=1"])
            .env(CHILD, dir.path())
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            output.status.success(),
            "run {run}: the process exited with {:?} while its cache was busy\n{stderr}",
            output.status
        );
        assert!(
            String::from_utf8_lossy(&output.stdout).contains("writing when the process exits"),
            "run {run}: the child never got to write\n{stderr}"
        );
    }
}

/// The child: four writers and a reader on one cache, then an exit in the middle of
/// their work, with the pool dropped so connections are being closed as well.
fn write_until_exit(dir: &Path) {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(4)
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let location = CacheLocation::new(dir, "http://exit.test", TenantId::new());
        let cache = TenantCache::open(location, &MemorySecretStore::default())
            .await
            .unwrap();
        let pool = cache.pool().clone();
        sqlx::query("create table filler (id integer primary key, body blob not null)")
            .execute(&pool)
            .await
            .unwrap();
        for writer in 0..4 {
            let pool = pool.clone();
            tokio::spawn(async move {
                for round in 0u64.. {
                    let body = vec![(writer + round % 251) as u8; 64 * 1024];
                    // Errors are beside the point here (a busy cache refuses now and
                    // then); only how the process ends is.
                    let _ = sqlx::query("insert into filler (body) values (?)")
                        .bind(body)
                        .execute(&pool)
                        .await;
                }
            });
        }
        let reader = pool.clone();
        tokio::spawn(async move {
            loop {
                let _ = sqlx::query_scalar::<_, i64>("select sum(length(body)) from filler")
                    .fetch_one(&reader)
                    .await;
            }
        });
        tokio::time::sleep(Duration::from_millis(400)).await;
        println!("writing when the process exits");
        drop(pool);
        drop(cache);
        std::process::exit(0);
    })
}
