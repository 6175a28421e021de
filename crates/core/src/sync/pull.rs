//! Pulling: the server sends what changed after the client's cursor, a page at a time.

use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

use super::{Cursor, SyncEntity};

/// The most rows a page may hold, whatever the client asks for.
pub const MAX_PAGE_ROWS: u32 = 5_000;
/// The most bytes of row data a page may hold. A page stops at the first row that
/// takes it past this, so one oversized row still gets through on a page of its own.
pub const MAX_PAGE_BYTES: u32 = 4 * 1024 * 1024;

/// The query string of `GET /v1/sync/pull`.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[serde(rename_all = "camelCase")]
pub struct PullQuery {
    /// The cursor's version (0 for a first pull).
    #[serde(default)]
    pub after_version: i64,
    #[serde(default)]
    pub after_entity: String,
    #[serde(default)]
    pub after_id: String,
    /// Rows per page, at most [`MAX_PAGE_ROWS`] (the default).
    pub limit: Option<u32>,
    /// Bytes of row data per page, at most [`MAX_PAGE_BYTES`] (the default).
    pub max_bytes: Option<u32>,
    /// Ask for [`PullPage::remaining`], which costs a count on the server; a client
    /// asks on the first page of a pull, to show progress.
    #[serde(default)]
    pub with_remaining: bool,
}

impl PullQuery {
    pub fn after(cursor: &Cursor) -> Self {
        Self {
            after_version: cursor.version,
            after_entity: cursor.entity.clone(),
            after_id: cursor.id.clone(),
            ..Self::default()
        }
    }

    pub fn cursor(&self) -> Cursor {
        Cursor {
            version: self.after_version,
            entity: self.after_entity.clone(),
            id: self.after_id.clone(),
        }
    }
}

/// One row that changed. `data` is the record as the API would return it to this caller,
/// or none when it was deleted or the caller may no longer see it (say, a lead assigned
/// to another agent): either way the client drops its copy.
#[derive(Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Change {
    pub entity: SyncEntity,
    pub id: String,
    pub version: i64,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub data: Option<Box<RawValue>>,
}

impl Change {
    pub fn cursor(&self) -> Cursor {
        Cursor::at(self.version, self.entity, self.id.clone())
    }
}

#[derive(Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct PullPage {
    pub changes: Vec<Change>,
    /// Where the next pull starts: the last change's position, or the request's cursor
    /// when the page is empty.
    pub next: Cursor,
    /// True when more changes wait beyond this page.
    pub has_more: bool,
    /// The tenant's clock when the page was read. Nothing above it is in this pull yet.
    pub clock: i64,
    /// Rows after the request's cursor, up to `clock`, when asked for.
    pub remaining: Option<u64>,
    /// The tenant's profile and plan usage ([`super::TenantSnapshot`]), on the last page
    /// of a pull. Computed, not versioned, so it comes whole each time.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub tenant: Option<Box<RawValue>>,
}
