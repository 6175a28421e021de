//! A deal's split overrides, offline: read from the cache with where this device's
//! edits of them stand, set (a new override, or the agent's existing one changed) and
//! removed. Each edit is checked by core's `validated_override` (the server's check),
//! shown at once and queued for the next push; the offline reports use the overrides
//! as the server's do.

use brokerdesk_core::admin_view::Edited;
use brokerdesk_core::commissions::{
    CommissionOverride, CommissionOverrideChanges, NewCommissionOverride, OverrideTerms,
};
use brokerdesk_core::ids::{CommissionOverrideId, RosterAgentId, TransactionId};
use brokerdesk_core::sync::SyncEntity;
use brokerdesk_core::sync::push::MutationOp;
use chrono::Utc;

use super::{refused, typed};
use crate::sync::edited::edited;
use crate::sync::edits::{LocalEdit, as_map};
use crate::sync::error::{StoreError, corrupt};
use crate::sync::records::LocalStore;

/// The overrides on one deal (a removal waiting to be sent among them), by agent.
pub async fn override_rows(
    store: &LocalStore,
    transaction: TransactionId,
) -> Result<Vec<Edited<CommissionOverride>>, StoreError> {
    let mut rows = edited::<CommissionOverride>(store, SyncEntity::CommissionOverride).await?;
    rows.retain(|r| r.record.transaction == transaction);
    rows.sort_by_key(|r| r.record.agent);
    Ok(rows)
}

impl LocalStore {
    /// Sets `agent`'s split on `transaction`: changes their override when the cache
    /// holds one, else makes one, as the server's `PUT` does.
    pub async fn set_commission_override(
        &self,
        transaction: TransactionId,
        agent: RosterAgentId,
        terms: OverrideTerms,
    ) -> Result<CommissionOverride, StoreError> {
        let terms = terms.validated().map_err(refused)?;
        let cached: Vec<CommissionOverride> = typed(self, SyncEntity::CommissionOverride).await?;
        let existing = cached
            .into_iter()
            .find(|o| o.transaction == transaction && o.agent == agent);
        let Some(existing) = existing else {
            let new = NewCommissionOverride {
                transaction,
                agent,
                agent_percent: terms.agent_percent,
                reason: terms.reason,
            };
            let record = new
                .clone()
                .into_record(CommissionOverrideId::new(), Utc::now())
                .map_err(refused)?;
            let id = record.id.to_string();
            self.create_one(SyncEntity::CommissionOverride, &id, &record, as_map(&new))
                .await?;
            return Ok(record);
        };
        let changes = CommissionOverrideChanges::from(terms);
        let edit = LocalEdit::of(
            SyncEntity::CommissionOverride,
            existing.id.to_string(),
            MutationOp::Update,
            as_map(&changes),
        );
        self.queue_edit(edit, StoreError::Missing("split override"), |data| {
            let current: CommissionOverride = serde_json::from_str(data).map_err(corrupt)?;
            let changed = changes.apply_to(current, Utc::now()).map_err(refused)?;
            let shown = serde_json::to_string(&changed).expect("an override serialises");
            Ok((Some(shown), changed))
        })
        .await
    }

    /// Removes an override: the agent's plan split applies to the deal again.
    pub async fn remove_commission_override(
        &self,
        id: CommissionOverrideId,
    ) -> Result<(), StoreError> {
        self.delete_record(
            SyncEntity::CommissionOverride,
            &id.to_string(),
            StoreError::Missing("split override"),
        )
        .await
    }
}
