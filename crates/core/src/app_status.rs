//! What the desktop shell reports to its UI about the machine it runs on: whether the
//! configured server answers, and whether the OS keychain can hold the cache keys. The
//! checks are made in Rust (brokerdesk-client); the webview only displays the result.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::ErrorBody;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ServerStatus {
    /// The server the app is configured to use.
    pub server_url: String,
    /// True when the server answered its readiness check and its database is up.
    pub reachable: bool,
    /// The server's build version, when it answered.
    pub server_version: Option<String>,
    #[ts(type = "string")]
    pub checked_at: DateTime<Utc>,
    /// Why the server is not reachable, when it is not.
    pub error: Option<ErrorBody>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct KeychainStatus {
    /// True when a secret could be written, read back and removed.
    pub available: bool,
    /// The keychain this platform uses, e.g. "Secret Service".
    pub backend: String,
    /// What to install or unlock, when the keychain is not available.
    pub error: Option<ErrorBody>,
}

/// What the About dialog shows: which app this is, what it talks to, and where it keeps
/// its data, so a support call can start from facts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AboutInfo {
    pub app_version: String,
    pub server: ServerStatus,
    /// The sync protocol this app speaks (`x-brokerdesk-protocol`).
    pub sync_protocol_version: u32,
    /// The folder holding the encrypted caches, one file per tenant.
    pub data_folder: String,
    pub keychain: KeychainStatus,
    /// Where the app asks for updates.
    pub update_endpoint: String,
}

/// The answer of an update check.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct UpdateCheck {
    pub current_version: String,
    /// A newer version the endpoint offers; nothing has been downloaded yet. None when
    /// the app is up to date (an older or equal version is not offered).
    pub offered: Option<OfferedUpdate>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct OfferedUpdate {
    pub version: String,
    pub notes: Option<String>,
    /// When the release was published, as the endpoint says.
    pub published: Option<String>,
}

/// A downloaded update whose signature has been verified, waiting to be installed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct UpdateReady {
    pub version: String,
    pub bytes: u64,
}
