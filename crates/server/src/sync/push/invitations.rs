//! Invitation mutations: revoking an invitation is a delete, through the operation the
//! REST route uses. Inviting is not: the link that accepts it is made by the server and
//! shown once, so it needs a connection.

use brokerdesk_core::sync::push::{Mutation, MutationOutcome};

use super::{applied, entity_id};
use crate::auth::Authenticated;
use crate::error::ApiError;
use crate::invitations;

/// Why an invitation is only ever revoked by sync.
pub const ONLY_REVOKED: &str = "an invitation's link is made by the server and shown once, \
    so inviting needs a connection; an invitation is never edited, only resent (online) or \
    revoked.";

pub async fn apply(
    auth: &mut Authenticated,
    mutation: &Mutation,
) -> Result<MutationOutcome, ApiError> {
    match invitations::revoke_by(auth, entity_id(mutation)?).await {
        Ok((_, version)) => Ok(applied(version, Vec::new())),
        // Two devices revoking the same invitation offline both got what they wanted.
        Err(ApiError::Conflict {
            code: "invitation_revoked",
            ..
        }) => Ok(applied(auth.tx.next_version().await?, Vec::new())),
        Err(refused) => Err(refused),
    }
}
