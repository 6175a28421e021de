//! Managing the tenant's API keys: create (the only time a key is shown), list, revoke.

use axum::Json;
use axum::extract::Path;
use axum::http::StatusCode;
use brokerdesk_core::api_key::{ApiKeySummary, CreateApiKeyRequest, CreatedApiKey};
use brokerdesk_core::ids::ApiKeyId;
use brokerdesk_core::people::single_line;
use brokerdesk_core::permission::Permission;
use chrono::Utc;
use serde_json::json;
use uuid::Uuid;

use super::whoami;
use crate::api_keys::{self, NewApiKey};
use crate::auth::Authenticated;
use crate::error::ApiError;
use crate::state::AppState;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

const MAX_NAME_CHARS: usize = 100;

/// Creates a key. The response carries the full key once; only its hash is kept.
#[utoipa::path(
    post, path = "/v1/api-keys", tag = "api-keys", request_body = CreateApiKeyRequest,
    responses(
        (status = 201, description = "Created; the key is shown this once", body = CreatedApiKey),
        (status = 403, description = "Not allowed, or the plan has no API access", body = brokerdesk_core::error::ErrorBody),
        (status = 422, description = "Invalid input", body = brokerdesk_core::error::ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn create_api_key(
    mut auth: Authenticated,
    Json(request): Json<CreateApiKeyRequest>,
) -> Result<(StatusCode, Json<CreatedApiKey>), ApiError> {
    auth.require(Permission::ManageApiKeys)?;
    let name = request.name.trim();
    single_line("invalid_name", "The key's name", name)?;
    if name.is_empty() || name.chars().count() > MAX_NAME_CHARS {
        return Err(ApiError::validation(
            "invalid_name",
            format!(
                "Name the key (at most {MAX_NAME_CHARS} characters), e.g. \"Website chatbot\"."
            ),
        ));
    }
    let mut scopes = request.scopes;
    scopes.sort();
    scopes.dedup();
    if scopes.is_empty() {
        return Err(ApiError::validation(
            "invalid_scopes",
            "Choose at least one thing the key may do.",
        ));
    }
    if request.expires_at.is_some_and(|at| at <= Utc::now()) {
        return Err(ApiError::validation(
            "invalid_expiry",
            "The expiry date must be in the future.",
        ));
    }
    api_keys::require_api_access(auth.plan)?;

    let created = api_keys::create(
        &mut auth.tx,
        NewApiKey {
            name,
            scopes: &scopes,
            expires_at: request.expires_at,
            created_by: auth.user.id,
        },
    )
    .await?;
    // What the key is and may do, never any part of the key itself.
    auth.audit(
        "api_key.created",
        Some(created.api_key.id.to_string()),
        json!({
            "name": created.api_key.name,
            "scopes": created.api_key.scopes,
            "expiresAt": created.api_key.expires_at,
        }),
    )
    .await?;
    auth.tx.commit().await?;
    Ok((StatusCode::CREATED, Json(created)))
}

/// Every key of the tenant, revoked ones included, newest first.
#[utoipa::path(
    get, path = "/v1/api-keys", tag = "api-keys",
    responses((status = 200, body = Vec<ApiKeySummary>), (status = 403, body = brokerdesk_core::error::ErrorBody)),
    security(("bearer" = []))
)]
pub async fn list_api_keys(mut auth: Authenticated) -> Result<Json<Vec<ApiKeySummary>>, ApiError> {
    auth.require(Permission::ManageApiKeys)?;
    Ok(Json(api_keys::list(&mut auth.tx).await?))
}

/// Revokes a key at once. Revoking a revoked key changes nothing.
#[utoipa::path(
    post, path = "/v1/api-keys/{id}/revoke", tag = "api-keys",
    params(("id" = Uuid, Path, description = "API key id")),
    responses(
        (status = 200, body = ApiKeySummary),
        (status = 403, body = brokerdesk_core::error::ErrorBody),
        (status = 404, body = brokerdesk_core::error::ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn revoke_api_key(
    mut auth: Authenticated,
    Path(id): Path<Uuid>,
) -> Result<Json<ApiKeySummary>, ApiError> {
    let (revoked, _) = api_keys::revoke_by(&mut auth, ApiKeyId::from_uuid(id)).await?;
    auth.tx.commit().await?;
    Ok(Json(revoked))
}

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(create_api_key, list_api_keys))
        .routes(routes!(revoke_api_key))
        .routes(routes!(whoami::whoami))
}
