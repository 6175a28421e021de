//! The OpenAPI document, generated from the route annotations.

use axum::Json;
use axum::extract::State;
use utoipa::openapi::OpenApi as OpenApiDocument;
use utoipa::openapi::{ContentBuilder, Ref, RefOr, Response, ResponseBuilder};

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

/// The answers every route can give besides its own, declared on each operation so the
/// document tells the truth to a client generator or a schema fuzzer: a route annotation
/// names what its handler decides, and this adds what the layers around it decide.
/// - Signed-in routes (those with `security`): 401 (no, expired or revoked credentials),
///   429 (the tenant's rate limit), 410 (the tenant was deleted) and, for writes, 409
///   (the tenant is pending deletion, so read-only).
/// - Routes with a body: 400 (malformed), 413 (too large), 415 (content type) and 422
///   (a field of the wrong type, a NUL, not an object), from [`crate::edge`] and the
///   extractors.
/// - Routes with parameters: 400 and 422 (a malformed id or value, a NUL).
///
/// Each is the API's `ErrorBody`. A status the annotation declares already is kept.
pub fn declare_shared_answers(openapi: &mut OpenApiDocument) {
    for item in openapi.paths.paths.values_mut() {
        let path_parameters = item.parameters.as_ref().is_some_and(|p| !p.is_empty());
        for (writes, operation) in [
            (false, &mut item.get),
            (true, &mut item.put),
            (true, &mut item.post),
            (true, &mut item.delete),
            (true, &mut item.patch),
        ] {
            let Some(operation) = operation else {
                continue;
            };
            let secured = operation.security.as_ref().is_some_and(|s| !s.is_empty());
            let has_body = operation.request_body.is_some();
            let has_parameters =
                path_parameters || operation.parameters.as_ref().is_some_and(|p| !p.is_empty());
            let mut shared: Vec<(&str, &str)> = Vec::new();
            if secured {
                shared.push((
                    "401",
                    "Not signed in, or the credentials are no longer valid",
                ));
                shared.push((
                    "429",
                    "The brokerage's rate limit; Retry-After says when to try again",
                ));
                shared.push(("410", "The brokerage has been deleted"));
                if writes {
                    shared.push((
                        "409",
                        "The brokerage is pending deletion, so read-only (or the route's own conflict)",
                    ));
                }
            }
            if has_body || has_parameters {
                shared.push(("400", "A malformed body, id or query value"));
                shared.push((
                    "422",
                    "A value of the wrong type or shape, or a NUL character",
                ));
            }
            if has_body {
                shared.push(("413", "The body is larger than the API accepts"));
                shared.push((
                    "415",
                    "The body's content type is not the one this route takes",
                ));
            }
            for (status, description) in shared {
                operation
                    .responses
                    .responses
                    .entry(status.to_owned())
                    .or_insert_with(|| error_answer(description));
            }
        }
    }
}

fn error_answer(description: &str) -> RefOr<Response> {
    ResponseBuilder::new()
        .description(description)
        .content(
            "application/json",
            ContentBuilder::new()
                .schema(Some(Ref::from_schema_name("ErrorBody")))
                .build(),
        )
        .build()
        .into()
}
