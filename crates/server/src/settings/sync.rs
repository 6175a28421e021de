//! The tenant's one settings document as a synced entity, keyed by the tenant id. Every
//! member reads it; some top-level fields are changed through sync, merged per field,
//! through the operation the REST route uses.

use async_trait::async_trait;
use brokerdesk_core::admin_edit::SettingsChanges;
use brokerdesk_core::ids::TenantId;
use brokerdesk_core::settings::TenantSettings;
use brokerdesk_core::sync::SyncEntity;
use brokerdesk_core::sync::push::{Mutation, MutationOp, MutationOutcome};
use sqlx::types::Json;

use crate::auth::Authenticated;
use crate::error::ApiError;
use crate::settings;
use crate::sync::merge::WriteOrigin;
use crate::sync::source::{
    KeyKind, Loaded, Reader, RowId, SyncSource, Table, mutation_id, raw, unsupported,
};

/// Why the settings are only ever updated by sync.
const ONLY_UPDATED: &str =
    "a brokerage always has its one settings document, which is only ever changed.";

pub struct SettingsSource;

#[async_trait]
impl SyncSource for SettingsSource {
    fn entity(&self) -> SyncEntity {
        SyncEntity::Settings
    }

    fn table(&self) -> Table {
        Table {
            name: "tenant_settings",
            key: "tenant_id",
            kind: KeyKind::Uuid,
        }
    }

    fn readable(&self, _reader: &Reader<'_>) -> bool {
        true
    }

    async fn load(
        &self,
        auth: &mut Authenticated,
        _rows: &[RowId],
    ) -> Result<Vec<Loaded>, ApiError> {
        let tx = &mut auth.tx;
        let settings: Json<TenantSettings> =
            sqlx::query_scalar("select settings from tenant_settings where tenant_id = $1")
                .bind(tx.tenant_id().as_uuid())
                .fetch_one(tx.conn())
                .await?;
        Ok(vec![(
            RowId::Uuid(tx.tenant_id().as_uuid()),
            raw(&settings.0)?,
        )])
    }

    async fn apply(
        &self,
        auth: &mut Authenticated,
        mutation: &Mutation,
        origin: WriteOrigin,
    ) -> Result<MutationOutcome, ApiError> {
        if mutation.op != MutationOp::Update {
            return Err(unsupported(mutation, "The settings", ONLY_UPDATED));
        }
        // The settings are keyed by their tenant; another tenant's are not there to change.
        let tenant: TenantId = mutation_id(mutation)?;
        if tenant != auth.tx.tenant_id() {
            return Err(ApiError::NotFound(
                "No such settings in this brokerage.".into(),
            ));
        }
        let changes = SettingsChanges::from_json(&mutation.changes)
            .map_err(|invalid| ApiError::validation(invalid.code, invalid.message))?;
        let written = settings::update(auth, &changes, origin).await?;
        Ok(MutationOutcome::Applied {
            version: written.version,
            conflicts: written.conflicts,
        })
    }
}
