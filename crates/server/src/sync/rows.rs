//! The rows of the change stream: how a synced table keys them, and a row's key before
//! its data is read.

use brokerdesk_core::sync::{SyncEntity, audit_entry_id};
use uuid::Uuid;

/// How a table keys its rows: by a uuid `id` (or the tenant id, for one-row tables), or
/// by a sequence number (the audit trail).
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum KeyKind {
    Uuid,
    Seq,
}

/// Where a synced table's rows live, for the default window queries.
pub struct Table {
    pub name: &'static str,
    /// The key column: `id`, `seq`, or `tenant_id` for a table of one row per tenant.
    pub key: &'static str,
    pub kind: KeyKind,
}

impl Table {
    /// A table keyed by a uuid `id`.
    pub const fn by_id(name: &'static str) -> Self {
        Self {
            name,
            key: "id",
            kind: KeyKind::Uuid,
        }
    }
}

/// A row's key in its own table. Within an entity these order as the cursor orders
/// their text (a uuid's lower-case hex orders as its bytes; audit sequence numbers are
/// zero-padded), so keys are merged without writing them out; only the page's are.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RowId {
    Uuid(Uuid),
    Seq(i64),
}

impl RowId {
    pub(super) fn text(self) -> String {
        match self {
            RowId::Uuid(id) => id.to_string(),
            RowId::Seq(seq) => audit_entry_id(seq),
        }
    }

    /// The uuids among `rows`.
    pub fn uuids(rows: &[RowId]) -> Vec<Uuid> {
        rows.iter()
            .filter_map(|row| match row {
                RowId::Uuid(id) => Some(*id),
                RowId::Seq(_) => None,
            })
            .collect()
    }

    /// The sequence numbers among `rows`.
    pub fn seqs(rows: &[RowId]) -> Vec<i64> {
        rows.iter()
            .filter_map(|row| match row {
                RowId::Seq(seq) => Some(*seq),
                RowId::Uuid(_) => None,
            })
            .collect()
    }
}

/// One row of the change stream, before its data is read.
pub struct RowKey {
    pub version: i64,
    pub entity: SyncEntity,
    pub row: RowId,
    /// False for a tombstone, and for a row the caller may no longer read (a lead
    /// reassigned away): either way the change goes without data, and the device drops
    /// its copy.
    pub visible: bool,
}
