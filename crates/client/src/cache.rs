//! The encrypted per-tenant cache: one SQLCipher file per (server, tenant), each with its
//! own random 256-bit key held in the OS keychain. A raw key means SQLCipher runs no
//! passphrase derivation when the file opens.

use brokerdesk_core::ids::TenantId;
use rand::RngCore;
use sha2::{Digest, Sha256};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions};
use sqlx::{Sqlite, SqlitePool, Transaction};
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::secrets::{SecretStore, SecretStoreError};
use crate::sync::error::StoreError;
use crate::sync::hook::cache_opened;
use checkpoint::Checkpointer;

mod checkpoint;
mod rebuild;

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");

/// Support sessions' caches live under this folder of the data directory.
const SUPPORT_DIR: &str = "support";

/// SQLite's "file is not a database": what SQLCipher reports for a wrong key.
const SQLITE_NOTADB: &str = "26";

#[derive(Debug, thiserror::Error)]
pub enum CacheError {
    #[error(transparent)]
    Keychain(#[from] SecretStoreError),
    #[error("The local cache {} exists, but its key is no longer in the keychain, so it cannot be read.", .0.display())]
    KeyMissing(PathBuf),
    #[error("The local cache {} does not open with the key in the keychain.", .0.display())]
    WrongKey(PathBuf),
    #[error("This build's SQLite has no SQLCipher, so it cannot keep an encrypted cache.")]
    EncryptionUnavailable,
    #[error("The local cache {} could not be opened: {source}.", path.display())]
    Open { path: PathBuf, source: sqlx::Error },
    #[error("The local cache could not be upgraded: {0}.")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("The lead list index of the local cache could not be written: {0}")]
    LeadIndex(StoreError),
    #[error("A new local cache could not be written at {}: {source}.", path.display())]
    Rebuild { path: PathBuf, source: sqlx::Error },
    /// The cache cannot be upgraded, and the edits in it not yet sent cannot be read out
    /// to keep them: it is left as it is rather than dropped with them.
    #[error("The local cache {} could not be upgraded ({upgrade}), and the edits on this device that were not sent yet could not be read out of it ({read}), so it was left as it is. Install the latest version of Brokerdesk, or sign out of this brokerage to delete the cache together with those edits.", path.display())]
    UnsentEditsUnreadable {
        path: PathBuf,
        upgrade: String,
        read: sqlx::Error,
    },
    #[error("The local cache files could not be removed: {0}.")]
    Remove(#[from] std::io::Error),
}

/// Where one tenant's cache lives on disk, and the name of its key in the keychain.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CacheLocation {
    path: PathBuf,
    key_name: String,
}

impl CacheLocation {
    /// `data_dir` is the OS data directory for the app. The server is part of the name,
    /// so the same tenant id on two servers (say staging and production) never shares
    /// a file or a key.
    pub fn new(data_dir: &Path, server_url: &str, tenant_id: TenantId) -> Self {
        Self::named(data_dir, &server_fingerprint(server_url), tenant_id)
    }

    fn named(data_dir: &Path, server: &str, tenant_id: TenantId) -> Self {
        Self {
            path: data_dir
                .join("caches")
                .join(server)
                .join(format!("{tenant_id}.db")),
            key_name: format!("cache-key:{server}:{tenant_id}"),
        }
    }

    /// The ephemeral cache of a platform support session: its own folder and key name,
    /// so it never touches a member's cache of the same tenant on the same machine.
    pub fn for_support(data_dir: &Path, server_url: &str, tenant_id: TenantId) -> Self {
        Self::support_named(data_dir, &server_fingerprint(server_url), tenant_id)
    }

    fn support_named(data_dir: &Path, server: &str, tenant_id: TenantId) -> Self {
        let member = Self::named(&data_dir.join(SUPPORT_DIR), server, tenant_id);
        Self {
            key_name: format!("support-{}", member.key_name),
            path: member.path,
        }
    }

