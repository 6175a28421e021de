//! Offline edits of the tenant's settings: the fields the user changed are laid on the
//! cached document, validated as the server will, shown at once and queued.

use brokerdesk_core::admin_edit::{EditInvalid, SettingsChanges};
use brokerdesk_core::settings::TenantSettings;
use brokerdesk_core::sync::SyncEntity;
use brokerdesk_core::sync::push::MutationOp;

use crate::sync::edits::LocalEdit;
use crate::sync::error::{StoreError, corrupt};
use crate::sync::records::LocalStore;

impl LocalStore {
    /// Lays `changes` (the fields the user changed in the form) on the cached settings
    /// and queues them; the document they make is validated as the server will.
    pub async fn change_settings(
        &self,
        changes: &SettingsChanges,
    ) -> Result<TenantSettings, StoreError> {
        if changes.is_empty() {
            return self.settings().await;
        }
        let id = self.settings_record().await?;
        let edit = LocalEdit::of(
            SyncEntity::Settings,
            id,
            MutationOp::Update,
            changes.as_json().clone(),
        );
        self.queue_edit(edit, StoreError::Missing("settings document"), |data| {
            let current: TenantSettings = serde_json::from_str(data).map_err(corrupt)?;
            let next = changes.apply_to(&current)?;
            let shown = serde_json::to_string(&next).expect("settings serialise");
            Ok((Some(shown), next))
        })
        .await
    }

    /// The tenant's settings as this device shows them (with its pending edits).
    pub async fn settings(&self) -> Result<TenantSettings, StoreError> {
        match self.records(SyncEntity::Settings).await?.pop() {
            Some(settings) => Ok(settings),
            None if self.tenant().await?.is_some() => Ok(TenantSettings::default()),
            None => Err(not_synced_yet()),
        }
    }

    /// The id of the cached settings record, keyed by the tenant as the server sends it.
    /// A tenant that never saved settings has none on the server either, only the
    /// defaults: once a full pull has brought the tenant (so nothing is still on its
    /// way), the defaults are cached as the server's copy, for an edit to lie on.
    async fn settings_record(&self) -> Result<String, StoreError> {
        let tenant = self.tenant().await?.ok_or_else(not_synced_yet)?;
        let id = tenant.tenant.id.to_string();
        let defaults = serde_json::to_string(&TenantSettings::default()).expect("serialises");
        sqlx::query(
            "insert into records (entity, id, version, data) values ('settings', ?, 0, ?)
             on conflict (entity, id) do nothing",
        )
        .bind(&id)
        .bind(defaults)
        .execute(self.pool())
        .await?;
        Ok(id)
    }
}

fn not_synced_yet() -> StoreError {
    StoreError::InvalidEdit(EditInvalid {
        code: "not_synced_yet",
        message: "This computer has not finished its first sync of the brokerage yet; try again \
                  once the header says it is synced."
            .into(),
    })
}
