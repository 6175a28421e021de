//! Plans (`commission_plan`), assignments (`commission_assignment`) and deals' split
//! overrides (`commission_override`) as synced entities, pulled with the REST API's read
//! rule ([`PlanReaders`]: everything for those who see every agent; an agent's own
//! assignments and overrides, and the plans their assignments name) and pushed through
//! the REST API's operations. A plan is created or changed by push, not deleted (the
//! history of deals paid under it points at it); an assignment is created or deleted;
//! an override is created, changed or deleted.

use async_trait::async_trait;
use brokerdesk_core::commissions::overrides::INVALID_OVERRIDE;
use brokerdesk_core::commissions::{
    CommissionOverrideChanges, CommissionPlanChanges, NewCommissionOverride, NewCommissionPlan,
    NewPlanAssignment,
};
use brokerdesk_core::ids::{CommissionOverrideId, CommissionPlanId, PlanAssignmentId};
use brokerdesk_core::permission::Permission;
use brokerdesk_core::sync::SyncEntity;
use brokerdesk_core::sync::push::{Mutation, MutationOp, MutationOutcome};
use serde::de::DeserializeOwned;
use std::collections::HashSet;
use uuid::Uuid;

use super::{PlanReaders, assignments, overrides, plans, sees_every_plan};
use crate::auth::Authenticated;
use crate::commissions;
use crate::error::ApiError;
use crate::sync::merge::WriteOrigin;
use crate::sync::source::{
    Keys, Loaded, Reader, RowId, RowKey, SyncSource, Table, Window, applied, by_uuid,
    mutation_changes, mutation_id, unsupported,
};

pub struct PlanSource;

/// The entities whose rows each name one roster agent, read under one rule (those who
/// see every plan read them all, an agent their own): plan assignments and split
/// overrides. Registered once for each.
#[derive(Clone, Copy)]
pub enum AgentRowSource {
    Assignment,
    Override,
}

fn changes<T: DeserializeOwned>(mutation: &Mutation, record: &str) -> Result<T, ApiError> {
    mutation_changes(mutation, "invalid_commission_plan", record)
}

async fn readers(auth: &mut Authenticated, reader: &Reader<'_>) -> Result<PlanReaders, ApiError> {
    PlanReaders::of(
        &mut auth.tx,
        reader.user,
        sees_every_plan(|p| reader.may(p)),
    )
    .await
}

/// Keys in the window, each marked visible when `visible_sql` (over alias `r`, with the
/// reader's agents as $6) holds; every key visible for those who see every plan.
async fn keys_for(
    source: &dyn SyncSource,
    auth: &mut Authenticated,
    window: &Window,
    fetch: i64,
    reader: &Reader<'_>,
    visible_sql: &str,
) -> Result<Keys, ApiError> {
    let PlanReaders::OwnAgents(agents) = readers(auth, reader).await? else {
        return Ok(Keys::Table);
    };
    let sql = format!(
        "select r.version, r.id, {visible_sql} from {} r
          where {} order by r.version, r.id limit $5",
        source.table().name,
        Window::condition("r.", "r.id")
    );
    let query = window.bind(
        sqlx::query_as(&sql),
        auth,
        source.entity(),
        source.table().kind,
    )?;
    let rows: Vec<(i64, Uuid, bool)> = query
        .bind(fetch)
        .bind(agents)
        .fetch_all(auth.tx.conn())
        .await?;
    Ok(Keys::Listed(
        rows.into_iter()
            .map(|(version, id, visible)| RowKey {
                version,
                entity: source.entity(),
                row: RowId::Uuid(id),
                visible,
            })
            .collect(),
    ))
}

#[async_trait]
impl SyncSource for PlanSource {
    fn entity(&self) -> SyncEntity {
        SyncEntity::CommissionPlan
    }

    fn table(&self) -> Table {
        Table::by_id("commission_plans")
    }

    fn readable(&self, reader: &Reader<'_>) -> bool {
        reader.may(Permission::ViewCommissionReports)
    }

    async fn keys(
        &self,
        auth: &mut Authenticated,
        window: &Window,
        fetch: i64,
        reader: &Reader<'_>,
    ) -> Result<Keys, ApiError> {
        let visible = "exists (select 1 from commission_assignments a
                                where a.tenant_id = r.tenant_id and a.plan_id = r.id
                                  and a.agent_id = any($6))";
        keys_for(self, auth, window, fetch, reader, visible).await
    }

    async fn load(
        &self,
        auth: &mut Authenticated,
        rows: &[RowId],
    ) -> Result<Vec<Loaded>, ApiError> {
        let found = plans(&mut auth.tx, Some(&RowId::uuids(rows)), &PlanReaders::All).await?;
        by_uuid(found, |plan| plan.id.as_uuid())
    }

    async fn readable_rows(
        &self,
        auth: &mut Authenticated,
        reader: &Reader<'_>,
        ids: &[Uuid],
    ) -> Result<HashSet<Uuid>, ApiError> {
        if !self.readable(reader) {
            return Ok(HashSet::new());
        }
        let readers = readers(auth, reader).await?;
        let found = plans(&mut auth.tx, Some(ids), &readers).await?;
        Ok(found.into_iter().map(|p| p.id.as_uuid()).collect())
    }

    async fn apply(
        &self,
        auth: &mut Authenticated,
        mutation: &Mutation,
        _origin: WriteOrigin,
    ) -> Result<MutationOutcome, ApiError> {
        let id: CommissionPlanId = mutation_id(mutation)?;
        let (_, version) = match mutation.op {
            MutationOp::Create => {
                let new: NewCommissionPlan = changes(mutation, "commission plan")?;
                commissions::create_plan(auth, id, new).await?
            }
            MutationOp::Update => {
                let change: CommissionPlanChanges = changes(mutation, "commission plan")?;
                commissions::update_plan(auth, id, change).await?
            }
            MutationOp::Delete => {
                return Err(unsupported(
                    mutation,
                    "A commission plan",
                    "the deals paid under it keep pointing at it; assign its agents elsewhere.",
                ));
            }
        };
        Ok(applied(version))
    }
}

