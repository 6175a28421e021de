//! Liveness and readiness.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use brokerdesk_core::health::{ComponentState, HealthReport};

use crate::state::AppState;

/// Reports whether the API can serve requests, including whether its database answers.
#[utoipa::path(
    get,
    path = "/healthz",
    tag = "system",
    responses(
        (status = 200, description = "Ready", body = HealthReport),
        (status = 503, description = "Not ready: a component is unavailable", body = HealthReport),
    )
)]
pub async fn healthz(State(state): State<AppState>) -> (StatusCode, Json<HealthReport>) {
    let database = if state.db.is_ready().await {
        ComponentState::Ok
    } else {
        ComponentState::Unavailable
    };
    let report = HealthReport::new(database, env!("CARGO_PKG_VERSION"));
    let status = if report.is_ready() {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    (status, Json(report))
}
