//! The framework's own refusals, in the API's error shape. axum's extractors answer a
//! malformed body, a wrong content type, an oversized body or a bad path id with a plain
//! text line; an integrator's client expects `{code, message}` from every error, so
//! every error answer in plain text (or with no body) is rewritten here, keeping its
//! status and its text (which names the field or the problem).

use axum::Json;
use axum::body::to_bytes;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use brokerdesk_core::error::ErrorBody;

/// The longest framework message passed on; they are one line in practice.
const MAX_MESSAGE: usize = 500;

pub async fn json_errors(response: Response) -> Response {
    let status = response.status();
    // The framework's refusals are plain text or empty; anything else (the JSON of the
    // API's own errors, the HTML pages a browser lands on after Dotloop's consent
    // screen) already says what it means to whom it is for.
    let framework_text = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_none_or(|value| value.starts_with("text/plain"));
    if !(status.is_client_error() || status.is_server_error()) || !framework_text {
        return response;
    }
    let (parts, body) = response.into_parts();
    let text = to_bytes(body, 64 * 1024).await.unwrap_or_default();
    let text = String::from_utf8_lossy(&text);
    let message = match text.trim() {
        "" => default_message(status).to_owned(),
        said => said.chars().take(MAX_MESSAGE).collect(),
    };
    let mut answer = (status, Json(ErrorBody::new(code_for(status), message))).into_response();
    // Keep what the refusal said besides its body (Allow on a 405, Retry-After).
    for (name, value) in &parts.headers {
        if name != header::CONTENT_TYPE && name != header::CONTENT_LENGTH {
            answer.headers_mut().insert(name, value.clone());
        }
    }
    answer
}

/// The answer to a body over the API's limit.
pub fn payload_too_large(limit: usize) -> Response {
    let message = format!(
        "The request body is larger than the API accepts ({} MiB); send less at a time.",
        limit / (1024 * 1024)
    );
    (
        StatusCode::PAYLOAD_TOO_LARGE,
        Json(ErrorBody::new(
            code_for(StatusCode::PAYLOAD_TOO_LARGE),
            message,
        )),
    )
        .into_response()
}

fn code_for(status: StatusCode) -> &'static str {
    match status {
        StatusCode::BAD_REQUEST => "bad_request",
        StatusCode::NOT_FOUND => "not_found",
        StatusCode::METHOD_NOT_ALLOWED => "method_not_allowed",
        StatusCode::PAYLOAD_TOO_LARGE => "payload_too_large",
        StatusCode::UNSUPPORTED_MEDIA_TYPE => "unsupported_media_type",
        StatusCode::UNPROCESSABLE_ENTITY => "invalid_body",
        StatusCode::SERVICE_UNAVAILABLE => "unavailable",
        StatusCode::REQUEST_TIMEOUT => "timeout",
        status if status.is_server_error() => "internal",
        _ => "bad_request",
    }
}

fn default_message(status: StatusCode) -> &'static str {
    match status {
        StatusCode::METHOD_NOT_ALLOWED => "This route does not take that method.",
        StatusCode::SERVICE_UNAVAILABLE => {
            "The request took too long or the service is busy; try again."
        }
        _ => "The request was refused.",
    }
}
