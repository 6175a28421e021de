//! The ingest routes for the chatbot and the AI calling service, with a tenant API key.
//! See [`crate::leads::ingest`] for merging and idempotency.

use axum::Json;
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use brokerdesk_core::api_key::Scope;
use brokerdesk_core::leads::ingest::{IngestCall, IngestConversation, IngestLead, IngestResult};
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::auth::ApiKeyAuth;
use crate::error::ApiError;
use crate::leads::ingest::{self, Idempotency, IngestPost};

/// Set on an answer given again for a retried Idempotency-Key.
const REPLAYED_HEADER: &str = "idempotent-replayed";

fn parse<T: DeserializeOwned>(body: Value) -> Result<T, ApiError> {
    serde_json::from_value(body).map_err(|e| {
        ApiError::validation("invalid_body", format!("The request cannot be read: {e}."))
    })
}

/// One post: scope, idempotency, the work and the stored answer, in one transaction.
async fn handle(
    mut auth: ApiKeyAuth,
    headers: &HeaderMap,
    route: &str,
    scope: Scope,
    body: Value,
    read: fn(Value) -> Result<IngestPost, ApiError>,
) -> Result<Response, ApiError> {
    auth.require_scope(scope)?;
    let idempotency = Idempotency::from_headers(headers, route, &body)?;
    if let Some(key) = &idempotency {
        // Under the clock lock (taken below) a concurrent twin commits first and is seen.
        auth.tx.next_version().await?;
        if let Some(replay) = key.replay(&mut auth).await? {
            auth.tx.commit().await?;
            let mut response = (replay.status, Json(replay.body)).into_response();
            response
                .headers_mut()
                .insert(REPLAYED_HEADER, HeaderValue::from_static("true"));
            return Ok(response);
        }
    }
    let post = read(body)?;
    let result: IngestResult = ingest::apply(&mut auth, post).await?;
    let status = if result.created {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    let body = serde_json::to_value(&result).map_err(|e| ApiError::Internal(e.into()))?;
    if let Some(key) = &idempotency {
        key.remember(&mut auth, status, &body).await?;
    }
    auth.tx.commit().await?;
    Ok((status, Json(body)).into_response())
}

/// Posts a lead (and any consent it gave). A lead with the same normalised email or
/// phone gets the new details merged in; otherwise one is created (201). Needs the
/// `leads:ingest` scope. Send an `Idempotency-Key` header to make retries safe.
#[utoipa::path(
    post, path = "/v1/integrations/leads", tag = "integrations", request_body = IngestLead,
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes a retry return the first answer")),
    responses(
        (status = 200, description = "Merged into an existing lead", body = IngestResult),
        (status = 201, description = "A new lead", body = IngestResult),
        (status = 401, body = brokerdesk_core::error::ErrorBody),
        (status = 403, description = "Wrong scope, no API access, or the plan's lead limit (quota_exceeded)", body = brokerdesk_core::error::ErrorBody),
        (status = 422, description = "Invalid, or the Idempotency-Key was used for another request", body = brokerdesk_core::error::ErrorBody),
    ),
    security(("api_key" = []))
)]
pub async fn ingest_lead(
    auth: ApiKeyAuth,
    headers: HeaderMap,
    Json(body): Json<Value>,
) -> Result<Response, ApiError> {
    handle(auth, &headers, "leads", Scope::LeadsIngest, body, |b| {
        parse(b).map(IngestPost::Lead)
    })
    .await
}

/// Posts a chatbot conversation, attached to the lead its contact details find (or a new
/// one). Needs the `conversations:ingest` scope.
#[utoipa::path(
    post, path = "/v1/integrations/conversations", tag = "integrations", request_body = IngestConversation,
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes a retry return the first answer")),
    responses(
        (status = 200, body = IngestResult),
        (status = 201, body = IngestResult),
        (status = 401, body = brokerdesk_core::error::ErrorBody),
        (status = 403, body = brokerdesk_core::error::ErrorBody),
        (status = 422, body = brokerdesk_core::error::ErrorBody),
    ),
    security(("api_key" = []))
)]
pub async fn ingest_conversation(
    auth: ApiKeyAuth,
    headers: HeaderMap,
    Json(body): Json<Value>,
) -> Result<Response, ApiError> {
    handle(
        auth,
        &headers,
        "conversations",
        Scope::ConversationsIngest,
        body,
        |b| parse(b).map(IngestPost::Conversation),
    )
    .await
}

/// Posts an AI call record. It counts against the plan's monthly AI-call allowance:
/// over it, 403 `quota_exceeded` and nothing is written. Needs the `calls:ingest` scope.
#[utoipa::path(
    post, path = "/v1/integrations/calls", tag = "integrations", request_body = IngestCall,
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes a retry return the first answer")),
    responses(
        (status = 200, body = IngestResult),
        (status = 201, body = IngestResult),
        (status = 401, body = brokerdesk_core::error::ErrorBody),
        (status = 403, description = "Wrong scope, no API access, or the monthly call limit (quota_exceeded)", body = brokerdesk_core::error::ErrorBody),
        (status = 422, body = brokerdesk_core::error::ErrorBody),
    ),
    security(("api_key" = []))
)]
pub async fn ingest_call(
    auth: ApiKeyAuth,
    headers: HeaderMap,
    Json(body): Json<Value>,
) -> Result<Response, ApiError> {
    handle(auth, &headers, "calls", Scope::CallsIngest, body, |b| {
        parse(b).map(IngestPost::Call)
    })
    .await
}
