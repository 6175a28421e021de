//! The Commission plans page's reads and edits, offline: plans and assignments from the
//! cache with where this device's edits of them stand, a plan's versions replaced, a
//! plan added, an agent put on a plan from a date or taken off. Each edit is validated
//! by core's rules (the server's), shown at once and queued for the next push.

use brokerdesk_core::admin_view::Edited;
use brokerdesk_core::commissions::{
    CommissionPlan, CommissionPlanChanges, NewCommissionPlan, NewPlanAssignment,
    PlanAssignmentRecord, PlanVersion,
};
use brokerdesk_core::ids::{CommissionPlanId, PlanAssignmentId};
use brokerdesk_core::sync::SyncEntity;
use brokerdesk_core::sync::push::MutationOp;

use super::refused;
use crate::sync::edited::edited;
use crate::sync::edits::{LocalEdit, as_map};
use crate::sync::error::{StoreError, corrupt};
use crate::sync::records::LocalStore;

/// The plans, by name.
pub async fn plan_rows(store: &LocalStore) -> Result<Vec<Edited<CommissionPlan>>, StoreError> {
    let mut rows = edited::<CommissionPlan>(store, SyncEntity::CommissionPlan).await?;
    rows.sort_by_cached_key(|r| (r.record.name.to_lowercase(), r.record.id.to_string()));
    Ok(rows)
}

/// The assignments, by agent and then date.
pub async fn assignment_rows(
    store: &LocalStore,
) -> Result<Vec<Edited<PlanAssignmentRecord>>, StoreError> {
    let mut rows = edited::<PlanAssignmentRecord>(store, SyncEntity::CommissionAssignment).await?;
    rows.sort_by_key(|r| (r.record.agent.to_string(), r.record.effective_from));
    Ok(rows)
}

impl LocalStore {
    pub async fn add_commission_plan(
        &self,
        new: NewCommissionPlan,
    ) -> Result<CommissionPlan, StoreError> {
        let plan = new.into_plan(CommissionPlanId::new()).map_err(refused)?;
        let sent = NewCommissionPlan {
            name: plan.name.clone(),
            versions: plan.versions.clone(),
        };
        self.create_one(
            SyncEntity::CommissionPlan,
            &plan.id.to_string(),
            &plan,
            as_map(&sent),
        )
        .await?;
        Ok(plan)
    }

    /// Replaces a cached plan's versions (the page edits the list as a whole).
    pub async fn set_plan_versions(
        &self,
        id: CommissionPlanId,
        versions: Vec<PlanVersion>,
    ) -> Result<CommissionPlan, StoreError> {
        let changes = CommissionPlanChanges {
            name: None,
            versions: Some(versions),
        };
        let edit = LocalEdit::of(
            SyncEntity::CommissionPlan,
            id.to_string(),
            MutationOp::Update,
            as_map(&changes),
        );
        self.queue_edit(edit, StoreError::Missing("commission plan"), |data| {
            let plan: CommissionPlan = serde_json::from_str(data).map_err(corrupt)?;
            let plan = changes.apply_to(plan).map_err(refused)?;
            let shown = serde_json::to_string(&plan).expect("a plan serialises");
            Ok((Some(shown), plan))
        })
        .await
    }

    pub async fn assign_plan(
        &self,
        new: NewPlanAssignment,
    ) -> Result<PlanAssignmentRecord, StoreError> {
        let record = PlanAssignmentRecord::new(PlanAssignmentId::new(), new.clone());
        self.create_one(
            SyncEntity::CommissionAssignment,
            &record.id.to_string(),
            &record,
            as_map(&new),
        )
        .await?;
        Ok(record)
    }

    pub async fn unassign_plan(&self, id: PlanAssignmentId) -> Result<(), StoreError> {
        self.delete_record(
            SyncEntity::CommissionAssignment,
            &id.to_string(),
            StoreError::Missing("plan assignment"),
        )
        .await
    }
}
