//! Dotloop's routes: the connection's status, connect and its callback, "Sync now",
//! disconnect, and the webhook endpoint.

use axum::Json;
use axum::extract::{Extension, Query};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use brokerdesk_core::permission::Permission;
use brokerdesk_core::transactions::dotloop_status::{
    ConnectStart, Disconnected, DotloopStatus, SyncStarted,
};
use serde_json::json;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::connect::{self, CallbackQuery};
use super::runs::Trigger;
use super::status;
use super::webhooks::{self, WebhookAnswer};
use super::{Dotloop, connection, importer, needs_reconnect, not_connected, oauth};
use crate::auth::Authenticated;
use crate::error::ApiError;
use crate::state::AppState;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(get_status, disconnect))
        .routes(routes!(start_connect))
        .routes(routes!(callback))
        .routes(routes!(sync_now))
        .routes(routes!(webhook))
}

/// Whether Dotloop is set up and connected, the account, and the import runs.
#[utoipa::path(
    get, path = "/v1/dotloop", tag = "dotloop",
    responses((status = 200, body = DotloopStatus), (status = 403, body = brokerdesk_core::error::ErrorBody)),
    security(("bearer" = []))
)]
pub async fn get_status(
    mut auth: Authenticated,
    Extension(dotloop): Extension<Dotloop>,
) -> Result<Json<DotloopStatus>, ApiError> {
    auth.require(Permission::ManageDotloop)?;
    let configured = dotloop.config.client.is_some();
    Ok(Json(status::status(&mut auth.tx, configured).await?))
}

/// Starts connecting the brokerage's Dotloop account.
#[utoipa::path(
    post, path = "/v1/dotloop/connect", tag = "dotloop",
    responses(
        (status = 200, body = ConnectStart),
        (status = 403, body = brokerdesk_core::error::ErrorBody),
        (status = 409, description = "`dotloop_not_configured`", body = brokerdesk_core::error::ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn start_connect(
    mut auth: Authenticated,
    Extension(dotloop): Extension<Dotloop>,
) -> Result<Json<ConnectStart>, ApiError> {
    let authorize_url = connect::authorize_url(&mut auth, &dotloop).await?;
    auth.tx.commit().await?;
    Ok(Json(ConnectStart { authorize_url }))
}

/// Where Dotloop sends the browser back: a page saying whether it worked.
#[utoipa::path(
    get, path = "/v1/dotloop/callback", tag = "dotloop", params(CallbackQuery),
    responses(
        (status = 200, description = "Connected", content_type = "text/html", body = String),
        (status = 400, description = "Declined, or a bad or expired state", content_type = "text/html", body = String),
        (status = 409, description = "`dotloop_not_configured`", body = brokerdesk_core::error::ErrorBody),
        (status = 502, description = "Dotloop refused the code", content_type = "text/html", body = String),
    )
)]
pub async fn callback(
    Extension(dotloop): Extension<Dotloop>,
    Query(query): Query<CallbackQuery>,
) -> Result<Response, ApiError> {
    Ok(connect::callback(&dotloop, query).await?.into_response())
}

/// "Sync now": starts an import; its progress shows in `GET /v1/dotloop`.
#[utoipa::path(
    post, path = "/v1/dotloop/sync", tag = "dotloop",
    responses(
        (status = 202, body = SyncStarted),
        (status = 403, body = brokerdesk_core::error::ErrorBody),
        (status = 409, description = "`dotloop_not_configured`, `dotloop_not_connected`, `dotloop_needs_reconnect` or `dotloop_import_running`", body = brokerdesk_core::error::ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn sync_now(
    mut auth: Authenticated,
    Extension(dotloop): Extension<Dotloop>,
) -> Result<(StatusCode, Json<SyncStarted>), ApiError> {
    auth.require(Permission::ManageDotloop)?;
    dotloop.client()?;
    match connection::load(&mut auth.tx).await? {
        None => return Err(not_connected()),
        Some(c) if c.status != "connected" => return Err(needs_reconnect()),
        Some(_) => {}
    }
    let run = importer::start(&dotloop, auth.tx.tenant_id(), Trigger::Manual).await?;
    let run_id = run.id;
    auth.audit(
        "dotloop.sync_requested",
        Some(run_id.to_string()),
        json!({}),
    )
    .await?;
    auth.tx.commit().await?;
    tokio::spawn(async move { importer::finish(&dotloop, run).await });
    Ok((StatusCode::ACCEPTED, Json(SyncStarted { run_id })))
}

/// Disconnects: revokes the token at Dotloop and forgets the connection.
#[utoipa::path(
    delete, path = "/v1/dotloop", tag = "dotloop",
    responses(
        (status = 200, body = Disconnected),
        (status = 403, body = brokerdesk_core::error::ErrorBody),
        (status = 409, description = "`dotloop_not_configured` or `dotloop_not_connected`", body = brokerdesk_core::error::ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn disconnect(
    mut auth: Authenticated,
    Extension(dotloop): Extension<Dotloop>,
) -> Result<Json<Disconnected>, ApiError> {
    auth.require(Permission::ManageDotloop)?;
    let client = dotloop.client()?;
    let locked = connection::lock_tokens(&mut auth.tx, &dotloop.master_key)
        .await?
        .ok_or_else(not_connected)?;
    let revoked = oauth::revoke(
        &dotloop.http,
        &dotloop.config,
        client,
        &locked.tokens.access,
    )
    .await;
    connection::forget(&mut auth.tx).await?;
    auth.audit("dotloop.disconnected", None, json!({ "revoked": revoked }))
        .await?;
    auth.tx.commit().await?;
    Ok(Json(Disconnected { revoked }))
}

/// Dotloop's webhook deliveries: verified, deduplicated, answered at once; the loop is
/// fetched afterwards.
#[utoipa::path(
    post, path = "/v1/dotloop/webhook", tag = "dotloop",
    request_body(content = String, content_type = "application/json", description = "A Dotloop event, signed"),
    responses(
        (status = 202, body = WebhookAnswer),
        (status = 401, description = "`bad_signature`, `stale_webhook` or `missing_timestamp`", body = brokerdesk_core::error::ErrorBody),
        (status = 409, description = "`dotloop_webhooks_not_configured`", body = brokerdesk_core::error::ErrorBody),
        (status = 422, body = brokerdesk_core::error::ErrorBody),
    )
)]
pub async fn webhook(
    Extension(dotloop): Extension<Dotloop>,
    headers: HeaderMap,
    body: String,
) -> Result<(StatusCode, Json<WebhookAnswer>), ApiError> {
    let (receipt, accepted) = webhooks::receive(&dotloop, &headers, body.as_bytes()).await?;
    if let Some((tenant, payload)) = accepted {
        tokio::spawn(async move {
            if let Err(error) = webhooks::process(&dotloop, tenant, &payload).await {
                tracing::warn!(%tenant, event = %payload.event_id, %error, "a Dotloop webhook's loop was not stored");
            }
        });
    }
    Ok((StatusCode::ACCEPTED, Json(WebhookAnswer { receipt })))
}
