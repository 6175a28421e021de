//! The encrypted per-tenant cache: one SQLCipher file per (server, tenant), each with its
//! own random 256-bit key held in the OS keychain. A raw key means SQLCipher runs no
//! passphrase derivation when the file opens.

use brokerdesk_core::ids::TenantId;
use rand::RngCore;
use sha2::{Digest, Sha256};
use sqlx::SqlitePool;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions};
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::secrets::{SecretStore, SecretStoreError};

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");

/// SQLite's "file is not a database": what SQLCipher reports for a wrong key.
const SQLITE_NOTADB: &str = "26";

#[derive(Debug, thiserror::Error)]
pub enum CacheError {
    #[error(transparent)]
    Keychain(#[from] SecretStoreError),
    #[error("the local cache {} exists but its key is no longer in the keychain, so it cannot be read", .0.display())]
    KeyMissing(PathBuf),
    #[error("the local cache {} does not open with the key in the keychain", .0.display())]
    WrongKey(PathBuf),
    #[error("this build's SQLite has no SQLCipher, so it cannot keep an encrypted cache")]
    EncryptionUnavailable,
    #[error("the local cache {} could not be opened: {source}", path.display())]
    Open { path: PathBuf, source: sqlx::Error },
    #[error("the local cache could not be upgraded: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("the local cache files could not be removed: {0}")]
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
        let server = server_fingerprint(server_url);
        Self {
            path: data_dir.join("caches").join(&server).join(format!("{tenant_id}.db")),
            key_name: format!("cache-key:{server}:{tenant_id}"),
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn key_name(&self) -> &str {
        &self.key_name
    }

    /// The database file and SQLite's companions (write-ahead log, shared memory).
    fn files(&self) -> [PathBuf; 3] {
        let with_suffix = |suffix: &str| {
            let mut name = self.path.clone().into_os_string();
            name.push(suffix);
            PathBuf::from(name)
        };
        [self.path.clone(), with_suffix("-wal"), with_suffix("-shm")]
    }
}

fn server_fingerprint(server_url: &str) -> String {
    let normalised = server_url.trim().trim_end_matches('/').to_ascii_lowercase();
    hex::encode(&Sha256::digest(normalised.as_bytes())[..8])
}

pub struct TenantCache {
    pool: SqlitePool,
    location: CacheLocation,
}

impl TenantCache {
    /// Opens the tenant's cache, creating it (and its key) on first use. A key is stored
    /// in the keychain before the file is created, so no file ever exists whose key was
    /// never saved.
    pub async fn open(location: CacheLocation, secrets: &dyn SecretStore) -> Result<Self, CacheError> {
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
        if let Some(dir) = location.path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let options = SqliteConnectOptions::new()
            .filename(&location.path)
            .create_if_missing(true)
            // A raw key in SQLCipher's x'' form; sqlx sends `key` before any other pragma.
            .pragma("key", format!("\"x'{key_hex}'\""))
            .journal_mode(SqliteJournalMode::Wal)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(5));
        let pool = SqlitePoolOptions::new()
            .max_connections(4)
            .connect_with(options)
            .await
            .map_err(|source| classify_open_error(&location, source))?;

        let cipher: Option<String> = sqlx::query_scalar("pragma cipher_version")
            .fetch_optional(&pool)
            .await
            .map_err(|source| classify_open_error(&location, source))?;
        if cipher.is_none_or(|version| version.is_empty()) {
            pool.close().await;
            return Err(CacheError::EncryptionUnavailable);
        }
        MIGRATOR.run(&pool).await?;
        Ok(Self { pool, location })
    }

    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }

    pub fn location(&self) -> &CacheLocation {
        &self.location
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
pub fn shred_location(location: &CacheLocation, secrets: &dyn SecretStore) -> Result<(), CacheError> {
    for file in location.files() {
        match std::fs::remove_file(&file) {
            Ok(()) => {}
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {}
            Err(error) => return Err(error.into()),
        }
    }
    secrets.delete(&location.key_name)?;
    Ok(())
}

fn classify_open_error(location: &CacheLocation, source: sqlx::Error) -> CacheError {
    let not_a_database = source
        .as_database_error()
        .and_then(|e| e.code())
        .is_some_and(|code| code == SQLITE_NOTADB);
    if not_a_database {
        CacheError::WrongKey(location.path.clone())
    } else {
        CacheError::Open {
            path: location.path.clone(),
            source,
        }
    }
}
