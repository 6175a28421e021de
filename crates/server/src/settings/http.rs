//! Tenant settings, and the tenant's provider keys (write-only: never returned).

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use brokerdesk_core::admin_edit::SettingsChanges;
use brokerdesk_core::permission::Permission;
use brokerdesk_core::settings::{
    Provider, ProviderKeySummary, SetProviderKeyRequest, TenantSettings,
};
use chrono::{DateTime, Utc};
use serde_json::json;

use super::{load_settings, provider_key_summaries};
use crate::auth::Authenticated;
use crate::error::ApiError;
use crate::state::AppState;
use crate::sync::merge::WriteOrigin;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// The tenant's settings (the defaults until an owner or admin saves some).
#[utoipa::path(
    get, path = "/v1/settings", tag = "settings",
    responses((status = 200, body = TenantSettings)),
    security(("bearer" = []))
)]
pub async fn get_settings(mut auth: Authenticated) -> Result<Json<TenantSettings>, ApiError> {
    Ok(Json(load_settings(&mut auth.tx).await?))
}

/// Replaces the tenant's settings. Custom branding needs a plan that includes it.
#[utoipa::path(
    put, path = "/v1/settings", tag = "settings", request_body = TenantSettings,
    responses(
        (status = 200, body = TenantSettings),
        (status = 403, description = "Not allowed, or branding is not in the plan", body = brokerdesk_core::error::ErrorBody),
        (status = 422, body = brokerdesk_core::error::ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn put_settings(
    mut auth: Authenticated,
    Json(settings): Json<TenantSettings>,
) -> Result<Json<TenantSettings>, ApiError> {
    // A whole document is a change of every field; only those that differ are written.
    let every_field = SettingsChanges::every_field(&settings);
    let written = super::update(&mut auth, &every_field, WriteOrigin::DIRECT).await?;
    auth.tx.commit().await?;
    Ok(Json(written.settings))
}

/// Which provider keys are set, each shown by its last four characters only.
#[utoipa::path(
    get, path = "/v1/provider-keys", tag = "settings",
    responses((status = 200, body = Vec<ProviderKeySummary>), (status = 403, body = brokerdesk_core::error::ErrorBody)),
    security(("bearer" = []))
)]
pub async fn list_provider_keys(
    mut auth: Authenticated,
) -> Result<Json<Vec<ProviderKeySummary>>, ApiError> {
    auth.require(Permission::ManageProviderKeys)?;
    Ok(Json(provider_key_summaries(&mut auth.tx).await?))
}

fn seal_context(tenant: impl std::fmt::Display, provider: Provider) -> String {
    format!("tenant:{tenant}/provider-key:{}", provider.as_str())
}

/// Stores (or replaces) a provider key, sealed. The key is never returned.
#[utoipa::path(
    put, path = "/v1/provider-keys/{provider}", tag = "settings", request_body = SetProviderKeyRequest,
    params(("provider" = Provider, Path, description = "The provider")),
    responses(
        (status = 200, body = ProviderKeySummary),
        (status = 403, body = brokerdesk_core::error::ErrorBody),
        (status = 422, body = brokerdesk_core::error::ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn set_provider_key(
    State(state): State<AppState>,
    mut auth: Authenticated,
    Path(provider): Path<Provider>,
    Json(request): Json<SetProviderKeyRequest>,
) -> Result<Json<ProviderKeySummary>, ApiError> {
    auth.require(Permission::ManageProviderKeys)?;
    let key = request.key.trim();
    if key.len() < 8 || key.len() > 4096 || key.contains(char::is_whitespace) {
        return Err(ApiError::validation(
            "invalid_provider_key",
            "Paste the whole key: 8 to 4096 characters, no spaces.",
        ));
    }
    let last_four: String = key
        .chars()
        .rev()
        .take(4)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let sealed = state
        .master_key
        .seal(key.as_bytes(), &seal_context(auth.tx.tenant_id(), provider));
    let updated_at: DateTime<Utc> = sqlx::query_scalar(
        "insert into provider_keys (tenant_id, provider, key_sealed, last_four, updated_by) values ($1, $2, $3, $4, $5)
         on conflict (tenant_id, provider) do update
            set key_sealed = excluded.key_sealed, last_four = excluded.last_four,
                updated_by = excluded.updated_by, updated_at = now()
         returning updated_at",
    )
    .bind(auth.tx.tenant_id().as_uuid())
    .bind(provider.as_str())
    .bind(sealed)
    .bind(&last_four)
    .bind(auth.user.id.as_uuid())
    .fetch_one(auth.tx.conn())
    .await?;
    auth.audit(
        "provider_key.set",
        Some(provider.as_str().into()),
        json!({ "lastFour": last_four }),
    )
    .await?;
    auth.tx.commit().await?;
    Ok(Json(ProviderKeySummary {
        provider,
        last_four,
        updated_at,
    }))
}

/// Removes a provider key.
#[utoipa::path(
    delete, path = "/v1/provider-keys/{provider}", tag = "settings",
    params(("provider" = Provider, Path, description = "The provider")),
    responses((status = 204, description = "Removed"), (status = 404, body = brokerdesk_core::error::ErrorBody)),
    security(("bearer" = []))
)]
pub async fn delete_provider_key(
    mut auth: Authenticated,
    Path(provider): Path<Provider>,
) -> Result<StatusCode, ApiError> {
    auth.require(Permission::ManageProviderKeys)?;
    let done = sqlx::query("delete from provider_keys where tenant_id = $1 and provider = $2")
        .bind(auth.tx.tenant_id().as_uuid())
        .bind(provider.as_str())
        .execute(auth.tx.conn())
        .await?;
    if done.rows_affected() == 0 {
        return Err(ApiError::NotFound(format!(
            "No {} key is set.",
            provider.as_str()
        )));
    }
    auth.audit(
        "provider_key.removed",
        Some(provider.as_str().into()),
        json!({}),
    )
    .await?;
    auth.tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(get_settings, put_settings))
        .routes(routes!(list_provider_keys))
        .routes(routes!(set_provider_key, delete_provider_key))
}
