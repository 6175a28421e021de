//! Turning away clients too old for this server: a request that names a protocol
//! version below the minimum gets 426 Upgrade Required, with the minimum in a header and
//! in words. Requests that name none (curl, integrations) are served.

use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use brokerdesk_core::error::ErrorBody;
use brokerdesk_core::protocol::{
    MIN_PROTOCOL_HEADER, MIN_SUPPORTED_PROTOCOL_VERSION, PROTOCOL_HEADER,
};

pub async fn require_supported_protocol(request: Request, next: Next) -> Response {
    let named = request
        .headers()
        .get(PROTOCOL_HEADER)
        .and_then(|v| v.to_str().ok())
        .map(|v| v.trim().parse::<u32>());
    match named {
        Some(Ok(version)) if version >= MIN_SUPPORTED_PROTOCOL_VERSION => next.run(request).await,
        None => next.run(request).await,
        Some(_) => too_old(),
    }
}

fn too_old() -> Response {
    let body = ErrorBody::new(
        "client_too_old",
        format!(
            "This version of Brokerdesk is too old for the server. Update the app (protocol {MIN_SUPPORTED_PROTOCOL_VERSION} or later is needed)."
        ),
    );
    let mut response = (StatusCode::UPGRADE_REQUIRED, axum::Json(body)).into_response();
    response.headers_mut().insert(
        MIN_PROTOCOL_HEADER,
        HeaderValue::from(MIN_SUPPORTED_PROTOCOL_VERSION),
    );
    response
}
