//! A report exported on a device, offline from its cache: the device records it and
//! pushes it at its next sync as the create of an audit entry, so the trail shows it
//! as it shows an export made through the server.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::Period;

/// The audit action of an export made offline.
pub const OFFLINE_EXPORT_ACTION: &str = "report.exported_offline";

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum ExportFormat {
    Pdf,
    Csv,
    Png,
}

/// What the pushed audit entry holds: the whole of it (unknown fields are refused), so
/// a device cannot write anything else into the trail through it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct OfflineExport {
    pub format: ExportFormat,
    pub period: Period,
    /// The device's clock when the file was written.
    pub exported_at: DateTime<Utc>,
}
