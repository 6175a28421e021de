//! Commission plans, who is on which plan from when, the split agreed for one agent on
//! one deal ([`overrides`]), and the reports computed from them over the tenant's deals. The REST routes and sync pushes come through the same
//! operations ([`create_plan`], [`update_plan`], [`add_version`] here,
//! [`assignments::assign`] and [`assignments::unassign`]), so ManageCommissionPlans,
//! core's validation ([`CommissionPlan::validated`], the check the engine's `PlanBook`
//! runs) and the audit entry hold on every way in. Audit entries name plans and
//! assignments by id and list the fields changed, never the terms.
//!
//! **Who reads plans.** Owners and admins (who manage them) and viewers (who read every
//! agent's reports, `ViewAllCommissionReports`) read every plan and assignment. An agent
//! reads their own assignments and the plans those name: what they need to check their
//! own pay and to compute their own reports offline, and no more (another agent's split
//! is that agent's business). A team plan names its members and their allocations,
//! which its members and lead all share anyway. The REST routes and the sync sources
//! apply the same rule ([`PlanReaders`]); a plan the caller may not read is "not found".

pub mod assignments;
pub mod http;
pub mod overrides;
pub mod report_http;
pub mod reports;
pub mod sync;

use brokerdesk_core::commissions::{
    CommissionPlan, CommissionPlanChanges, NewCommissionPlan, PlanVersion,
};
use brokerdesk_core::ids::{CommissionPlanId, UserId};
use brokerdesk_core::permission::Permission;
use chrono::{DateTime, SubsecRound, Utc};
use serde_json::json;
use sqlx::types::Json;
use uuid::Uuid;

use crate::auth::Authenticated;
use crate::db::{TenantTx, is_unique_violation};
use crate::error::ApiError;

pub fn no_such_plan() -> ApiError {
    ApiError::NotFound("No such commission plan.".into())
}

/// Which plans and assignments a reader sees.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PlanReaders {
    All,
    /// Those of these roster agents (the ones linked to the reader's membership).
    OwnAgents(Vec<Uuid>),
}

impl PlanReaders {
    /// The rule for `user`, given whether they may see every agent's plan.
    pub async fn of(tx: &mut TenantTx, user: UserId, sees_all: bool) -> Result<Self, ApiError> {
        if sees_all {
            return Ok(PlanReaders::All);
        }
        Ok(PlanReaders::OwnAgents(own_agents(tx, user).await?))
    }

    /// The caller's rule; refuses those who may see no commission figure at all.
    pub async fn of_caller(auth: &mut Authenticated) -> Result<Self, ApiError> {
        auth.require(Permission::ViewCommissionReports)?;
        let sees_all = sees_every_plan(|p| auth.require(p).is_ok());
        Self::of(&mut auth.tx, auth.user.id, sees_all).await
    }

    /// The agents whose rows show; none when every row does.
    pub fn agents(&self) -> Option<&[Uuid]> {
        match self {
            PlanReaders::All => None,
            PlanReaders::OwnAgents(agents) => Some(agents),
        }
    }
}

/// Those who manage plans or read every agent's reports read every plan.
pub fn sees_every_plan(may: impl Fn(Permission) -> bool) -> bool {
    may(Permission::ManageCommissionPlans) || may(Permission::ViewAllCommissionReports)
}

/// The roster agents linked to `user`'s membership.
pub async fn own_agents(tx: &mut TenantTx, user: UserId) -> Result<Vec<Uuid>, ApiError> {
    Ok(sqlx::query_scalar(
        "select id from roster_agents where tenant_id = $1 and member_id = $2 order by id",
    )
    .bind(tx.tenant_id().as_uuid())
    .bind(user.as_uuid())
    .fetch_all(tx.conn())
    .await?)
}

#[derive(sqlx::FromRow)]
struct PlanRow {
    id: Uuid,
    name: String,
    versions: Json<Vec<PlanVersion>>,
}

