//! The register as a synced entity: owners and admins get it in their cache, so the app
//! shows what is due offline, and may record a request or change its status offline
//! (a call taken on the road); the push applies it through the REST routes' functions.
//! Linking an audit entry stays online: it checks the entry on the server's trail.

use async_trait::async_trait;
use brokerdesk_core::ids::PrivacyRequestId;
use brokerdesk_core::permission::Permission;
use brokerdesk_core::privacy::{NewPrivacyRequest, PrivacyRequestChanges};
use brokerdesk_core::sync::SyncEntity;
use brokerdesk_core::sync::push::{Mutation, MutationOp, MutationOutcome};

use crate::auth::Authenticated;
use crate::error::ApiError;
use crate::privacy;
use crate::sync::merge::WriteOrigin;
use crate::sync::source::{
    Loaded, Reader, RowId, SyncSource, Table, applied, by_uuid, mutation_changes, mutation_id,
    unsupported,
};

pub struct PrivacyRequestSource;

const CODE: &str = "invalid_privacy_request";

#[async_trait]
impl SyncSource for PrivacyRequestSource {
    fn entity(&self) -> SyncEntity {
        SyncEntity::PrivacyRequest
    }

    fn table(&self) -> Table {
        Table::by_id("privacy_requests")
    }

    fn readable(&self, reader: &Reader<'_>) -> bool {
        reader.may(Permission::ManagePrivacyRequests)
    }

    async fn load(
        &self,
        auth: &mut Authenticated,
        rows: &[RowId],
    ) -> Result<Vec<Loaded>, ApiError> {
        let requests = privacy::requests(&mut auth.tx, Some(&RowId::uuids(rows))).await?;
        by_uuid(requests, |request| request.id.as_uuid())
    }

    async fn apply(
        &self,
        auth: &mut Authenticated,
        mutation: &Mutation,
        _origin: WriteOrigin,
    ) -> Result<MutationOutcome, ApiError> {
        let id: PrivacyRequestId = mutation_id(mutation)?;
        let (_, version) = match mutation.op {
            MutationOp::Create => {
                let new: NewPrivacyRequest = mutation_changes(mutation, CODE, "privacy request")?;
                privacy::create(auth, id, new).await?
            }
            MutationOp::Update => {
                let changes: PrivacyRequestChanges =
                    mutation_changes(mutation, CODE, "privacy request")?;
                privacy::update(auth, id, changes).await?
            }
            MutationOp::Delete => {
                return Err(unsupported(
                    mutation,
                    "A privacy request",
                    "the register keeps every request for 24 months after it closes.",
                ));
            }
        };
        Ok(applied(version))
    }
}
