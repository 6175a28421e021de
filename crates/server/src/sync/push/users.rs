//! Member mutations: a new role, deactivation or reactivation (an update of `role` or
//! `status`), merged per field, through the operation the REST routes use.

use brokerdesk_core::admin_edit::MemberChanges;
use brokerdesk_core::ids::UserId;
use brokerdesk_core::sync::push::{Mutation, MutationOutcome};

use super::{applied, entity_id};
use crate::auth::Authenticated;
use crate::error::ApiError;
use crate::members;
use crate::sync::merge::WriteOrigin;

/// Why a member is only ever updated by sync.
pub const ONLY_UPDATED: &str = "people join by invitation, which needs a connection (its \
    link is made by the server), and leave by deactivation, an update of their status.";

pub async fn apply(
    auth: &mut Authenticated,
    mutation: &Mutation,
    origin: WriteOrigin,
) -> Result<MutationOutcome, ApiError> {
    let id: UserId = entity_id(mutation)?;
    let changes = MemberChanges::from_json(&mutation.changes)
        .map_err(|invalid| ApiError::validation(invalid.code, invalid.message))?;
    let written = members::update(auth, id, changes, origin).await?;
    Ok(applied(written.version, written.conflicts))
}
