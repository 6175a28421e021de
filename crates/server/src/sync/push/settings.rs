//! Settings mutations: some top-level fields of the tenant's one settings document,
//! merged per field, through the operation the REST route uses.

use brokerdesk_core::admin_edit::SettingsChanges;
use brokerdesk_core::ids::TenantId;
use brokerdesk_core::sync::push::{Mutation, MutationOutcome};

use super::{applied, entity_id};
use crate::auth::Authenticated;
use crate::error::ApiError;
use crate::sync::merge::WriteOrigin;
use crate::tenant_settings;

/// Why the settings are only ever updated by sync.
pub const ONLY_UPDATED: &str =
    "a brokerage always has its one settings document, which is only ever changed.";

pub async fn apply(
    auth: &mut Authenticated,
    mutation: &Mutation,
    origin: WriteOrigin,
) -> Result<MutationOutcome, ApiError> {
    // The settings are keyed by their tenant; another tenant's are not there to change.
    let tenant: TenantId = entity_id(mutation)?;
    if tenant != auth.tx.tenant_id() {
        return Err(ApiError::NotFound(
            "No such settings in this brokerage.".into(),
        ));
    }
    let changes = SettingsChanges::from_json(&mutation.changes)
        .map_err(|invalid| ApiError::validation(invalid.code, invalid.message))?;
    let written = tenant_settings::update(auth, &changes, origin).await?;
    Ok(applied(written.version, written.conflicts))
}
