//! Which roster agent is on which plan from when. An agent stays on a plan until their
//! next assignment (core's `PlanBook`), so "moving" an agent is a new assignment and
//! removing one is a delete (with a sync tombstone). Assigning or removing touches the
//! plan too, so an agent's devices receive (or drop) the plan they now may (or may no
//! longer) read.

use brokerdesk_core::commissions::{NewPlanAssignment, PlanAssignmentRecord};
use brokerdesk_core::ids::{CommissionPlanId, PlanAssignmentId, RosterAgentId};
use brokerdesk_core::permission::Permission;
use brokerdesk_core::sync::SyncEntity;
use chrono::NaiveDate;
use serde_json::json;
use uuid::Uuid;

use super::{PlanReaders, touch};
use crate::auth::Authenticated;
use crate::db::{TenantTx, is_unique_violation};
use crate::error::ApiError;

pub fn no_such_assignment() -> ApiError {
    ApiError::NotFound("No such plan assignment.".into())
}

#[derive(sqlx::FromRow)]
struct AssignmentRow {
    id: Uuid,
    agent_id: Uuid,
    plan_id: Uuid,
    effective_from: NaiveDate,
}

impl From<AssignmentRow> for PlanAssignmentRecord {
    fn from(row: AssignmentRow) -> Self {
        PlanAssignmentRecord {
            id: PlanAssignmentId::from_uuid(row.id),
            agent: RosterAgentId::from_uuid(row.agent_id),
            plan: CommissionPlanId::from_uuid(row.plan_id),
            effective_from: row.effective_from,
        }
    }
}

/// The assignments `ids` names (all when none) that `readers` may read, by agent and date.
pub async fn assignments(
    tx: &mut TenantTx,
    ids: Option<&[Uuid]>,
    readers: &PlanReaders,
) -> Result<Vec<PlanAssignmentRecord>, ApiError> {
    let rows: Vec<AssignmentRow> = sqlx::query_as(
        "select id, agent_id, plan_id, effective_from from commission_assignments
          where tenant_id = $1 and ($2::uuid[] is null or id = any($2))
            and ($3::uuid[] is null or agent_id = any($3))
          order by agent_id, effective_from",
    )
    .bind(tx.tenant_id().as_uuid())
    .bind(ids)
    .bind(readers.agents())
    .fetch_all(tx.conn())
    .await?;
    Ok(rows.into_iter().map(PlanAssignmentRecord::from).collect())
}

/// The assignments the caller may read.
pub async fn list(auth: &mut Authenticated) -> Result<Vec<PlanAssignmentRecord>, ApiError> {
    let readers = PlanReaders::of_caller(auth).await?;
    assignments(&mut auth.tx, None, &readers).await
}

/// Whether `table` holds row `id` in this tenant.
pub(super) async fn exists(tx: &mut TenantTx, table: &str, id: Uuid) -> Result<bool, ApiError> {
    Ok(sqlx::query_scalar(&format!(
        "select exists(select 1 from {table} where tenant_id = $1 and id = $2)"
    ))
    .bind(tx.tenant_id().as_uuid())
    .bind(id)
    .fetch_one(tx.conn())
    .await?)
}

/// Stores an assignment at the transaction's version (for [`assign`] and the demo seed).
pub async fn insert(tx: &mut TenantTx, record: &PlanAssignmentRecord) -> Result<i64, ApiError> {
    // Another tenant's agent or plan is as unknown as one that never existed.
    if !exists(tx, "roster_agents", record.agent.as_uuid()).await? {
        return Err(ApiError::validation(
            "invalid_commission_assignment",
            "The agent is not on this brokerage's roster.",
        ));
    }
    if !exists(tx, "commission_plans", record.plan.as_uuid()).await? {
        return Err(ApiError::validation(
            "invalid_commission_assignment",
            "The commission plan does not exist.",
        ));
    }
    let version = tx.next_version().await?;
    sqlx::query(
        "insert into commission_assignments (tenant_id, id, agent_id, plan_id, effective_from,
                                             version)
         values ($1, $2, $3, $4, $5, $6)",
    )
    .bind(tx.tenant_id().as_uuid())
    .bind(record.id.as_uuid())
    .bind(record.agent.as_uuid())
    .bind(record.plan.as_uuid())
    .bind(record.effective_from)
    .bind(version)
    .execute(tx.conn())
    .await
    .map_err(|e| {
        let constraint = e.as_database_error().and_then(|d| d.constraint());
        match constraint {
            Some("commission_assignments_agent_day") => ApiError::Conflict {
                code: "commission_assignment_same_day",
                message: "The agent already has a plan assignment from that day; remove it first."
                    .into(),
            },
            Some(_) if is_unique_violation(&e) => ApiError::Conflict {
                code: "commission_assignment_exists",
                message: "A plan assignment with this id exists already.".into(),
            },
            _ => e.into(),
        }
    })?;
    touch(tx, record.plan.as_uuid()).await?;
    Ok(version)
}

/// Puts an agent on a plan from a date, under `id`.
pub async fn assign(
    auth: &mut Authenticated,
    id: PlanAssignmentId,
    new: NewPlanAssignment,
) -> Result<(PlanAssignmentRecord, i64), ApiError> {
    auth.require(Permission::ManageCommissionPlans)?;
    let record = PlanAssignmentRecord::new(id, new);
    let version = insert(&mut auth.tx, &record).await?;
    auth.audit(
        "commission.agent_assigned",
        Some(id.to_string()),
        json!({ "agent": record.agent, "plan": record.plan }),
    )
    .await?;
    Ok((record, version))
}

/// Removes an assignment: from then on the agent's previous assignment (if any) runs on.
pub async fn unassign(auth: &mut Authenticated, id: PlanAssignmentId) -> Result<i64, ApiError> {
    auth.require(Permission::ManageCommissionPlans)?;
    let plan: Option<Uuid> = sqlx::query_scalar(
        "delete from commission_assignments where tenant_id = $1 and id = $2 returning plan_id",
    )
    .bind(auth.tx.tenant_id().as_uuid())
    .bind(id.as_uuid())
    .fetch_optional(auth.tx.conn())
    .await?;
    let plan = plan.ok_or_else(no_such_assignment)?;
    let version = auth.tx.next_version().await?;
    auth.tx
        .record_tombstone(
            SyncEntity::CommissionAssignment.as_str(),
            id.as_uuid(),
            version,
        )
        .await?;
    touch(&mut auth.tx, plan).await?;
    auth.audit(
        "commission.agent_unassigned",
        Some(id.to_string()),
        json!({}),
    )
    .await?;
    Ok(version)
}
