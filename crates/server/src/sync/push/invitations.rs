//! Invitation mutations: revoking an invitation is a delete, through the operation the
//! REST route uses. Inviting is not: the link that accepts it is made by the server and
//! shown once, so it needs a connection.

use brokerdesk_core::sync::push::{Mutation, MutationOp, MutationOutcome};
use uuid::Uuid;

use super::{entity_id, unsupported};
use crate::auth::Authenticated;
use crate::error::ApiError;
use crate::invitations;

pub async fn apply(
    auth: &mut Authenticated,
    mutation: &Mutation,
) -> Result<MutationOutcome, ApiError> {
    if mutation.op != MutationOp::Delete {
        return Err(unsupported(
            mutation,
            "an invitation's link is made by the server and shown once, so inviting needs a \
             connection; an invitation is never edited, only resent (online) or revoked.",
        ));
    }
    let id: Uuid = entity_id(mutation)?;
    match invitations::revoke_by(auth, id).await {
        Ok((_, version)) => Ok(MutationOutcome::Applied {
            version,
            conflicts: Vec::new(),
        }),
        // Two devices revoking the same invitation offline both got what they wanted.
        Err(ApiError::Conflict {
            code: "invitation_revoked",
            ..
        }) => Ok(MutationOutcome::Applied {
            version: auth.tx.next_version().await?,
            conflicts: Vec::new(),
        }),
        Err(refused) => Err(refused),
    }
}
