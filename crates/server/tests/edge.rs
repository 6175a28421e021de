//! The API's edge: NUL characters, non-object bodies and the framework's own refusals
//! (malformed JSON, wrong content type, oversized body, bad path id, bad query) all
//! answer 4xx with the API's `{code, message}`, and nothing is stored. `edge_sweep.rs`
//! tries the same on every operation of the OpenAPI document.

use brokerdesk_server::testing::TestApp;
use reqwest::header::CONTENT_TYPE;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

/// Sends a raw body and returns the status and the parsed JSON answer (Null if the
/// answer was not JSON, which the assertions then catch).
async fn raw(
    app: &TestApp,
    method: Method,
    path: &str,
    token: &str,
    content_type: &str,
    body: Vec<u8>,
) -> (StatusCode, Value) {
    let response = reqwest::Client::new()
        .request(method, format!("{}{path}", app.address))
        .bearer_auth(token)
        .header(CONTENT_TYPE, content_type)
        .body(body)
        .send()
        .await
        .expect("the API answers");
    let status = response.status();
    let body = response.json().await.unwrap_or(Value::Null);
    (status, body)
}

fn assert_error_shape(what: &str, status: StatusCode, body: &Value) {
    assert!(status.is_client_error(), "{what}: {status} {body}");
    assert!(
        body["code"].as_str().is_some_and(|c| !c.is_empty())
            && body["message"].as_str().is_some_and(|m| !m.is_empty()),
        "{what}: {status} answered {body}, not {{code, message}}"
    );
}

#[tokio::test]
async fn a_nul_anywhere_is_refused_with_a_code_and_nothing_is_stored() {
    let app = TestApp::spawn().await;
    let owner = app.register("acme").await;
    let token = &owner.access_token;

    let created = app
        .post(
            "/v1/leads",
            token,
            Some(json!({ "name": "Ada\u{0}Lovelace" })),
        )
        .await;
    assert_eq!(created.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(created.code(), "nul_character");
    let listed = app.get("/v1/leads", token).await;
    assert_eq!(listed.body["leads"], json!([]), "{:?}", listed.body);

    let searched = app.get("/v1/leads?q=a%00b", token).await;
    assert_eq!(searched.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(searched.code(), "nul_character");

    let csv = "name,emails\nIda\u{0},ida@import.test\n";
    let preview = app
        .post(
            "/v1/leads/import/preview",
            token,
            Some(json!({ "csv": csv })),
        )
        .await;
    assert_eq!(preview.code(), "nul_character");

    let (status, body) = raw(
        &app,
        Method::POST,
        "/v1/leads",
        token,
        "text/plain",
        b"a\0b".to_vec(),
    )
    .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("nul_character"))
    );

    // An escaped backslash followed by the letters is text, not a NUL.
    let named = app
        .post(
            "/v1/leads",
            token,
            Some(json!({ "name": "Back\\u0000slash" })),
        )
        .await;
    assert_eq!(named.status, StatusCode::CREATED, "{:?}", named.body);
}

#[tokio::test]
async fn a_patch_body_must_be_an_object() {
    let app = TestApp::spawn().await;
    let owner = app.register("acme").await;
    let token = &owner.access_token;
    let lead = app
        .post("/v1/leads", token, Some(json!({ "name": "Ada Lovelace" })))
        .await;
    let path = format!("/v1/leads/{}", lead.body["id"].as_str().unwrap());
    let patched = app
        .call(
            Method::PATCH,
            &path,
            Some(token),
            Some(json!(["Positional Name"])),
        )
        .await;
    assert_eq!(patched.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(patched.code(), "body_not_object");
    assert_eq!(app.get(&path, token).await.body["name"], "Ada Lovelace");
}

#[tokio::test]
async fn the_frameworks_refusals_answer_in_the_error_shape() {
    let app = TestApp::spawn().await;
    let owner = app.register("acme").await;
    let token = &owner.access_token;
    let json = "application/json";

    let (status, body) = raw(
        &app,
        Method::POST,
        "/v1/leads",
        token,
        json,
        b"{\"name\":".to_vec(),
    )
    .await;
    assert_error_shape("malformed JSON", status, &body);
    assert_eq!(status, StatusCode::BAD_REQUEST);

    let (status, body) = raw(
        &app,
        Method::POST,
        "/v1/leads",
        token,
        "text/plain",
        b"{}".to_vec(),
    )
    .await;
    assert_error_shape("wrong content type", status, &body);
    assert_eq!(body["code"], "unsupported_media_type");

    let huge = format!("{{\"name\":\"{}\"}}", "x".repeat(10 * 1024 * 1024));
    let (status, body) = raw(
        &app,
        Method::POST,
        "/v1/leads",
        token,
        json,
        huge.into_bytes(),
    )
    .await;
    assert_error_shape("10 MB body", status, &body);
    assert_eq!(body["code"], "payload_too_large");

    let (status, body) = raw(
        &app,
        Method::POST,
        "/v1/leads",
        token,
        json,
        br#"{"stage":"nope"}"#.to_vec(),
    )
    .await;
    assert_error_shape("wrong enum value", status, &body);
    assert!(
        body["message"].as_str().unwrap().contains("stage"),
        "{body}"
    );

    for path in ["/v1/leads/not-a-uuid", "/v1/leads?limit=-1"] {
        let answer = app.get(path, token).await;
        assert_error_shape(path, answer.status, &answer.body);
    }
}
