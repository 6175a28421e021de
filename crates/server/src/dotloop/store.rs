//! The seam between the importer and the transactions domain: where fetched loops
//! land. The importer and the webhooks write through [`LoopStore`] only, so they can be
//! built and tested before the `transactions` table exists.
//!
//! LEAD, WIRING NOTE: when tx-server's `transactions` domain is merged, implement
//! `LoopStore` over it (upsert keyed by `(tenant_id, loop_view_id)` with the id
//! `TransactionId::for_loop_view(tenant, loop_view_id)`, the stored fields merged with
//! `dotloop_api::merged_from_api`, unchanged rows not rewritten, and
//! `tx.next_version()` taken only when a row changes) and return it from
//! [`SharedStore::default`] in place of `NotWired`.

use async_trait::async_trait;
use brokerdesk_core::transactions::TransactionFields;
use brokerdesk_core::transactions::details::ValueFinding;
use std::sync::Arc;

use crate::db::TenantTx;
use crate::error::ApiError;

/// One loop as the API described it, ready to store.
#[derive(Clone, Debug)]
pub struct ImportedLoop {
    /// From `dotloop_api::loop_to_transaction`; `loop_view_id` is always set.
    pub fields: TransactionFields,
    /// Values that could not be read (left empty, never 0).
    pub findings: Vec<ValueFinding>,
}

/// What storing a batch did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct StoreCounts {
    pub created: u64,
    pub updated: u64,
    pub unchanged: u64,
}

impl std::ops::AddAssign for StoreCounts {
    fn add_assign(&mut self, other: Self) {
        self.created += other.created;
        self.updated += other.updated;
        self.unchanged += other.unchanged;
    }
}

#[async_trait]
pub trait LoopStore: Send + Sync {
    /// Creates or updates the deal of each loop in `tx`'s tenant, keyed by loop view id;
    /// a loop whose stored deal would not change is left alone.
    async fn store_loops(
        &self,
        tx: &mut TenantTx,
        loops: Vec<ImportedLoop>,
    ) -> Result<StoreCounts, ApiError>;

    /// LOOP_MERGED: the deal on loop view `from` now lives on loop view `to`. When `to`
    /// has a deal already, that one stays and the deal on `from` is removed (with a
    /// tombstone), so one loop never has two deals. Returns whether `from` had a deal.
    async fn repoint_loop(&self, tx: &mut TenantTx, from: &str, to: &str)
    -> Result<bool, ApiError>;
}

/// The store the server writes to, shared by handlers, the schedule and webhooks.
#[derive(Clone)]
pub struct SharedStore(pub Arc<dyn LoopStore>);

impl std::fmt::Debug for SharedStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SharedStore")
    }
}

impl Default for SharedStore {
    fn default() -> Self {
        Self(Arc::new(NotWired))
    }
}

/// Stands in until the transactions domain is merged (see the note at the top): every
/// write fails with a code that says so, and the run is recorded as failed.
struct NotWired;

fn not_wired() -> ApiError {
    ApiError::UpstreamUnavailable {
        code: "transactions_store_missing",
        message:
            "This server cannot store Dotloop deals yet: the transactions domain is not installed."
                .into(),
    }
}

#[async_trait]
impl LoopStore for NotWired {
    async fn store_loops(
        &self,
        _: &mut TenantTx,
        _: Vec<ImportedLoop>,
    ) -> Result<StoreCounts, ApiError> {
        Err(not_wired())
    }

    async fn repoint_loop(&self, _: &mut TenantTx, _: &str, _: &str) -> Result<bool, ApiError> {
        Err(not_wired())
    }
}