impl AgentRowSource {
    /// The records `ids` names that `readers` may read, with their ids.
    async fn records(
        self,
        auth: &mut Authenticated,
        ids: &[Uuid],
        readers: &PlanReaders,
    ) -> Result<Vec<(Uuid, Loaded)>, ApiError> {
        let loaded = match self {
            AgentRowSource::Assignment => by_uuid(
                assignments::assignments(&mut auth.tx, Some(ids), readers).await?,
                |a| a.id.as_uuid(),
            )?,
            AgentRowSource::Override => by_uuid(
                overrides::overrides(&mut auth.tx, Some(ids), None, readers).await?,
                |o| o.id.as_uuid(),
            )?,
        };
        Ok(loaded
            .into_iter()
            .filter_map(|(row, data)| match row {
                RowId::Uuid(id) => Some((id, (row, data))),
                RowId::Seq(_) => None,
            })
            .collect())
    }

    async fn apply_assignment(
        auth: &mut Authenticated,
        mutation: &Mutation,
    ) -> Result<i64, ApiError> {
        let id: PlanAssignmentId = mutation_id(mutation)?;
        match mutation.op {
            MutationOp::Create => {
                let new: NewPlanAssignment = changes(mutation, "plan assignment")?;
                Ok(assignments::assign(auth, id, new).await?.1)
            }
            MutationOp::Delete => assignments::unassign(auth, id).await,
            MutationOp::Update => Err(unsupported(
                mutation,
                "A plan assignment",
                "remove it and assign the agent again.",
            )),
        }
    }

    async fn apply_override(
        auth: &mut Authenticated,
        mutation: &Mutation,
    ) -> Result<i64, ApiError> {
        let id: CommissionOverrideId = mutation_id(mutation)?;
        let read = "split override";
        match mutation.op {
            MutationOp::Create => {
                let new: NewCommissionOverride =
                    mutation_changes(mutation, INVALID_OVERRIDE, read)?;
                Ok(overrides::create(auth, id, new).await?.1)
            }
            MutationOp::Update => {
                let change: CommissionOverrideChanges =
                    mutation_changes(mutation, INVALID_OVERRIDE, read)?;
                Ok(overrides::update(auth, id, change).await?.1)
            }
            MutationOp::Delete => overrides::remove(auth, id).await,
        }
    }
}

#[async_trait]
impl SyncSource for AgentRowSource {
    fn entity(&self) -> SyncEntity {
        match self {
            AgentRowSource::Assignment => SyncEntity::CommissionAssignment,
            AgentRowSource::Override => SyncEntity::CommissionOverride,
        }
    }

    fn table(&self) -> Table {
        Table::by_id(match self {
            AgentRowSource::Assignment => "commission_assignments",
            AgentRowSource::Override => "commission_overrides",
        })
    }

    fn readable(&self, reader: &Reader<'_>) -> bool {
        reader.may(Permission::ViewCommissionReports)
    }

    async fn keys(
        &self,
        auth: &mut Authenticated,
        window: &Window,
        fetch: i64,
        reader: &Reader<'_>,
    ) -> Result<Keys, ApiError> {
        keys_for(self, auth, window, fetch, reader, "r.agent_id = any($6)").await
    }

    async fn load(
        &self,
        auth: &mut Authenticated,
        rows: &[RowId],
    ) -> Result<Vec<Loaded>, ApiError> {
        let found = self
            .records(auth, &RowId::uuids(rows), &PlanReaders::All)
            .await?;
        Ok(found.into_iter().map(|(_, loaded)| loaded).collect())
    }

    async fn readable_rows(
        &self,
        auth: &mut Authenticated,
        reader: &Reader<'_>,
        ids: &[Uuid],
    ) -> Result<HashSet<Uuid>, ApiError> {
        if !self.readable(reader) {
            return Ok(HashSet::new());
        }
        let readers = readers(auth, reader).await?;
        let found = self.records(auth, ids, &readers).await?;
        Ok(found.into_iter().map(|(id, _)| id).collect())
    }

    async fn apply(
        &self,
        auth: &mut Authenticated,
        mutation: &Mutation,
        _origin: WriteOrigin,
    ) -> Result<MutationOutcome, ApiError> {
        let version = match self {
            AgentRowSource::Assignment => Self::apply_assignment(auth, mutation).await?,
            AgentRowSource::Override => Self::apply_override(auth, mutation).await?,
        };
        Ok(applied(version))
    }
}
