//! The Dotloop connection as `GET /v1/dotloop` reports it and the desktop's Settings
//! card shows it: whether the server is set up for Dotloop, whether the brokerage is
//! connected and to which account, and its import runs; and the answers of connecting,
//! "Sync now" and disconnecting. Wire types only: the server fills them from its tables,
//! the client reads them (and keeps the last one for when it is offline).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

/// The connection's value of [`DotloopStatus::status`] while Dotloop takes its tokens.
pub const CONNECTED: &str = "connected";
/// A run still under way; [`RunSummary::status`].
pub const RUNNING: &str = "running";

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct DotloopAccount {
    pub profile_id: Option<String>,
    pub name: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct DotloopStatus {
    /// The operator has set the client id and secret.
    pub configured: bool,
    pub connected: bool,
    /// `connected` or `needs_reconnect` (Dotloop refused the tokens: connect again).
    #[ts(type = "\"connected\" | \"needs_reconnect\" | null")]
    pub status: Option<String>,
    pub account: Option<DotloopAccount>,
    pub connected_at: Option<DateTime<Utc>>,
    /// The latest run; while it runs, its counts are its progress so far.
    pub latest_run: Option<RunSummary>,
    /// The latest run that completed: when deals were last brought up to date.
    pub last_successful_run: Option<RunSummary>,
}

/// An import run.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct RunSummary {
    pub id: Uuid,
    /// `manual` or `schedule`.
    #[ts(type = "\"manual\" | \"schedule\"")]
    pub trigger: String,
    /// `running`, `succeeded` or `failed`.
    #[ts(type = "\"running\" | \"succeeded\" | \"failed\"")]
    pub status: String,
    pub started_at: DateTime<Utc>,
    pub finished_at: Option<DateTime<Utc>>,
    /// Loops Dotloop reported for this run (after `updated_min` on an incremental one).
    #[ts(type = "number | null")]
    pub loops_total: Option<i64>,
    #[ts(type = "number")]
    pub loops_seen: i64,
    #[ts(type = "number")]
    pub created: i64,
    #[ts(type = "number")]
    pub updated: i64,
    #[ts(type = "number")]
    pub unchanged: i64,
    /// Why it failed, e.g. `dotloop_needs_reconnect`.
    pub error_code: Option<String>,
}

impl DotloopStatus {
    /// Whether Dotloop refused the connection's tokens, so only connecting again helps.
    pub fn needs_reconnect(&self) -> bool {
        self.connected && self.status.as_deref() != Some(CONNECTED)
    }
}

impl RunSummary {
    pub fn is_running(&self) -> bool {
        self.status == RUNNING
    }
}

/// `POST /v1/dotloop/connect`'s answer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ConnectStart {
    /// Open this in the system browser; it is good for 10 minutes, once.
    pub authorize_url: String,
}

/// `POST /v1/dotloop/sync`'s answer: the run started; its progress shows in the status.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct SyncStarted {
    pub run_id: Uuid,
}

/// `DELETE /v1/dotloop`'s answer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Disconnected {
    /// Whether Dotloop confirmed the token's revocation (the connection is forgotten
    /// either way).
    pub revoked: bool,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_status_reads_what_the_server_sends_and_tells_a_refused_connection() {
        let status: DotloopStatus = serde_json::from_value(json!({
            "configured": true, "connected": true, "status": "needs_reconnect",
            "account": {"profileId": "4711", "name": "Acme Realty"},
            "connectedAt": "2026-12-01T10:00:00Z",
            "latestRun": {"id": "6f1c2a52-8c43-4a8e-9d55-1f4a0b6c7d21", "trigger": "manual",
                "status": "running", "startedAt": "2026-12-01T10:05:00Z", "finishedAt": null,
                "loopsTotal": 1234, "loopsSeen": 300, "created": 290, "updated": 10,
                "unchanged": 0, "errorCode": null},
            "lastSuccessfulRun": null
        }))
        .unwrap();
        assert!(status.needs_reconnect());
        assert!(status.latest_run.as_ref().unwrap().is_running());
        assert_eq!(
            status.account.as_ref().unwrap().name.as_deref(),
            Some("Acme Realty")
        );
        let connected = DotloopStatus {
            status: Some(CONNECTED.into()),
            ..status.clone()
        };
        assert!(!connected.needs_reconnect());
        let never = DotloopStatus {
            connected: false,
            status: None,
            ..status
        };
        assert!(
            !never.needs_reconnect(),
            "not connected is not a refused connection"
        );
    }
}
