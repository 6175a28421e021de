//! Secrets (cache keys, refresh tokens) live in the OS keychain and nowhere else. When
//! no keychain is usable the app says what to install or unlock; it never falls back
//! to storing secrets in plaintext.

use brokerdesk_core::error::ErrorBody;

/// The keychain service name every Brokerdesk entry is filed under.
const SERVICE: &str = "brokerdesk";
const PROBE_ENTRY: &str = "keychain-probe";

#[derive(Debug, thiserror::Error)]
pub enum SecretStoreError {
    #[error("{hint}. (The keychain said: {detail})")]
    Unavailable { hint: &'static str, detail: String },
    #[error("The keychain refused the operation: {0}.")]
    Failed(String),
}

impl SecretStoreError {
    pub fn to_body(&self) -> ErrorBody {
        let code = match self {
            SecretStoreError::Unavailable { .. } => "keychain_unavailable",
            SecretStoreError::Failed(_) => "keychain_error",
        };
        ErrorBody::new(code, self.to_string())
    }
}

/// Where secrets are kept. The OS keychain in the app; an in-memory store in tests.
pub trait SecretStore: Send + Sync {
    fn backend_name(&self) -> &'static str;
    fn get(&self, name: &str) -> Result<Option<String>, SecretStoreError>;
    fn set(&self, name: &str, secret: &str) -> Result<(), SecretStoreError>;
    /// Removes the secret; removing one that is not there is not an error.
    fn delete(&self, name: &str) -> Result<(), SecretStoreError>;

    /// Writes, reads back and removes a throwaway secret: the only reliable way to
    /// learn whether a keychain is really there and unlocked.
    fn probe(&self) -> Result<(), SecretStoreError> {
        let marker = format!("probe-{}", uuid::Uuid::new_v4());
        self.set(PROBE_ENTRY, &marker)?;
        let read_back = self.get(PROBE_ENTRY)?;
        self.delete(PROBE_ENTRY)?;
        match read_back {
            Some(value) if value == marker => Ok(()),
            _ => Err(SecretStoreError::Failed(
                "a secret written to the keychain could not be read back".into(),
            )),
        }
    }
}

/// The platform keychain: Secret Service on Linux, Keychain on macOS, Credential
/// Manager on Windows. Calls block; async callers run them on a blocking thread.
#[derive(Clone, Copy, Debug, Default)]
pub struct OsKeychain;

#[cfg(target_os = "linux")]
const UNAVAILABLE_HINT: &str = "No usable keychain: Brokerdesk keeps its encryption keys in the Secret Service, and none is running or it is locked. Install one (for example `sudo apt install gnome-keyring`), sign in to a desktop session or unlock it, then restart Brokerdesk";
#[cfg(target_os = "macos")]
const UNAVAILABLE_HINT: &str = "No usable keychain: Brokerdesk keeps its encryption keys in the macOS Keychain, which could not be opened. Unlock your login keychain in Keychain Access, then restart Brokerdesk";
#[cfg(target_os = "windows")]
const UNAVAILABLE_HINT: &str = "No usable keychain: Brokerdesk keeps its encryption keys in Windows Credential Manager, which could not be opened. Sign in to Windows with your own account, then restart Brokerdesk";

impl OsKeychain {
    fn entry(name: &str) -> Result<keyring::Entry, SecretStoreError> {
        keyring::Entry::new(SERVICE, name).map_err(map_keyring_error)
    }
}

fn map_keyring_error(error: keyring::Error) -> SecretStoreError {
    match error {
        keyring::Error::NoStorageAccess(detail) | keyring::Error::PlatformFailure(detail) => {
            SecretStoreError::Unavailable {
                hint: UNAVAILABLE_HINT,
                detail: detail.to_string(),
            }
        }
        other => SecretStoreError::Failed(other.to_string()),
    }
}

impl SecretStore for OsKeychain {
    fn backend_name(&self) -> &'static str {
        if cfg!(target_os = "macos") {
            "macOS Keychain"
        } else if cfg!(target_os = "windows") {
            "Windows Credential Manager"
        } else {
            "Secret Service"
        }
    }

    fn get(&self, name: &str) -> Result<Option<String>, SecretStoreError> {
        match Self::entry(name)?.get_password() {
            Ok(secret) => Ok(Some(secret)),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(other) => Err(map_keyring_error(other)),
        }
    }

    fn set(&self, name: &str, secret: &str) -> Result<(), SecretStoreError> {
        Self::entry(name)?
            .set_password(secret)
            .map_err(map_keyring_error)
    }

    fn delete(&self, name: &str) -> Result<(), SecretStoreError> {
        match Self::entry(name)?.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(other) => Err(map_keyring_error(other)),
        }
    }
}

/// A secret store held in memory, for tests that exercise cache logic without a
/// keychain. Not compiled into the app.
#[cfg(any(test, feature = "test-support"))]
#[derive(Debug, Default)]
pub struct MemorySecretStore {
    secrets: std::sync::Mutex<std::collections::HashMap<String, String>>,
}

#[cfg(any(test, feature = "test-support"))]
impl MemorySecretStore {
    /// The names of the secrets held, for tests that check nothing was left behind.
    pub fn names(&self) -> Vec<String> {
        self.secrets.lock().unwrap().keys().cloned().collect()
    }
}

#[cfg(any(test, feature = "test-support"))]
impl SecretStore for MemorySecretStore {
    fn backend_name(&self) -> &'static str {
        "in-memory (tests only)"
    }

    fn get(&self, name: &str) -> Result<Option<String>, SecretStoreError> {
        Ok(self.secrets.lock().unwrap().get(name).cloned())
    }

    fn set(&self, name: &str, secret: &str) -> Result<(), SecretStoreError> {
        self.secrets
            .lock()
            .unwrap()
            .insert(name.to_owned(), secret.to_owned());
        Ok(())
    }

    fn delete(&self, name: &str) -> Result<(), SecretStoreError> {
        self.secrets.lock().unwrap().remove(name);
        Ok(())
    }
}
