//! The tenant's full export, run as a job: what a job looks like on the wire, the
//! limits on starting one, and the manifest inside the ZIP it writes. The ZIP holds, per
//! kind of record, one JSON file (an array of the records as the API shows them) and one
//! CSV file (the same records, one column per top-level field, every cell neutralised).
//! Secrets never leave: the records are the API's own shapes, which hold none.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::ids::{ExportId, TenantId, UserId};

/// Names the manifest's shape, so a reader of an old file knows which fields to expect.
pub const EXPORT_FORMAT: &str = "brokerdesk-tenant-export/3";
/// What the former one-document export (`GET /v1/export`, removed) recorded. Trails keep
/// those entries for the tenant's life, so they still read as sentences and can still be
/// linked to a privacy request.
pub const LEGACY_EXPORT_ACTION: &str = "tenant.exported";
/// How long a finished export can be downloaded.
pub const DOWNLOAD_DAYS: i64 = 7;
/// How many exports a tenant may start in any 24 hours: each reads every row it holds.
pub const DAILY_LIMIT: usize = 3;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ExportStatus {
    Queued,
    Running,
    Completed,
    Failed,
    /// Completed, but past its download window; the file is gone.
    Expired,
}

impl ExportStatus {
    /// Queued or running: at most one such export per tenant.
    pub fn is_active(self) -> bool {
        matches!(self, Self::Queued | Self::Running)
    }
}

/// One export job, with its progress while it runs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ExportJob {
    pub id: ExportId,
    pub status: ExportStatus,
    pub requested_by: UserId,
    pub created_at: DateTime<Utc>,
    pub started_at: Option<DateTime<Utc>>,
    pub finished_at: Option<DateTime<Utc>>,
    /// When the download stops working: [`DOWNLOAD_DAYS`] after it finished.
    pub expires_at: Option<DateTime<Utc>>,
    #[ts(type = "number")]
    pub rows_done: i64,
    /// Counted when the job starts; rows added meanwhile may make the end a little larger.
    #[ts(type = "number")]
    pub rows_total: i64,
    /// The ZIP's size in bytes, once completed.
    #[ts(type = "number | null")]
    pub file_bytes: Option<i64>,
    /// The ZIP's SHA-256 (hex), once completed, to check a downloaded copy against.
    pub sha256: Option<String>,
    /// Why it failed, as an error code (`interrupted` when its server stopped).
    pub error_code: Option<String>,
}

impl ExportJob {
    /// Progress as a fraction from 0 to 1, for a progress bar.
    pub fn progress(&self) -> f64 {
        match self.status {
            ExportStatus::Completed | ExportStatus::Expired => 1.0,
            _ if self.rows_total <= 0 => 0.0,
            _ => (self.rows_done as f64 / self.rows_total as f64).clamp(0.0, 1.0),
        }
    }
}

/// `manifest.json` in the ZIP: each file with its row count and checksum.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ExportManifest {
    pub format: String,
    pub tenant_id: TenantId,
    pub export_id: ExportId,
    pub exported_at: DateTime<Utc>,
    pub files: Vec<ManifestFile>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ManifestFile {
    /// The file's name in the ZIP, e.g. `leads.csv`.
    pub name: String,
    pub rows: u64,
    pub bytes: u64,
    /// SHA-256 (hex) of the file's bytes as unzipped.
    pub sha256: String,
}

/// When the tenant may start its next export, given when its exports of the last 24
/// hours were started; `None` when it may start one now.
pub fn next_start_allowed(started: &[DateTime<Utc>], now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    let window = Duration::hours(24);
    let mut recent: Vec<_> = started.iter().filter(|t| now - **t < window).collect();
    if recent.len() < DAILY_LIMIT {
        return None;
    }
    recent.sort();
    // The oldest start that must leave the window for one more to fit.
    Some(*recent[recent.len() - DAILY_LIMIT] + window)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(hour: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_800_000_000, 0).unwrap() + Duration::hours(hour)
    }

    #[test]
    fn the_fourth_start_in_a_day_waits_for_the_oldest_to_leave_the_window() {
        let now = at(20);
        assert_eq!(next_start_allowed(&[at(1), at(5)], now), None);
        assert_eq!(
            next_start_allowed(&[at(5), at(1), at(10)], now),
            Some(at(25))
        );
        // Starts older than a day no longer count.
        assert_eq!(next_start_allowed(&[at(-10), at(5), at(10)], now), None);
    }

    #[test]
    fn progress_is_a_fraction_and_complete_when_done() {
        let mut job = ExportJob {
            id: ExportId::new(),
            status: ExportStatus::Running,
            requested_by: UserId::new(),
            created_at: at(0),
            started_at: Some(at(0)),
            finished_at: None,
            expires_at: None,
            rows_done: 250,
            rows_total: 1_000,
            file_bytes: None,
            sha256: None,
            error_code: None,
        };
        assert_eq!(job.progress(), 0.25);
        job.rows_total = 0;
        assert_eq!(job.progress(), 0.0);
        job.status = ExportStatus::Completed;
        assert_eq!(job.progress(), 1.0);
        assert!(!job.status.is_active());
    }
}