impl From<PlanRow> for CommissionPlan {
    fn from(row: PlanRow) -> Self {
        CommissionPlan {
            id: CommissionPlanId::from_uuid(row.id),
            name: row.name,
            versions: row.versions.0,
        }
    }
}

/// The plans `ids` names (all when none) that `readers` may read, by name.
pub async fn plans(
    tx: &mut TenantTx,
    ids: Option<&[Uuid]>,
    readers: &PlanReaders,
) -> Result<Vec<CommissionPlan>, ApiError> {
    let rows: Vec<PlanRow> = sqlx::query_as(
        "select p.id, p.name, p.versions from commission_plans p
          where p.tenant_id = $1 and ($2::uuid[] is null or p.id = any($2))
            and ($3::uuid[] is null or exists (
                  select 1 from commission_assignments a
                   where a.tenant_id = p.tenant_id and a.plan_id = p.id
                     and a.agent_id = any($3)))
          order by lower(p.name), p.id",
    )
    .bind(tx.tenant_id().as_uuid())
    .bind(ids)
    .bind(readers.agents())
    .fetch_all(tx.conn())
    .await?;
    Ok(rows.into_iter().map(CommissionPlan::from).collect())
}

/// The plans the caller may read.
pub async fn list(auth: &mut Authenticated) -> Result<Vec<CommissionPlan>, ApiError> {
    let readers = PlanReaders::of_caller(auth).await?;
    plans(&mut auth.tx, None, &readers).await
}

/// One plan, if the caller may read it.
pub async fn get(
    auth: &mut Authenticated,
    id: CommissionPlanId,
) -> Result<CommissionPlan, ApiError> {
    let readers = PlanReaders::of_caller(auth).await?;
    plans(&mut auth.tx, Some(&[id.as_uuid()]), &readers)
        .await?
        .pop()
        .ok_or_else(no_such_plan)
}

/// Refuses a plan whose team splits name an agent that is not on this brokerage's
/// roster: core checks a team's shape, only the database knows the roster (and another
/// tenant's agent is as unknown here as one that never existed).
async fn check_team_agents(tx: &mut TenantTx, plan: &CommissionPlan) -> Result<(), ApiError> {
    let mut named: Vec<Uuid> = plan
        .versions
        .iter()
        .filter_map(|version| version.terms.team.as_ref())
        .flat_map(|team| {
            std::iter::once(team.lead)
                .chain(team.members.iter().map(|m| m.agent))
                .map(|agent| agent.as_uuid())
        })
        .collect();
    named.sort_unstable();
    named.dedup();
    if named.is_empty() {
        return Ok(());
    }
    let on_roster: i64 = sqlx::query_scalar(
        "select count(*) from roster_agents where tenant_id = $1 and id = any($2)",
    )
    .bind(tx.tenant_id().as_uuid())
    .bind(&named)
    .fetch_one(tx.conn())
    .await?;
    if on_roster != named.len() as i64 {
        return Err(ApiError::validation(
            "invalid_commission_plan",
            "A team's lead or member is not on this brokerage's roster.",
        ));
    }
    Ok(())
}

/// Stores a new, validated plan at the transaction's version (for [`create_plan`] and
/// the demo seed).
pub async fn insert(tx: &mut TenantTx, plan: &CommissionPlan) -> Result<i64, ApiError> {
    check_team_agents(tx, plan).await?;
    let version = tx.next_version().await?;
    sqlx::query(
        "insert into commission_plans (tenant_id, id, name, versions, version)
         values ($1, $2, $3, $4, $5)",
    )
    .bind(tx.tenant_id().as_uuid())
    .bind(plan.id.as_uuid())
    .bind(&plan.name)
    .bind(Json(&plan.versions))
    .bind(version)
    .execute(tx.conn())
    .await
    .map_err(|e| {
        if is_unique_violation(&e) {
            ApiError::Conflict {
                code: "commission_plan_exists",
                message: "A commission plan with this id exists already.".into(),
            }
        } else {
            e.into()
        }
    })?;
    Ok(version)
}

