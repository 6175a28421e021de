//! Members as a synced entity. Through sync a member gets a new role, is deactivated or
//! reactivated (an update of `role` or `status`), merged per field, through the
//! operation the REST routes use.

use async_trait::async_trait;
use brokerdesk_core::admin_edit::MemberChanges;
use brokerdesk_core::ids::UserId;
use brokerdesk_core::permission::Permission;
use brokerdesk_core::sync::SyncEntity;
use brokerdesk_core::sync::push::{Mutation, MutationOp, MutationOutcome};

use crate::auth::Authenticated;
use crate::error::ApiError;
use crate::members;
use crate::sync::merge::WriteOrigin;
use crate::sync::source::{
    Loaded, Reader, RowId, SyncSource, Table, by_uuid, mutation_id, unsupported,
};

/// Why a member is only ever updated by sync.
const ONLY_UPDATED: &str = "people join by invitation, which needs a connection (its \
    link is made by the server), and leave by deactivation, an update of their status.";

pub struct MemberSource;

#[async_trait]
impl SyncSource for MemberSource {
    fn entity(&self) -> SyncEntity {
        SyncEntity::User
    }

    fn table(&self) -> Table {
        Table::by_id("users")
    }

    fn readable(&self, reader: &Reader<'_>) -> bool {
        reader.may(Permission::ViewUsers)
    }

    async fn load(
        &self,
        auth: &mut Authenticated,
        rows: &[RowId],
    ) -> Result<Vec<Loaded>, ApiError> {
        let users = members::load_users(&mut auth.tx, &RowId::uuids(rows)).await?;
        by_uuid(users, |user| user.id.as_uuid())
    }

    async fn apply(
        &self,
        auth: &mut Authenticated,
        mutation: &Mutation,
        origin: WriteOrigin,
    ) -> Result<MutationOutcome, ApiError> {
        if mutation.op != MutationOp::Update {
            return Err(unsupported(mutation, "A member", ONLY_UPDATED));
        }
        let id: UserId = mutation_id(mutation)?;
        let changes = MemberChanges::from_json(&mutation.changes)
            .map_err(|invalid| ApiError::validation(invalid.code, invalid.message))?;
        let written = members::update(auth, id, changes, origin).await?;
        Ok(MutationOutcome::Applied {
            version: written.version,
            conflicts: written.conflicts,
        })
    }
}
