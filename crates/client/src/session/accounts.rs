//! The accounts this device knows (which server and tenant, the user's email, which one
//! is current), kept in `accounts.json` in the data directory: nothing in it is secret,
//! and it lets `brokerdesk-cli tenants` work offline.

use brokerdesk_core::ids::{TenantId, UserId};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use ts_rs::TS;
use uuid::Uuid;

use super::{SessionError, SessionManager, support};
use crate::cache::{CacheLocation, server_fingerprint};

const ACCOUNTS_FILE: &str = "accounts.json";

/// A sign-in this device knows about. Nothing in it is secret.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Account {
    pub server_url: String,
    pub tenant_id: TenantId,
    pub subdomain: String,
    pub tenant_name: String,
    pub user_id: UserId,
    /// The member's email, or the staff member's for a support session.
    pub email: String,
    /// Set for a platform support session, whose cache is deleted when it ends.
    pub support: Option<SupportInfo>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SupportInfo {
    #[ts(type = "string")]
    pub session_id: Uuid,
    pub reason: String,
    #[ts(type = "string")]
    pub expires_at: DateTime<Utc>,
}

impl Account {
    pub(super) fn same(&self, server_url: &str, tenant_id: TenantId) -> bool {
        server_fingerprint(&self.server_url) == server_fingerprint(server_url)
            && self.tenant_id == tenant_id
    }

    /// Where this account's cache lives under `data_dir`. Support sessions get their own
    /// folder and key names, so they never touch a member's cache of the same tenant.
    pub fn cache_location(&self, data_dir: &Path) -> CacheLocation {
        if self.support.is_some() {
            CacheLocation::for_support(data_dir, &self.server_url, self.tenant_id)
        } else {
            CacheLocation::new(data_dir, &self.server_url, self.tenant_id)
        }
    }

    /// The keychain entry that holds this account's refresh token.
    pub fn refresh_key(&self) -> String {
        format!(
            "refresh-token:{}:{}",
            server_fingerprint(&self.server_url),
            self.tenant_id
        )
    }

    pub(super) fn support_key(&self) -> String {
        support::secrets_key(&server_fingerprint(&self.server_url), self.tenant_id)
    }
}

#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct AccountsFile {
    pub(super) accounts: Vec<Account>,
    /// Index into `accounts` of the one commands act on.
    pub(super) current: Option<usize>,
}

impl SessionManager {
    /// Every account this device knows, current first.
    pub fn accounts(&self) -> Result<Vec<Account>, SessionError> {
        let file = self.load()?;
        let mut accounts = file.accounts;
        if let Some(current) = file.current.filter(|&i| i < accounts.len()) {
            accounts.swap(0, current);
        }
        Ok(accounts)
    }

    pub fn current(&self) -> Result<Option<Account>, SessionError> {
        let file = self.load()?;
        Ok(file.current.and_then(|i| file.accounts.get(i).cloned()))
    }

    /// Makes the account for `tenant` (its subdomain or id) current.
    pub fn switch(&self, tenant: &str) -> Result<Account, SessionError> {
        let mut file = self.load()?;
        let index = file
            .accounts
            .iter()
            .position(|a| a.subdomain == tenant || a.tenant_id.to_string() == tenant)
            .ok_or_else(|| SessionError::NotSignedIn(tenant.to_owned()))?;
        file.current = Some(index);
        self.save(&file)?;
        Ok(file.accounts[index].clone())
    }

    /// Adds or replaces the account and makes it current.
    pub(super) fn remember(&self, account: &Account) -> Result<(), SessionError> {
        let mut file = self.load()?;
        file.accounts.retain(|a| {
            !(a.same(&account.server_url, account.tenant_id)
                && a.support.is_some() == account.support.is_some())
        });
        file.accounts.push(account.clone());
        file.current = Some(file.accounts.len() - 1);
        self.save(&file)
    }

    fn accounts_path(&self) -> PathBuf {
        self.data_dir.join(ACCOUNTS_FILE)
    }

    pub(super) fn load(&self) -> Result<AccountsFile, SessionError> {
        let path = self.accounts_path();
        match std::fs::read(&path) {
            Ok(bytes) => serde_json::from_slice(&bytes).map_err(|e| SessionError::Accounts {
                path,
                detail: e.to_string(),
            }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(AccountsFile::default()),
            Err(e) => Err(SessionError::Accounts {
                path,
                detail: e.to_string(),
            }),
        }
    }

    pub(super) fn save(&self, file: &AccountsFile) -> Result<(), SessionError> {
        let path = self.accounts_path();
        let fail = |e: std::io::Error| SessionError::Accounts {
            path: path.clone(),
            detail: e.to_string(),
        };
        std::fs::create_dir_all(&self.data_dir).map_err(fail)?;
        // Written aside and renamed, so a crash never leaves half a file.
        let temporary = path.with_extension("json.tmp");
        std::fs::write(
            &temporary,
            serde_json::to_vec_pretty(file).expect("accounts serialise"),
        )
        .map_err(fail)?;
        std::fs::rename(&temporary, &path).map_err(fail)
    }
}