/// Creates a plan under `id` (the server's choice, or the device's that made it offline).
pub async fn create_plan(
    auth: &mut Authenticated,
    id: CommissionPlanId,
    new: NewCommissionPlan,
) -> Result<(CommissionPlan, i64), ApiError> {
    auth.require(Permission::ManageCommissionPlans)?;
    let plan = new.into_plan(id)?;
    let version = insert(&mut auth.tx, &plan).await?;
    auth.audit("commission.plan_created", Some(id.to_string()), json!({}))
        .await?;
    Ok((plan, version))
}

/// The stored plan, locked for a change; "not found" when it is not this tenant's.
async fn for_update(tx: &mut TenantTx, id: CommissionPlanId) -> Result<CommissionPlan, ApiError> {
    let row: Option<PlanRow> = sqlx::query_as(
        "select id, name, versions from commission_plans
          where tenant_id = $1 and id = $2 for update",
    )
    .bind(tx.tenant_id().as_uuid())
    .bind(id.as_uuid())
    .fetch_optional(tx.conn())
    .await?;
    row.map(CommissionPlan::from).ok_or_else(no_such_plan)
}

/// Writes a changed plan at a new version.
async fn store(tx: &mut TenantTx, plan: &CommissionPlan) -> Result<i64, ApiError> {
    check_team_agents(tx, plan).await?;
    let version = tx.next_version().await?;
    let now: DateTime<Utc> = Utc::now().trunc_subsecs(6);
    sqlx::query(
        "update commission_plans set name = $3, versions = $4, updated_at = $5, version = $6
          where tenant_id = $1 and id = $2",
    )
    .bind(tx.tenant_id().as_uuid())
    .bind(plan.id.as_uuid())
    .bind(&plan.name)
    .bind(Json(&plan.versions))
    .bind(now)
    .bind(version)
    .execute(tx.conn())
    .await?;
    Ok(version)
}

/// Renames a plan or replaces its versions; the whole plan is checked again.
pub async fn update_plan(
    auth: &mut Authenticated,
    id: CommissionPlanId,
    changes: CommissionPlanChanges,
) -> Result<(CommissionPlan, i64), ApiError> {
    auth.require(Permission::ManageCommissionPlans)?;
    let current = for_update(&mut auth.tx, id).await?;
    let fields = changes.fields();
    let plan = changes.apply_to(current)?;
    let version = store(&mut auth.tx, &plan).await?;
    auth.audit(
        "commission.plan_changed",
        Some(id.to_string()),
        json!({ "fields": fields }),
    )
    .await?;
    Ok((plan, version))
}

/// Adds a version to a plan, or replaces the one from the same day.
pub async fn add_version(
    auth: &mut Authenticated,
    id: CommissionPlanId,
    version: PlanVersion,
) -> Result<(CommissionPlan, i64), ApiError> {
    auth.require(Permission::ManageCommissionPlans)?;
    let effective_from = version.effective_from;
    let plan = for_update(&mut auth.tx, id).await?.with_version(version)?;
    let written = store(&mut auth.tx, &plan).await?;
    auth.audit(
        "commission.plan_version_set",
        Some(id.to_string()),
        json!({ "effectiveFrom": effective_from }),
    )
    .await?;
    Ok((plan, written))
}

/// Moves a plan to the transaction's version without changing it, so devices whose
/// readers changed (an agent put on it, or taken off) receive it again with its new
/// visibility.
pub(crate) async fn touch(tx: &mut TenantTx, id: Uuid) -> Result<(), ApiError> {
    let version = tx.next_version().await?;
    sqlx::query("update commission_plans set version = $3 where tenant_id = $1 and id = $2")
        .bind(tx.tenant_id().as_uuid())
        .bind(id)
        .bind(version)
        .execute(tx.conn())
        .await?;
    Ok(())
}
