//! Offline edits of the users and settings screens: a member's role or status, fields of
//! the tenant's settings, and revoking an API key or an invitation. Each shows at once
//! and is queued for the server in one transaction, through the same outbox path as lead
//! edits, so `acknowledge` rolls a refused one back like any other.
//!
//! Nothing here makes a secret or a link: creating an API key, inviting someone and
//! setting a provider key need the server, which makes (or seals) them and shows them
//! once, so they have no offline form.

use brokerdesk_core::admin_edit::{EditInvalid, MemberChanges, SettingsChanges};
use brokerdesk_core::identity::UserSummary;
use brokerdesk_core::ids::{ApiKeyId, UserId};
use brokerdesk_core::settings::TenantSettings;
use brokerdesk_core::sync::SyncEntity;
use brokerdesk_core::sync::push::MutationOp;
use serde_json::{Map, Value};
use uuid::Uuid;

use super::store::{LocalEdit, LocalStore, StoreError};

fn unreadable(e: serde_json::Error) -> StoreError {
    StoreError::Corrupt(e.to_string())
}

impl LocalStore {
    /// Changes a member's role, or deactivates (`Deactivated`) or reactivates (`Active`)
    /// them.
    pub async fn edit_member(
        &self,
        id: UserId,
        changes: MemberChanges,
    ) -> Result<UserSummary, StoreError> {
        // The same reading the server does, so a change it cannot take never queues.
        let fields = MemberChanges::from_json(&changes.to_json())?.to_json();
        let edit = LocalEdit::of(
            SyncEntity::User,
            id.to_string(),
            MutationOp::Update,
            fields.clone(),
        );
        self.queue_edit(edit, StoreError::Missing("member"), |data| {
            let shown = overlaid(data, &fields)?;
            let user: UserSummary = serde_json::from_value(shown.clone()).map_err(unreadable)?;
            Ok((Some(shown.to_string()), user))
        })
        .await
    }

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
            let current: TenantSettings = serde_json::from_str(data).map_err(unreadable)?;
            let next = changes.apply_to(&current)?;
            let shown = serde_json::to_string(&next).expect("settings serialise");
            Ok((Some(shown), next))
        })
        .await
    }

    /// The tenant's settings as this device shows them (with its pending edits).
    pub async fn settings(&self) -> Result<TenantSettings, StoreError> {
        match self.records(SyncEntity::Settings).await?.pop() {
            Some(value) => serde_json::from_value(value).map_err(unreadable),
            None if self.tenant().await?.is_some() => Ok(TenantSettings::default()),
            None => Err(not_synced_yet()),
        }
    }

    /// Revokes an API key here (it shows as being revoked) and queues the revocation.
    pub async fn revoke_api_key(&self, id: ApiKeyId) -> Result<(), StoreError> {
        self.queue_revocation(SyncEntity::ApiKey, id.to_string(), "API key")
            .await
    }

    /// Withdraws an invitation here and queues the revocation.
    pub async fn revoke_invitation(&self, id: Uuid) -> Result<(), StoreError> {
        self.queue_revocation(SyncEntity::Invitation, id.to_string(), "invitation")
            .await
    }

    async fn queue_revocation(
        &self,
        entity: SyncEntity,
        id: String,
        what: &'static str,
    ) -> Result<(), StoreError> {
        let edit = LocalEdit::of(entity, id, MutationOp::Delete, Map::new());
        self.queue_edit(edit, StoreError::Missing(what), |_| Ok((None, ())))
            .await
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

/// The record's JSON with the named fields set to their new values.
fn overlaid(data: &str, fields: &Map<String, Value>) -> Result<Value, StoreError> {
    let mut record: Value = serde_json::from_str(data).map_err(unreadable)?;
    if let Value::Object(object) = &mut record {
        object.extend(fields.clone());
    }
    Ok(record)
}

fn not_synced_yet() -> StoreError {
    StoreError::InvalidEdit(EditInvalid {
        code: "not_synced_yet",
        message: "This computer has not finished its first sync of the brokerage yet; try again \
                  once the header says it is synced."
            .into(),
    })
}
