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
