//! Routes for the chatbot and the AI calling service, which call with a tenant API key.

use axum::Json;
use brokerdesk_core::api_key::IntegrationIdentity;

use crate::auth::ApiKeyAuth;
use crate::error::ApiError;

/// The tenant and scopes of the API key the request is made with: lets an integration
/// check its configuration before it sends real data.
#[utoipa::path(
    get, path = "/v1/integrations/whoami", tag = "integrations",
    responses(
        (status = 200, body = IntegrationIdentity),
        (status = 401, description = "No valid API key", body = brokerdesk_core::error::ErrorBody),
        (status = 403, description = "The plan has no API access, or the account is suspended", body = brokerdesk_core::error::ErrorBody),
    ),
    security(("api_key" = []))
)]
pub async fn whoami(mut auth: ApiKeyAuth) -> Result<Json<IntegrationIdentity>, ApiError> {
    let tenant_id = auth.tx.tenant_id();
    let tenant_name: String = sqlx::query_scalar("select name from tenants where id = $1")
        .bind(tenant_id.as_uuid())
        .fetch_one(auth.tx.conn())
        .await?;
    // Keeps the key's last-used time.
    auth.tx.commit().await?;
    Ok(Json(IntegrationIdentity {
        tenant_id,
        tenant_name,
        key_id: auth.key.id,
        key_name: auth.key.name,
        scopes: auth.key.scopes,
    }))
}
