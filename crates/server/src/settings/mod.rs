//! The tenant's settings: reading them, and changing some of their fields. The REST
//! route (which replaces the whole document) and sync pushes (which carry the fields a
//! device changed) both call [`update`], so validation, the permission matrix, the plan
//! check on branding and the audit entry are one code path. Fields merge one by one.

pub mod http;
mod provider_keys;
pub mod sync;

pub use provider_keys::provider_key_summaries;

use brokerdesk_core::admin_edit::{SettingsChanges, settings_fields};
use brokerdesk_core::permission::Permission;
use brokerdesk_core::settings::TenantSettings;
use brokerdesk_core::sync::SyncEntity;
use brokerdesk_core::sync::push::FieldConflict;
use serde_json::json;
use sqlx::types::Json;

use crate::auth::Authenticated;
use crate::db::TenantTx;
use crate::error::ApiError;
use crate::sync::merge::{self, FieldStamps, Target, WriteOrigin};

/// The tenant's settings (the defaults until an owner or admin saves some).
pub async fn load_settings(tx: &mut TenantTx) -> Result<TenantSettings, sqlx::Error> {
    let stored: Option<Json<TenantSettings>> =
        sqlx::query_scalar("select settings from tenant_settings where tenant_id = $1")
            .bind(tx.tenant_id().as_uuid())
            .fetch_optional(tx.conn())
            .await?;
    Ok(stored.map(|Json(settings)| settings).unwrap_or_default())
}

/// What a change of the settings left: the whole document, the tenant version it was
/// written at, and the values it overwrote that another device had changed meanwhile.
pub struct SettingsWrite {
    pub settings: TenantSettings,
    pub version: i64,
    pub conflicts: Vec<FieldConflict>,
}

/// Lays `changes` on the tenant's settings. Fields whose value does not change are not
/// written (a whole-form save touches only what differs), so they never conflict.
pub async fn update(
    auth: &mut Authenticated,
    changes: &SettingsChanges,
    origin: WriteOrigin,
) -> Result<SettingsWrite, ApiError> {
    auth.require(Permission::ManageSettings)?;
    let version = auth.tx.next_version().await?;
    let (current, mut stamps) = load_for_update(&mut auth.tx).await?;
    let next = changes
        .apply_to(&current)
        .map_err(|invalid| ApiError::validation(invalid.code, invalid.message))?;
    let (before, after) = (settings_fields(&current), settings_fields(&next));
    let changed: Vec<&str> = changes
        .fields()
        .filter(|field| before.get(*field) != after.get(*field))
        .collect();
    if changed.contains(&"branding") && next.branding != TenantSettings::default().branding {
        require_custom_branding(auth)?;
    }
    if changed.is_empty() {
        return Ok(SettingsWrite {
            settings: current,
            version,
            conflicts: Vec::new(),
        });
    }
    let target = Target::by_member(
        auth,
        SyncEntity::Settings,
        auth.tx.tenant_id().to_string(),
        origin,
    );
    let conflicts = merge::write_fields(&target, &mut stamps, &changed, &before, &after, version);
    sqlx::query(
        "insert into tenant_settings (tenant_id, settings, field_versions, version) values ($1, $2, $3, $4)
         on conflict (tenant_id) do update set settings = excluded.settings,
             field_versions = excluded.field_versions, version = excluded.version, updated_at = now()",
    )
    .bind(auth.tx.tenant_id().as_uuid())
    .bind(Json(&next))
    .bind(Json(&stamps))
    .bind(version)
    .execute(auth.tx.conn())
    .await?;
    merge::record(&mut auth.tx, &conflicts, version).await?;
    auth.audit(
        "settings.updated",
        None,
        json!({ "settings": next, "fields": changed, "conflicts": conflicts.len() }),
    )
    .await?;
    Ok(SettingsWrite {
        settings: next,
        version,
        conflicts,
    })
}

/// Custom branding needs a plan that includes it. Checked when branding is set to
/// something of the tenant's own, so a downgraded tenant can still change its other
/// settings, or go back to the Brokerdesk look.
fn require_custom_branding(auth: &Authenticated) -> Result<(), ApiError> {
    if auth.plan.plan().features.custom_branding {
        return Ok(());
    }
    Err(ApiError::forbidden(
        "plan_feature_required",
        format!(
            "Custom branding is part of the Professional and Enterprise plans; your plan is {}.",
            auth.plan.display_name()
        ),
    ))
}

async fn load_for_update(tx: &mut TenantTx) -> Result<(TenantSettings, FieldStamps), ApiError> {
    let stored: Option<(Json<TenantSettings>, Json<FieldStamps>)> = sqlx::query_as(
        "select settings, field_versions from tenant_settings where tenant_id = $1 for update",
    )
    .bind(tx.tenant_id().as_uuid())
    .fetch_optional(tx.conn())
    .await?;
    Ok(stored
        .map(|(Json(settings), Json(stamps))| (settings, stamps))
        .unwrap_or_default())
}
