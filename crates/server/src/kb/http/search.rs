//! The chatbot's routes: the search over published chunks (a `kb:read` API key, or an
//! owner's or admin's token for the app's test console) and the report of unanswered
//! questions; and the owners' to-do list of those questions.

use axum::Json;
use axum::extract::FromRequestParts;
use axum::http::StatusCode;
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use brokerdesk_core::api_key::Scope;
use brokerdesk_core::kb::api::KbSaved;
use brokerdesk_core::kb::search::{KbSearchHit, KbSearchRequest};
use brokerdesk_core::kb::unanswered::{UnansweredGroup, UnansweredReport};
use brokerdesk_core::permission::Permission;
use serde::Deserialize;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::api_keys;
use crate::auth::api_key::API_KEY_HEADER;
use crate::auth::{ApiKeyAuth, Authenticated};
use crate::db::TenantTx;
use crate::error::ApiError;
use crate::kb::{search, unanswered};
use crate::state::AppState;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(search_kb))
        .routes(routes!(report_unanswered))
        .routes(routes!(list_unanswered))
        .routes(routes!(answer_unanswered))
}

/// Who may search: the chatbot with a `kb:read` key, or a member who edits the
/// knowledge base (the test console). Either way a transaction scoped to its tenant.
pub struct KbSearcher(TenantTx);

/// Whether the request presents an API key rather than a member's access token.
fn presents_api_key(parts: &Parts) -> bool {
    parts.headers.contains_key(API_KEY_HEADER)
        || parts
            .headers
            .get(AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .is_some_and(|token| api_keys::tenant_of(token.trim()).is_some())
}

impl FromRequestParts<AppState> for KbSearcher {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        if presents_api_key(parts) {
            let auth = ApiKeyAuth::from_request_parts(parts, state).await?;
            auth.require_scope(Scope::KbRead)?;
            Ok(Self(auth.tx))
        } else {
            let auth = Authenticated::from_request_parts(parts, state).await?;
            auth.require(Permission::WriteKnowledgeBase)?;
            Ok(Self(auth.tx))
        }
    }
}

/// The published chunks that best answer a question: full-text rank and trigram
/// similarity fused by reciprocal rank fusion (k = 60). Filters by tags (any of them)
/// and collection. Never returns drafts or unpublished items.
#[utoipa::path(
    post, path = "/v1/kb/search", tag = "knowledge-base", request_body = KbSearchRequest,
    responses(
        (status = 200, body = Vec<KbSearchHit>),
        (status = 401, body = brokerdesk_core::error::ErrorBody),
        (status = 403, description = "A key without kb:read, or a role that does not edit the knowledge base", body = brokerdesk_core::error::ErrorBody),
        (status = 422, body = brokerdesk_core::error::ErrorBody),
    ),
    security(("api_key" = []), ("bearer" = []))
)]
pub async fn search_kb(
    KbSearcher(mut tx): KbSearcher,
    Json(request): Json<KbSearchRequest>,
) -> Result<Json<Vec<KbSearchHit>>, ApiError> {
    let hits = search::search(&mut tx, &request).await?;
    tx.commit().await?;
    Ok(Json(hits))
}

/// The chatbot reports a question it could not answer, or whose answer got a
/// thumbs-down. Needs the `kb:read` scope (the chatbot's key).
#[utoipa::path(
    post, path = "/v1/integrations/kb/unanswered", tag = "integrations", request_body = UnansweredReport,
    responses(
        (status = 202, description = "Recorded"),
        (status = 401, body = brokerdesk_core::error::ErrorBody),
        (status = 403, body = brokerdesk_core::error::ErrorBody),
        (status = 422, body = brokerdesk_core::error::ErrorBody),
    ),
    security(("api_key" = []))
)]
pub async fn report_unanswered(
    mut auth: ApiKeyAuth,
    Json(report): Json<UnansweredReport>,
) -> Result<StatusCode, ApiError> {
    auth.require_scope(Scope::KbRead)?;
    unanswered::report(&mut auth.tx, &report).await?;
    auth.tx.commit().await?;
    Ok(StatusCode::ACCEPTED)
}

/// The chatbot's unanswered questions, grouped, most reported first.
#[utoipa::path(
    get, path = "/v1/kb/unanswered", tag = "knowledge-base",
    responses((status = 200, body = Vec<UnansweredGroup>), (status = 403, body = brokerdesk_core::error::ErrorBody)),
    security(("bearer" = []))
)]
pub async fn list_unanswered(
    mut auth: Authenticated,
) -> Result<Json<Vec<UnansweredGroup>>, ApiError> {
    Ok(Json(unanswered::list(&mut auth).await?))
}

/// Which group of unanswered questions to answer.
#[derive(Clone, Debug, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AnswerUnanswered {
    /// The group's key, as listed.
    pub key: String,
}

/// "Answer this": a Q&A draft with the group's question; the group leaves the list.
#[utoipa::path(
    post, path = "/v1/kb/unanswered/answer", tag = "knowledge-base", request_body = AnswerUnanswered,
    responses((status = 201, body = KbSaved), (status = 403, body = brokerdesk_core::error::ErrorBody), (status = 404, body = brokerdesk_core::error::ErrorBody)),
    security(("bearer" = []))
)]
pub async fn answer_unanswered(
    mut auth: Authenticated,
    Json(request): Json<AnswerUnanswered>,
) -> Result<(StatusCode, Json<KbSaved>), ApiError> {
    let saved = unanswered::answer(&mut auth, &request.key).await?;
    auth.tx.commit().await?;
    Ok((StatusCode::CREATED, Json(saved)))
}
