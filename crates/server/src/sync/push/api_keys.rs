//! API key mutations: revoking a key is a delete, through the operation the REST route
//! uses. Creating one is not: the key is shown once, in the answer to the request that
//! made it, and a queued edit has nobody to show it to.

use brokerdesk_core::ids::ApiKeyId;
use brokerdesk_core::sync::push::{Mutation, MutationOp, MutationOutcome};

use super::{entity_id, unsupported};
use crate::api_keys;
use crate::auth::Authenticated;
use crate::error::ApiError;

pub async fn apply(
    auth: &mut Authenticated,
    mutation: &Mutation,
) -> Result<MutationOutcome, ApiError> {
    if mutation.op != MutationOp::Delete {
        return Err(unsupported(
            mutation,
            "a new key is shown once, by the server, so creating one needs a connection; \
             a key is never edited, only revoked.",
        ));
    }
    let id: ApiKeyId = entity_id(mutation)?;
    let (_, version) = api_keys::revoke_by(auth, id).await?;
    Ok(MutationOutcome::Applied {
        version,
        conflicts: Vec::new(),
    })
}
