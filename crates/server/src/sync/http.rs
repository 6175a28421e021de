//! The sync endpoints: pull pages, push mutations, and wait for the tenant to change.

use axum::Extension;
use axum::Json;
use axum::extract::{Query, State};
use brokerdesk_core::sync::pull::{PullPage, PullQuery};
use brokerdesk_core::sync::push::{PushRequest, PushResponse};
use brokerdesk_core::sync::wait::{MAX_WAIT_SECS, WaitOutcome, WaitQuery};
use std::time::Duration;

use crate::auth::{Authenticated, AuthenticatedLongPoll};
use crate::error::ApiError;
use crate::state::AppState;
use crate::sync::source::SyncSources;
use crate::sync::{pull, push};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// The changes after a cursor that the caller may read, in cursor order, a page at a
/// time (bounded by rows and bytes). Deleted records, and records the caller may no
/// longer see, come as changes without data.
#[utoipa::path(
    get, path = "/v1/sync/pull", tag = "sync", params(PullQuery),
    responses(
        (status = 200, body = PullPage),
        (status = 426, description = "The client's protocol is too old", body = brokerdesk_core::error::ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn pull_page(
    Extension(sources): Extension<SyncSources>,
    mut auth: Authenticated,
    Query(query): Query<PullQuery>,
) -> Result<Json<PullPage>, ApiError> {
    let page = pull::page(&mut auth, &sources, &query).await?;
    auth.tx.commit().await?;
    Ok(Json(page))
}

/// Applies a device's queued edits in order, each at most once, with field-level merge.
/// Each gets its own answer: applied (with any values it overwrote), or rejected with
/// the code the REST API would give.
#[utoipa::path(
    post, path = "/v1/sync/push", tag = "sync", request_body = PushRequest,
    responses(
        (status = 200, body = PushResponse),
        (status = 422, body = brokerdesk_core::error::ErrorBody),
        (status = 426, description = "The client's protocol is too old", body = brokerdesk_core::error::ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn push_mutations(
    Extension(sources): Extension<SyncSources>,
    mut auth: Authenticated,
    Json(request): Json<PushRequest>,
) -> Result<Json<PushResponse>, ApiError> {
    let response = push::apply(&mut auth, &sources, request).await?;
    auth.tx.commit().await?;
    Ok(Json(response))
}

/// Answers once the tenant's clock is past `afterVersion`, or when the wait times out.
/// Holds no database connection while it waits, and is not counted against the tenant's
/// request allowance.
#[utoipa::path(
    get, path = "/v1/sync/wait", tag = "sync", params(WaitQuery),
    responses((status = 200, body = WaitOutcome)),
    security(("bearer" = []))
)]
pub async fn wait_for_change(
    State(state): State<AppState>,
    AuthenticatedLongPoll(mut auth): AuthenticatedLongPoll,
    Query(query): Query<WaitQuery>,
) -> Result<Json<WaitOutcome>, ApiError> {
    let tenant = auth.tx.tenant_id();
    let mut heard = state.wakeups.subscribe(tenant);
    let clock: i64 = sqlx::query_scalar("select version from tenant_clock where tenant_id = $1")
        .bind(tenant.as_uuid())
        .fetch_one(auth.tx.conn())
        .await?;
    auth.tx.commit().await?;
    if clock > query.after_version {
        return Ok(Json(WaitOutcome {
            clock,
            changed: true,
        }));
    }
    let timeout = Duration::from_secs(
        query
            .timeout_secs
            .unwrap_or(MAX_WAIT_SECS)
            .min(MAX_WAIT_SECS),
    );
    let after = query.after_version;
    let woke = tokio::time::timeout(timeout, heard.wait_for(|latest| *latest > after)).await;
    let latest = match woke {
        Ok(Ok(latest)) => *latest,
        _ => clock,
    };
    Ok(Json(WaitOutcome {
        clock: latest.max(clock),
        changed: latest > after,
    }))
}

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(pull_page))
        .routes(routes!(push_mutations))
        .routes(routes!(wait_for_change))
}
