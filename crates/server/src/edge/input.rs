//! Refusals of input no handler should ever see. Done once here rather than in each
//! domain's validation, so a route added later is covered without doing anything.

use axum::body::{Body, to_bytes};
use axum::extract::Request;
use axum::http::{Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use percent_encoding::percent_decode_str;

use crate::error::ApiError;

/// The largest file a route takes as its raw body (a Dotloop export of a big
/// brokerage's history); such routes raise axum's body limit to this for themselves.
pub const MAX_FILE_BYTES: usize = 256 * 1024 * 1024;

/// The API's limits for JSON bodies: one for every route, and larger ones for the few
/// routes that carry a file in JSON (base64), by path. The composition root names them;
/// those routes raise axum's body limit to the same size for themselves.
#[derive(Clone, Copy, Debug)]
pub struct JsonLimits {
    pub default: usize,
    pub larger: &'static [(&'static str, usize)],
}

impl JsonLimits {
    fn for_path(&self, path: &str) -> usize {
        self.larger
            .iter()
            .find(|(route, _)| *route == path)
            .map_or(self.default, |(_, limit)| *limit)
    }
}

/// Checks the query string and the body, then hands the request on with its body
/// intact. `limits` are the API's limits for JSON bodies, [`MAX_FILE_BYTES`] the one for
/// any other: a longer body is refused here, as 413.
pub async fn refuse_unsafe_input(limits: JsonLimits, request: Request, next: Next) -> Response {
    let max_json = limits.for_path(request.uri().path());
    match checked(max_json, request).await {
        Ok(request) => next.run(request).await,
        Err(refusal) => refusal.into_response(),
    }
}

async fn checked(max_json: usize, request: Request) -> Result<Request, Refusal> {
    if let Some(query) = request.uri().query()
        && percent_decode_str(query).any(|byte| byte == 0)
    {
        return Err(Refusal::api(nul("the query string")));
    }
    if request.method() == Method::GET || request.method() == Method::HEAD {
        return Ok(request);
    }
    let is_json = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.starts_with("application/json"));
    let max_body = if is_json { max_json } else { MAX_FILE_BYTES };
    let (parts, body) = request.into_parts();
    let bytes = to_bytes(body, max_body)
        .await
        .map_err(|_| Refusal::TooLarge(max_body))?;
    if is_json {
        check_json(&bytes).map_err(Refusal::api)?;
    } else if bytes.contains(&0) {
        return Err(Refusal::api(nul("the body")));
    }
    Ok(Request::from_parts(parts, Body::from(bytes)))
}

/// A JSON body must be an object, and may not hold a `\u0000` escape in any string
/// (a raw NUL is not JSON at all, and the extractor refuses it as malformed).
fn check_json(bytes: &[u8]) -> Result<(), ApiError> {
    let first = bytes.iter().find(|b| !b.is_ascii_whitespace());
    if first.is_some_and(|&b| b != b'{') {
        return Err(ApiError::validation(
            "body_not_object",
            "The request body must be a JSON object, with each field named.",
        ));
    }
    if has_escaped_nul(bytes) {
        return Err(nul("a field of the body"));
    }
    Ok(())
}

/// Whether the JSON text holds `\u0000` as an escape, not as the text `\\u0000`
/// (an escaped backslash followed by the letters).
fn has_escaped_nul(bytes: &[u8]) -> bool {
    let mut backslashes = 0usize;
    for (at, &byte) in bytes.iter().enumerate() {
        if byte == b'\\' {
            backslashes += 1;
            continue;
        }
        if backslashes % 2 == 1 && byte == b'u' && bytes[at + 1..].starts_with(b"0000") {
            return true;
        }
        backslashes = 0;
    }
    false
}

fn nul(place: &str) -> ApiError {
    ApiError::validation(
        "nul_character",
        format!(
            "{place} holds a NUL character (\\u0000), which no field may contain; remove it and try again."
        ),
    )
}

enum Refusal {
    Api(ApiError),
    TooLarge(usize),
}

impl Refusal {
    fn api(error: ApiError) -> Self {
        Refusal::Api(error)
    }
}

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        match self {
            Refusal::Api(error) => error.into_response(),
            Refusal::TooLarge(limit) => super::errors::payload_too_large(limit),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_escaped_nul_is_found_and_an_escaped_backslash_is_not_one() {
        assert!(has_escaped_nul(br#"{"name":"a\u0000b"}"#));
        assert!(has_escaped_nul(br#"{"name":"\\\u0000"}"#));
        assert!(!has_escaped_nul(br#"{"name":"\\u0000"}"#));
        assert!(!has_escaped_nul(br#"{"name":"\u00e9"}"#));
    }

    #[test]
    fn only_objects_are_bodies() {
        assert!(check_json(br#" {"name":"x"}"#).is_ok());
        assert!(
            check_json(b"").is_ok(),
            "an empty body is the extractor's to refuse"
        );
        for body in [&br#"["Positional Name"]"#[..], b"null", b"\"x\"", b"7"] {
            assert_eq!(check_json(body).unwrap_err().code(), "body_not_object");
        }
    }
}
