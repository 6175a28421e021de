//! Dotloop's webhook deliveries. Each is verified (HMAC of the body with the
//! subscription's signing key, and a fresh timestamp), deduplicated on its `eventId`
//! (delivery is at least once), and answered at once; the loop it names is fetched
//! afterwards in a task of its own. A subscription is made per connected tenant with
//! the tenant's id as its `externalId`, which is how a delivery finds its tenant.

use axum::http::HeaderMap;
use brokerdesk_core::ids::TenantId;
use brokerdesk_core::transactions::dotloop_api::{EventType, WebhookPayload};
use brokerdesk_core::transactions::webhook::{DEFAULT_MAX_AGE, verify_webhook};
use chrono::Utc;
use serde::Serialize;
use serde_json::json;
use utoipa::ToSchema;

use super::api::ApiSession;
use super::{Dotloop, importer, runs};
use crate::error::ApiError;

/// The events a subscription asks for: everything that changes a loop or its people.
pub const SUBSCRIBED_EVENTS: &[&str] = &[
    "LOOP_CREATED",
    "LOOP_UPDATED",
    "LOOP_MERGED",
    "LOOP_PARTICIPANT_CREATED",
    "LOOP_PARTICIPANT_UPDATED",
    "LOOP_PARTICIPANT_DELETED",
];

/// What became of a delivery.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Receipt {
    /// New: its loop will be fetched.
    Accepted,
    /// Seen before: nothing more happens.
    Duplicate,
    /// Not about a loop, or for a tenant with no connection.
    Ignored,
}

#[derive(Clone, Copy, Debug, Serialize, ToSchema)]
pub struct WebhookAnswer {
    pub receipt: Receipt,
}

/// Checks a delivery and records it; the payload comes back when its loop must be
/// fetched.
pub async fn receive(
    dotloop: &Dotloop,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<(Receipt, Option<(TenantId, WebhookPayload)>), ApiError> {
    let key = dotloop
        .config
        .webhook_key
        .as_deref()
        .ok_or_else(|| ApiError::Conflict {
            code: "dotloop_webhooks_not_configured",
            message:
                "This server takes no Dotloop webhooks: BROKERDESK_DOTLOOP_WEBHOOK_KEY is not set."
                    .into(),
        })?;
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    verify_webhook(
        body,
        header("x-dotloop-signature"),
        header("x-dotloop-timestamp"),
        key.as_bytes(),
        Utc::now(),
        DEFAULT_MAX_AGE,
    )
    .map_err(|refused| ApiError::unauthorized(refused.code, refused.message))?;
    let payload: WebhookPayload = serde_json::from_slice(body).map_err(|e| {
        ApiError::validation(
            "invalid_webhook",
            format!("The webhook's body is not a Dotloop event: {e}"),
        )
    })?;
    let Some(tenant) = payload
        .subscription_external_id
        .as_deref()
        .and_then(|id| id.parse::<TenantId>().ok())
    else {
        return Ok((Receipt::Ignored, None));
    };
    let mut tx = runs::scoped(&dotloop.db, tenant).await?;
    let connected: bool = sqlx::query_scalar(
        "select exists (select 1 from dotloop_connections where tenant_id = $1)",
    )
    .bind(tenant.as_uuid())
    .fetch_one(tx.conn())
    .await?;
    if !connected {
        return Ok((Receipt::Ignored, None));
    }
    let first = sqlx::query(
        "insert into dotloop_webhook_events (tenant_id, event_id, event_type) values ($1, $2, $3)
         on conflict (tenant_id, event_id) do nothing",
    )
    .bind(tenant.as_uuid())
    .bind(&payload.event_id)
    .bind(json!(payload.event_type).as_str().unwrap_or("OTHER"))
    .execute(tx.conn())
    .await?
    .rows_affected()
        == 1;
    tx.commit().await?;
    Ok(match (first, payload.event_type) {
        (false, _) => (Receipt::Duplicate, None),
        (true, EventType::Other) => (Receipt::Ignored, None),
        (true, _) => (Receipt::Accepted, Some((tenant, payload))),
    })
}

/// Acts on an accepted delivery: a merge re-points the deal first; then the loop it
/// names is fetched and stored.
pub async fn process(
    dotloop: &Dotloop,
    tenant: TenantId,
    payload: &WebhookPayload,
) -> Result<(), ApiError> {
    if payload.event_type == EventType::LoopMerged
        && let (Some(from), Some(to)) = (
            payload.event.from_id.as_deref(),
            payload.event.to_id.as_deref(),
        )
    {
        let mut tx = runs::scoped(&dotloop.db, tenant).await?;
        dotloop.store.0.repoint_loop(&mut tx, from, to).await?;
        tx.commit().await?;
    }
    let (Some(loop_view_id), Some(profile_id)) =
        (payload.loop_view_id(), payload.event.profile_id.as_deref())
    else {
        return Ok(());
    };
    let mut api = ApiSession::open(dotloop, tenant).await?;
    if let Some(imported) = importer::fetch_loop(&mut api, profile_id, loop_view_id).await? {
        let mut tx = runs::scoped(&dotloop.db, tenant).await?;
        dotloop.store.0.store_loops(&mut tx, vec![imported]).await?;
        tx.commit().await?;
    }
    Ok(())
}

/// Asks Dotloop to send the account's loop events here, tagged with the tenant. Best
/// effort: without it the schedule still keeps deals current.
pub async fn subscribe(dotloop: &Dotloop, tenant: TenantId) -> Result<(), ApiError> {
    let Some(key) = &dotloop.config.webhook_key else {
        return Ok(());
    };
    let mut api = ApiSession::open(dotloop, tenant).await?;
    let body = json!({
        "targetUrl": dotloop.config.webhook_url,
        "signingKey": key,
        "externalId": tenant.to_string(),
        "eventTypes": SUBSCRIBED_EVENTS,
        "enabled": true,
    });
    api.post::<serde_json::Value>("/subscription", &body)
        .await?;
    Ok(())
}
