//! HTTP routes. Each module documents its handlers for OpenAPI; [`api_router`] gathers
//! them so the document is generated from the same code that serves requests.

pub mod health;
pub mod openapi;

use axum::http::{Method, Uri};
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::error::ApiError;
use crate::startup::AppState;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Brokerdesk API",
        description = "Hosted multi-tenant API for real-estate brokerages."
    ),
    components(schemas(brokerdesk_core::error::ErrorBody))
)]
struct ApiDoc;

/// Every documented route, with the OpenAPI document they add up to.
pub fn api_router() -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(health::healthz))
        .routes(routes!(openapi::openapi_json))
}

/// Unknown routes answer in the API's error shape rather than an empty 404.
pub async fn fallback(method: Method, uri: Uri) -> ApiError {
    ApiError::NotFound(format!("There is no route {method} {}.", uri.path()))
}
