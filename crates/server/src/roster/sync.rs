//! The roster as a synced entity: read by those who may view it; agents added (under
//! the device's id) and changed through sync, by the operations the REST routes use.
//! A change writes only the fields it names, so two devices changing different fields
//! both keep theirs. Agents are not removed (their deals keep pointing at them).

use async_trait::async_trait;
use brokerdesk_core::ids::RosterAgentId;
use brokerdesk_core::permission::Permission;
use brokerdesk_core::roster::{NewRosterAgent, RosterAgentChanges};
use brokerdesk_core::sync::SyncEntity;
use brokerdesk_core::sync::push::{Mutation, MutationOp, MutationOutcome};
use serde::de::DeserializeOwned;

use crate::auth::Authenticated;
use crate::error::ApiError;
use crate::roster;
use crate::sync::merge::WriteOrigin;
use crate::sync::source::{
    Loaded, Reader, RowId, SyncSource, Table, applied, by_uuid, mutation_changes, mutation_id,
    unsupported,
};

pub struct RosterSource;

/// A mutation's changes, as the record type they describe.
fn changes<T: DeserializeOwned>(mutation: &Mutation) -> Result<T, ApiError> {
    mutation_changes(mutation, "invalid_roster_agent", "roster agent")
}

#[async_trait]
impl SyncSource for RosterSource {
    fn entity(&self) -> SyncEntity {
        SyncEntity::RosterAgent
    }

    fn table(&self) -> Table {
        Table::by_id("roster_agents")
    }

    fn readable(&self, reader: &Reader<'_>) -> bool {
        reader.may(Permission::ViewRoster)
    }

    async fn load(
        &self,
        auth: &mut Authenticated,
        rows: &[RowId],
    ) -> Result<Vec<Loaded>, ApiError> {
        let agents = roster::agents(&mut auth.tx, Some(&RowId::uuids(rows))).await?;
        by_uuid(agents, |agent| agent.id.as_uuid())
    }

    async fn apply(
        &self,
        auth: &mut Authenticated,
        mutation: &Mutation,
        _origin: WriteOrigin,
    ) -> Result<MutationOutcome, ApiError> {
        let id: RosterAgentId = mutation_id(mutation)?;
        let (_, version) = match mutation.op {
            MutationOp::Create => {
                roster::create(auth, id, changes::<NewRosterAgent>(mutation)?).await?
            }
            MutationOp::Update => {
                roster::update(auth, id, changes::<RosterAgentChanges>(mutation)?).await?
            }
            MutationOp::Delete => {
                return Err(unsupported(
                    mutation,
                    "A roster agent",
                    "agents stay on the roster, since their deals point at them.",
                ));
            }
        };
        Ok(applied(version))
    }
}
