//! Invitations as a synced entity, read by those who manage members. Revoking an
//! invitation is a delete, through the operation the REST route uses. Inviting is not:
//! the link that accepts it is made by the server and shown once, so it needs a
//! connection.

use async_trait::async_trait;
use brokerdesk_core::permission::Permission;
use brokerdesk_core::sync::SyncEntity;
use brokerdesk_core::sync::push::{Mutation, MutationOp, MutationOutcome};

use crate::auth::Authenticated;
use crate::error::ApiError;
use crate::invitations;
use crate::sync::merge::WriteOrigin;
use crate::sync::source::{
    Loaded, Reader, RowId, SyncSource, Table, applied, mutation_id, raw, unsupported,
};

/// Why an invitation is only ever revoked by sync.
const ONLY_REVOKED: &str = "an invitation's link is made by the server and shown once, \
    so inviting needs a connection; an invitation is never edited, only resent (online) or \
    revoked.";

pub struct InvitationSource;

#[async_trait]
impl SyncSource for InvitationSource {
    fn entity(&self) -> SyncEntity {
        SyncEntity::Invitation
    }

    fn table(&self) -> Table {
        Table::by_id("invitations")
    }

    fn readable(&self, reader: &Reader<'_>) -> bool {
        reader.may(Permission::ManageUsers)
    }

    async fn load(
        &self,
        auth: &mut Authenticated,
        rows: &[RowId],
    ) -> Result<Vec<Loaded>, ApiError> {
        invitations::by_ids(&mut auth.tx, &RowId::uuids(rows))
            .await?
            .into_iter()
            .map(|invitation| Ok((RowId::Uuid(invitation.id), raw(&invitation.summary()?)?)))
            .collect()
    }

    async fn apply(
        &self,
        auth: &mut Authenticated,
        mutation: &Mutation,
        _origin: WriteOrigin,
    ) -> Result<MutationOutcome, ApiError> {
        if mutation.op != MutationOp::Delete {
            return Err(unsupported(mutation, "An invitation", ONLY_REVOKED));
        }
        match invitations::revoke_by(auth, mutation_id(mutation)?).await {
            Ok((_, version)) => Ok(applied(version)),
            // Two devices revoking the same invitation offline both got what they wanted.
            Err(ApiError::Conflict {
                code: "invitation_revoked",
                ..
            }) => Ok(applied(auth.tx.next_version().await?)),
            Err(refused) => Err(refused),
        }
    }
}
