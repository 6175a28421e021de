//! The OpenAPI document, generated from the route annotations.

use axum::Json;
use axum::extract::State;

use crate::state::AppState;

/// The OpenAPI 3.1 document describing every route of this API.
#[utoipa::path(
    get,
    path = "/v1/openapi.json",
    tag = "system",
    responses((status = 200, description = "The OpenAPI document", content_type = "application/json"))
)]
pub async fn openapi_json(State(state): State<AppState>) -> Json<serde_json::Value> {
    Json(state.openapi.as_ref().clone())
}
