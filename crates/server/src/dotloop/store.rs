//! The seam between the importer and the transactions domain: where fetched loops
//! land. The importer and the webhooks write through [`LoopStore`], so their tests can
//! record what they would store ([`crate::testing::fake_dotloop`]); the server stores
//! into the `transactions` table through [`TransactionsStore`].

use async_trait::async_trait;
use brokerdesk_core::ids::TransactionId;
use brokerdesk_core::transactions::details::ValueFinding;
use brokerdesk_core::transactions::dotloop_api::merged_from_api;
use brokerdesk_core::transactions::{Transaction, TransactionFields};
use chrono::Utc;
use std::collections::HashMap;
use std::sync::Arc;

use crate::db::TenantTx;
use crate::error::ApiError;
use crate::transactions::store;

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

    /// LOOP_MERGED: the deal on loop view `from` now lives on loop view `to`. Returns
    /// whether it moved; when `to` has a deal already, nothing moves (deals are never
    /// deleted) and the next import refreshes the surviving loop's deal.
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
        Self(Arc::new(TransactionsStore))
    }
}

/// Deals in the `transactions` table, keyed by loop view id: a loop's deal has the id
/// [`TransactionId::for_loop_view`] (as a CSV import of the same loop gives it), the API's
/// fields are merged over what is stored ([`merged_from_api`]), and a loop whose deal
/// would not change is not rewritten, so a run that finds nothing new bumps no version.
pub struct TransactionsStore;

#[async_trait]
impl LoopStore for TransactionsStore {
    async fn store_loops(
        &self,
        tx: &mut TenantTx,
        loops: Vec<ImportedLoop>,
    ) -> Result<StoreCounts, ApiError> {
        let views: Vec<String> = loops
            .iter()
            .filter_map(|l| l.fields.loop_view_id.clone())
            .collect();
        let stored = store::by_loop_views(tx, &views).await?;
        let by_view: HashMap<&str, &Transaction> = stored
            .iter()
            .filter_map(|deal| Some((deal.fields.loop_view_id.as_deref()?, deal)))
            .collect();
        let tenant = tx.tenant_id();
        let mut counts = StoreCounts::default();
        let mut writes: Vec<(TransactionId, TransactionFields)> = Vec::new();
        for imported in loops {
            let Some(view) = imported.fields.loop_view_id.clone() else {
                continue;
            };
            match by_view.get(view.as_str()) {
                Some(deal) => {
                    let merged = merged_from_api(&deal.fields, &imported.fields);
                    if merged == deal.fields {
                        counts.unchanged += 1;
                    } else {
                        counts.updated += 1;
                        writes.push((deal.id, merged));
                    }
                }
                None => {
                    counts.created += 1;
                    writes.push((TransactionId::for_loop_view(tenant, &view), imported.fields));
                }
            }
        }
        if !writes.is_empty() {
            let version = tx.next_version().await?;
            let rows: Vec<(TransactionId, &TransactionFields)> =
                writes.iter().map(|(id, fields)| (*id, fields)).collect();
            store::write(tx, &rows, version, Utc::now()).await?;
        }
        Ok(counts)
    }

    /// Moves the deal of loop view `from` to `to`. When `to` has a deal of its own
    /// already, both stay as they are (deals are never deleted; the next run refreshes
    /// the surviving loop's deal) and this says `from` was not moved.
    async fn repoint_loop(
        &self,
        tx: &mut TenantTx,
        from: &str,
        to: &str,
    ) -> Result<bool, ApiError> {
        let found = store::by_loop_views(tx, &[from.to_owned(), to.to_owned()]).await?;
        let holds = |view: &str| {
            found
                .iter()
                .find(|deal| deal.fields.loop_view_id.as_deref() == Some(view))
        };
        let (Some(deal), None) = (holds(from), holds(to)) else {
            return Ok(false);
        };
        let mut moved = deal.fields.clone();
        moved.loop_view_id = Some(to.to_owned());
        let version = tx.next_version().await?;
        store::write(tx, &[(deal.id, &moved)], version, Utc::now()).await?;
        Ok(true)
    }
}
