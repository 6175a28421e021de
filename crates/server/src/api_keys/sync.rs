//! API keys as a synced entity, read by those who manage them. Revoking a key is a
//! delete, through the operation the REST route uses. Creating one is not: the key is
//! shown once, in the answer to the request that made it, and a queued edit has nobody
//! to show it to.

use async_trait::async_trait;
use brokerdesk_core::permission::Permission;
use brokerdesk_core::sync::SyncEntity;
use brokerdesk_core::sync::push::{Mutation, MutationOp, MutationOutcome};

use crate::api_keys;
use crate::auth::Authenticated;
use crate::error::ApiError;
use crate::sync::merge::WriteOrigin;
use crate::sync::source::{
    Loaded, Reader, RowId, SyncSource, Table, applied, by_uuid, mutation_id, unsupported,
};

/// Why an API key is only ever revoked by sync.
const ONLY_REVOKED: &str = "a new key is shown once, by the server, so creating one \
    needs a connection; a key is never edited, only revoked.";

pub struct ApiKeySource;

#[async_trait]
impl SyncSource for ApiKeySource {
    fn entity(&self) -> SyncEntity {
        SyncEntity::ApiKey
    }

    fn table(&self) -> Table {
        Table::by_id("api_keys")
    }

    fn readable(&self, reader: &Reader<'_>) -> bool {
        reader.may(Permission::ManageApiKeys)
    }

    async fn load(
        &self,
        auth: &mut Authenticated,
        rows: &[RowId],
    ) -> Result<Vec<Loaded>, ApiError> {
        let keys = api_keys::by_ids(&mut auth.tx, &RowId::uuids(rows)).await?;
        by_uuid(keys, |key| key.id.as_uuid())
    }

    async fn apply(
        &self,
        auth: &mut Authenticated,
        mutation: &Mutation,
        _origin: WriteOrigin,
    ) -> Result<MutationOutcome, ApiError> {
        if mutation.op != MutationOp::Delete {
            return Err(unsupported(mutation, "An API key", ONLY_REVOKED));
        }
        let (_, version) = api_keys::revoke_by(auth, mutation_id(mutation)?).await?;
        Ok(applied(version))
    }
}
