//! The web import's routes: pages from a URL or a sitemap, and fetching a page again.

use axum::extract::Path;
use axum::http::HeaderValue;
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use brokerdesk_core::ids::KbItemId;
use brokerdesk_core::kb::api::{KbImportOutcome, KbImportRequest, KbSaved};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use crate::auth::Authenticated;
use crate::error::ApiError;
use crate::kb::import::{self, Fetcher};
use crate::state::AppState;

/// The refetch answer's header saying whether the page's text changed.
pub const PAGE_CHANGED_HEADER: &str = "x-kb-page-changed";

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(import_pages))
        .routes(routes!(refetch_page))
}

/// Imports a web page, or the pages a sitemap lists (same host, at most 50), as web-page
/// drafts; pages imported before get the new text in their drafts. Each fetch goes to
/// public addresses only, follows robots.txt, and has size and time limits; the pages a
/// sitemap import did not take are listed with their reason.
#[utoipa::path(
    post, path = "/v1/kb/imports", tag = "knowledge-base", request_body = KbImportRequest,
    responses(
        (status = 200, body = KbImportOutcome),
        (status = 403, body = brokerdesk_core::error::ErrorBody),
        (status = 422, description = "The page or sitemap could not be imported (kb_invalid_url, kb_fetch_refused, kb_fetch_failed, kb_fetch_timeout, kb_robots_disallowed, kb_page_too_large, kb_unsupported_page, kb_page_empty, kb_invalid_sitemap)", body = brokerdesk_core::error::ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn import_pages(
    mut auth: Authenticated,
    Extension(fetcher): Extension<Fetcher>,
    Json(request): Json<KbImportRequest>,
) -> Result<Json<KbImportOutcome>, ApiError> {
    let outcome = import::import(&mut auth, &fetcher, request).await?;
    auth.tx.commit().await?;
    Ok(Json(outcome))
}

/// Fetches a web page's source again and puts its new text in the item's draft, to
/// review (and diff) before publishing. The header `x-kb-page-changed` says whether the
/// text changed; when it did not, nothing was written.
#[utoipa::path(
    post, path = "/v1/kb/items/{id}/refetch", tag = "knowledge-base",
    params(("id" = Uuid, Path, description = "The web page item's id")),
    responses(
        (status = 200, body = KbSaved, headers(("x-kb-page-changed" = bool, description = "Whether the page's text changed"))),
        (status = 403, body = brokerdesk_core::error::ErrorBody),
        (status = 404, body = brokerdesk_core::error::ErrorBody),
        (status = 422, description = "Not a web page (kb_not_web_page), or the page could not be fetched (as for imports)", body = brokerdesk_core::error::ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn refetch_page(
    mut auth: Authenticated,
    Extension(fetcher): Extension<Fetcher>,
    Path(id): Path<Uuid>,
) -> Result<Response, ApiError> {
    let (saved, changed) = import::refetch(&mut auth, &fetcher, KbItemId::from_uuid(id)).await?;
    auth.tx.commit().await?;
    let mut answer = Json(saved).into_response();
    answer.headers_mut().insert(
        PAGE_CHANGED_HEADER,
        HeaderValue::from_static(if changed { "true" } else { "false" }),
    );
    Ok(answer)
}
