//! A [`LoopStore`] in memory, for tests of the importer and webhooks while the
//! transactions domain is built elsewhere: it keeps each tenant's deals by loop view
//! id with the same rules the real store must follow (merge with `merged_from_api`,
//! leave an unchanged deal alone).

use async_trait::async_trait;
use brokerdesk_core::ids::TenantId;
use brokerdesk_core::transactions::TransactionFields;
use brokerdesk_core::transactions::dotloop_api::merged_from_api;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use crate::db::TenantTx;
use crate::dotloop::store::{ImportedLoop, LoopStore, SharedStore, StoreCounts};
use crate::error::ApiError;

#[derive(Clone, Default)]
pub struct RecordingStore {
    deals: Arc<Mutex<HashMap<(TenantId, String), TransactionFields>>>,
}

impl RecordingStore {
    pub fn shared(&self) -> SharedStore {
        SharedStore(Arc::new(self.clone()))
    }

    /// The tenant's deals, by loop view id.
    pub fn deals(&self, tenant: TenantId) -> HashMap<String, TransactionFields> {
        self.deals
            .lock()
            .expect("not poisoned")
            .iter()
            .filter(|((t, _), _)| *t == tenant)
            .map(|((_, id), fields)| (id.clone(), fields.clone()))
            .collect()
    }
}

#[async_trait]
impl LoopStore for RecordingStore {
    async fn store_loops(
        &self,
        tx: &mut TenantTx,
        loops: Vec<ImportedLoop>,
    ) -> Result<StoreCounts, ApiError> {
        let tenant = tx.tenant_id();
        let mut deals = self.deals.lock().expect("not poisoned");
        let mut counts = StoreCounts::default();
        for imported in loops {
            let id = imported
                .fields
                .loop_view_id
                .clone()
                .expect("API loops have a view id");
            match deals.get(&(tenant, id.clone())) {
                None => {
                    counts.created += 1;
                    deals.insert((tenant, id), imported.fields);
                }
                Some(existing) => {
                    let merged = merged_from_api(existing, &imported.fields);
                    if merged == *existing {
                        counts.unchanged += 1;
                    } else {
                        counts.updated += 1;
                        deals.insert((tenant, id), merged);
                    }
                }
            }
        }
        Ok(counts)
    }

    async fn repoint_loop(
        &self,
        tx: &mut TenantTx,
        from: &str,
        to: &str,
    ) -> Result<bool, ApiError> {
        let tenant = tx.tenant_id();
        let mut deals = self.deals.lock().expect("not poisoned");
        let Some(mut deal) = deals.remove(&(tenant, from.to_owned())) else {
            return Ok(false);
        };
        deal.loop_view_id = Some(to.to_owned());
        deals.entry((tenant, to.to_owned())).or_insert(deal);
        Ok(true)
    }
}