    /// Every support-session cache file under `data_dir`, with the server fingerprint
    /// and tenant its path names, whether or not any list of sign-ins remembers it
    /// (a crash can come between creating the file and recording the session).
    pub(crate) fn support_caches_on_disk(data_dir: &Path) -> Vec<(String, TenantId, Self)> {
        let servers = data_dir.join(SUPPORT_DIR).join("caches");
        let mut found = Vec::new();
        for server in std::fs::read_dir(servers).into_iter().flatten().flatten() {
            let fingerprint = server.file_name().to_string_lossy().into_owned();
            for file in std::fs::read_dir(server.path())
                .into_iter()
                .flatten()
                .flatten()
            {
                let path = file.path();
                let tenant = path
                    .extension()
                    .is_some_and(|ext| ext == "db")
                    .then(|| path.file_stem()?.to_str()?.parse::<TenantId>().ok())
                    .flatten();
                if let Some(tenant) = tenant {
                    let location = Self::support_named(data_dir, &fingerprint, tenant);
                    found.push((fingerprint.clone(), tenant, location));
                }
            }
        }
        found
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn key_name(&self) -> &str {
        &self.key_name
    }

    /// The database file and SQLite's companions (write-ahead log, shared memory).
    fn files(&self) -> [PathBuf; 3] {
        database_files(&self.path)
    }
}

/// A database file and SQLite's companions (write-ahead log, shared memory).
fn database_files(path: &Path) -> [PathBuf; 3] {
    [
        path.to_owned(),
        with_suffix(path, "-wal"),
        with_suffix(path, "-shm"),
    ]
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// A short, stable name for a server address, for file and keychain names.
pub(crate) fn server_fingerprint(server_url: &str) -> String {
    let normalised = server_url.trim().trim_end_matches('/').to_ascii_lowercase();
    hex::encode(&Sha256::digest(normalised.as_bytes())[..8])
}

pub struct TenantCache {
    pool: SqlitePool,
    location: CacheLocation,
    checkpointer: Checkpointer,
}

impl TenantCache {
    /// Opens the tenant's cache, creating it (and its key) on first use. A key is stored
    /// in the keychain before the file is created, so no file ever exists whose key was
    /// never saved.
    pub async fn open(
        location: CacheLocation,
        secrets: &dyn SecretStore,
    ) -> Result<Self, CacheError> {
        let exists = location.path.exists();
        let key_hex = match secrets.get(&location.key_name)? {
            Some(key) => key,
            None if exists => return Err(CacheError::KeyMissing(location.path.clone())),
            None => {
                let mut key = [0u8; 32];
                rand::rng().fill_bytes(&mut key);
                let key_hex = hex::encode(key);
                secrets.set(&location.key_name, &key_hex)?;
                key_hex
            }
        };
        let pool = connect(&location.path, &key_hex).await?;
        if let Err(error) = MIGRATOR.run(&pool).await {
            pool.close().await;
            return Err(error.into());
        }
        if let Err(error) = run_open_hooks(&pool).await {
            pool.close().await;
            return Err(CacheError::LeadIndex(error));
        }
        let checkpointer = Checkpointer::start(pool.clone());
        Ok(Self {
            pool,
            location,
            checkpointer,
        })
    }

    /// Opens the cache, or, when it cannot be read or upgraded, starts it again empty,
    /// for the next sync to fill. Returns a notice for the app to show when it did.
    ///
    /// A file whose key is missing or wrong cannot be read at all, so the edits it held
    /// that were not sent yet are gone with it, and the notice says so. A file that opens
    /// but cannot be upgraded is rebuilt with those edits carried over
    /// ([`rebuild::keeping_unsent_edits`]); when even they cannot be read out of it, it
    /// is left alone and the error says what the user can do.
    pub async fn open_or_reset(
        location: CacheLocation,
        secrets: &dyn SecretStore,
    ) -> Result<(Self, Option<String>), CacheError> {
        match Self::open(location.clone(), secrets).await {
            Ok(cache) => Ok((cache, None)),
            Err(error @ (CacheError::KeyMissing(_) | CacheError::WrongKey(_))) => {
                tracing::warn!(%error, "resetting the local cache");
                shred_location(&location, secrets)?;
                let cache = Self::open(location, secrets).await?;
                let notice = format!(
                    "{error} It was deleted and will be downloaded again from the server. \
                     Edits made on this device that had not been sent yet were stored in it \
                     and cannot be recovered without its key."
                );
                Ok((cache, Some(notice)))
            }
            Err(CacheError::Migrate(error)) => {
                tracing::warn!(%error, "rebuilding the local cache");
                let kept = rebuild::keeping_unsent_edits(&location, secrets, &error).await?;
                let cache = Self::open(location, secrets).await?;
                let edits = match kept {
                    0 => "It held no edits waiting to be sent.".to_owned(),
                    1 => "The 1 edit not sent yet was kept and will be sent.".to_owned(),
                    n => format!("The {n} edits not sent yet were kept and will be sent."),
                };
                let notice = format!(
                    "The local cache could not be upgraded ({error}). It was rebuilt and will be \
                     downloaded again from the server. {edits}"
                );
                Ok((cache, Some(notice)))
            }
            Err(other) => Err(other),
        }
    }

    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }

    pub fn location(&self) -> &CacheLocation {
        &self.location
    }

    /// Has the write-ahead log copied into the file in the background, after a large
    /// write (a pulled page), instead of by a later commit.
    pub fn checkpoint_in_background(&self) {
        self.checkpointer.wake();
    }

    pub async fn close(self) {
        self.pool.close().await;
    }

    /// Crypto-shredding: closes the cache, deletes its files and then its key. With the
    /// key gone, any copy of the file left behind (a backup, a disk sector) is noise.
    pub async fn shred(self, secrets: &dyn SecretStore) -> Result<(), CacheError> {
        let location = self.location.clone();
        self.pool.close().await;
        shred_location(&location, secrets)
    }
}

/// Deletes a cache's files and key, whether or not it can be opened.
pub fn shred_location(
    location: &CacheLocation,
    secrets: &dyn SecretStore,
) -> Result<(), CacheError> {
    remove_files(&location.files())?;
    secrets.delete(&location.key_name)?;
    Ok(())
}

fn remove_files(files: &[PathBuf]) -> Result<(), CacheError> {
    for file in files {
        match std::fs::remove_file(file) {
            Ok(()) => {}
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {}
            Err(error) => return Err(error.into()),
        }
    }
    Ok(())
}

/// The domains' catch-up after an upgrade (`sync::hook::cache_opened`), in one write.
async fn run_open_hooks(pool: &SqlitePool) -> Result<(), StoreError> {
    let mut tx = begin_write(pool).await?;
    cache_opened(&mut tx).await?;
    tx.commit().await?;
    Ok(())
}

/// Opens a transaction that writes. SQLite's default (deferred) transaction takes the
/// write lock at its first write, and when another connection has committed since the
/// transaction's first read, that upgrade fails at once with SQLITE_BUSY: the busy
/// timeout does not wait, since waiting cannot freshen a stale snapshot. An edit made in
/// the app while a sync page is being applied hit exactly that. `BEGIN IMMEDIATE` takes
/// the write lock up front, where the busy timeout applies, so the later one waits.
///
/// The `BEGIN` runs on a task of its own, so a caller dropped meanwhile (a sync task
/// aborted, a window closed) cannot cancel it half-way: sqlx 0.8.6 counts the
/// transaction only once `BEGIN` has answered, so a cancelled one would hand the
/// connection back to the pool still inside it (sqlx#4393; the server guards its
/// PostgreSQL pool the same way). Finished on its own, the transaction is dropped with
/// the task's result and rolled back.
pub async fn begin_write(pool: &SqlitePool) -> Result<Transaction<'static, Sqlite>, sqlx::Error> {
    let pool = pool.clone();
    match tokio::spawn(async move { pool.begin_with("BEGIN IMMEDIATE").await }).await {
        Ok(begun) => begun,
        Err(failed) if failed.is_panic() => std::panic::resume_unwind(failed.into_panic()),
        // Only a runtime shutting down cancels the task: no transaction to hand out.
        Err(_) => Err(sqlx::Error::PoolClosed),
    }
}

/// A pool on the SQLCipher file at `path` with the raw key `key_hex`, checked to be
/// encrypted and readable; no migrations run.
async fn connect(path: &Path, key_hex: &str) -> Result<SqlitePool, CacheError> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    // SQLCipher encrypts with OpenSSL's libcrypto, which, initialised the default way,
    // frees its state from an exit handler. sqlx closes SQLite connections on worker
    // threads of its own, which can still be encrypting or freeing a page when the
    // process exits, and then touch freed state: the suite saw a SIGSEGV after a test
    // binary's last test, and quitting the app mid-sync could do the same. Initialised
    // first, here, without that handler, libcrypto leaves its memory to the OS at exit.
    openssl_sys::init();
    let options = SqliteConnectOptions::new()
        .filename(path)
        .create_if_missing(true)
        // A raw key in SQLCipher's x'' form; sqlx sends `key` before any other pragma.
        .pragma("key", format!("\"x'{key_hex}'\""))
        // Deleted content is overwritten, not left in free pages: an erased lead is
        // gone from the file, not only from the tables.
        .pragma("secure_delete", "on")
        .journal_mode(SqliteJournalMode::Wal)
        // Decrypted pages kept per connection (negative: KiB). Every page read from the
        // file is decrypted and authenticated again, so the cache must hold what reads
        // come back to: a pulled page's pages, so a transaction encrypts each page once
        // at commit instead of spilling and rewriting it, and the knowledge base's
        // full-text indexes, which the test console reads for every question. With
        // 16 MiB, a quarter of the console's time over 20,000 chunks went to decrypting
        // the same pages again. The memory is taken only as pages are read.
        .pragma("cache_size", "-65536")
        // The write-ahead log is copied into the file by a task of the cache's own
        // (checkpoint.rs); a commit does it only past this length.
        .pragma("wal_autocheckpoint", checkpoint::AUTOCHECKPOINT_PAGES)
        .foreign_keys(true)
        .busy_timeout(Duration::from_secs(5));
    let pool = SqlitePoolOptions::new()
        .max_connections(4)
        .connect_with(options)
        .await
        .map_err(|source| classify_open_error(path, source))?;
    let cipher: Option<String> = sqlx::query_scalar("pragma cipher_version")
        .fetch_optional(&pool)
        .await
        .map_err(|source| classify_open_error(path, source))?;
    if cipher.is_none_or(|version| version.is_empty()) {
        pool.close().await;
        return Err(CacheError::EncryptionUnavailable);
    }
    Ok(pool)
}

