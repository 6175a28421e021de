//! API key mutations: revoking a key is a delete, through the operation the REST route
//! uses. Creating one is not: the key is shown once, in the answer to the request that
//! made it, and a queued edit has nobody to show it to.

use brokerdesk_core::sync::push::{Mutation, MutationOutcome};

use super::{applied, entity_id};
use crate::api_keys;
use crate::auth::Authenticated;
use crate::error::ApiError;

/// Why an API key is only ever revoked by sync.
pub const ONLY_REVOKED: &str = "a new key is shown once, by the server, so creating one \
    needs a connection; a key is never edited, only revoked.";

pub async fn apply(
    auth: &mut Authenticated,
    mutation: &Mutation,
) -> Result<MutationOutcome, ApiError> {
    let (_, version) = api_keys::revoke_by(auth, entity_id(mutation)?).await?;
    Ok(applied(version, Vec::new()))
}