fn classify_open_error(path: &Path, source: sqlx::Error) -> CacheError {
    let not_a_database = source
        .as_database_error()
        .and_then(|e| e.code())
        .is_some_and(|code| code == SQLITE_NOTADB);
    if not_a_database {
        CacheError::WrongKey(path.to_owned())
    } else {
        CacheError::Open {
            path: path.to_owned(),
            source,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::secrets::MemorySecretStore;

    const SERVER: &str = "http://127.0.0.1:8080";

    fn location(dir: &Path) -> CacheLocation {
        CacheLocation::new(dir, SERVER, TenantId::new())
    }

    /// A temporary folder, an in-memory keychain, and a closed cache holding `marker`.
    async fn cache_with_marker(
        marker: &str,
    ) -> (tempfile::TempDir, MemorySecretStore, CacheLocation) {
        let dir = tempfile::tempdir().unwrap();
        let secrets = MemorySecretStore::default();
        let location = location(dir.path());
        let cache = TenantCache::open(location.clone(), &secrets).await.unwrap();
        write_marker(&cache, marker).await;
        cache.close().await;
        (dir, secrets, location)
    }

    async fn read_marker(cache: &TenantCache) -> String {
        sqlx::query_scalar("select value from cache_meta where key = 'marker'")
            .fetch_one(cache.pool())
            .await
            .unwrap()
    }

    async fn write_marker(cache: &TenantCache, value: &str) {
        sqlx::query("insert into cache_meta (key, value) values ('marker', ?)")
            .bind(value)
            .execute(cache.pool())
            .await
            .unwrap();
    }

    #[tokio::test]
    async fn a_new_cache_is_encrypted_and_reopens_with_its_key() {
        let (_dir, secrets, location) = cache_with_marker("Margaret Leadsworth").await;

        let key = secrets
            .get(location.key_name())
            .unwrap()
            .expect("a key was stored");
        assert_eq!(hex::decode(&key).unwrap().len(), 32, "a 256-bit key");
        let bytes = std::fs::read(location.path()).unwrap();
        assert!(
            !bytes.starts_with(b"SQLite format 3"),
            "the header is encrypted too"
        );
        // The write-ahead log may still hold the row; it must be ciphertext as well.
        for file in location.files().iter().filter(|f| f.exists()) {
            let bytes = std::fs::read(file).unwrap();
            let needle = b"Leadsworth";
            assert!(
                !bytes.windows(needle.len()).any(|w| w == needle),
                "plaintext in {}",
                file.display()
            );
        }

        let cache = TenantCache::open(location, &secrets).await.unwrap();
        assert_eq!(read_marker(&cache).await, "Margaret Leadsworth");
    }

    #[tokio::test]
    async fn each_tenant_and_server_gets_its_own_file_and_key() {
        let dir = tempfile::tempdir().unwrap();
        let tenant = TenantId::new();
        let a = CacheLocation::new(dir.path(), SERVER, tenant);
        let b = CacheLocation::new(dir.path(), SERVER, TenantId::new());
        let c = CacheLocation::new(dir.path(), "https://brokerdesk.example", tenant);
        assert_ne!(a.path(), b.path());
        assert_ne!(a.path(), c.path());
        assert_ne!(a.key_name(), c.key_name());
        assert_eq!(
            a,
            CacheLocation::new(dir.path(), "http://127.0.0.1:8080/", tenant)
        );
    }

    #[tokio::test]
    async fn a_wrong_key_is_reported_and_the_data_survives() {
        let (_dir, secrets, location) = cache_with_marker("keep me").await;
        let right_key = secrets.get(location.key_name()).unwrap().unwrap();

        secrets.set(location.key_name(), &"00".repeat(32)).unwrap();
        let error = TenantCache::open(location.clone(), &secrets)
            .await
            .err()
            .unwrap();
        assert!(matches!(error, CacheError::WrongKey(_)), "{error}");

        secrets.set(location.key_name(), &right_key).unwrap();
        let cache = TenantCache::open(location, &secrets).await.unwrap();
        assert_eq!(read_marker(&cache).await, "keep me");
    }

    #[tokio::test]
    async fn a_missing_key_for_an_existing_file_is_reported_not_replaced() {
        let (_dir, secrets, location) = cache_with_marker("x").await;
        secrets.delete(location.key_name()).unwrap();

        let error = TenantCache::open(location.clone(), &secrets)
            .await
            .err()
            .unwrap();
        assert!(matches!(error, CacheError::KeyMissing(_)), "{error}");
        assert!(
            secrets.get(location.key_name()).unwrap().is_none(),
            "no new key was minted"
        );
    }

    #[tokio::test]
    async fn shredding_removes_the_files_and_the_key() {
        let (_dir, secrets, location) = cache_with_marker("x").await;
        let cache = TenantCache::open(location.clone(), &secrets).await.unwrap();
        cache.shred(&secrets).await.unwrap();
        for file in location.files() {
            assert!(!file.exists(), "{} survived", file.display());
        }
        assert!(secrets.get(location.key_name()).unwrap().is_none());
    }
}
