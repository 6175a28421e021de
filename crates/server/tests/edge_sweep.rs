//! A sweep over every operation in the OpenAPI document, the way an attacker's tool
//! would try them: a NUL and a CRLF in every query parameter, path parameter and string
//! field of every request body; malformed JSON, a wrong content type, a NUL, an array
//! and 10 MB to every operation that takes a body.
//! Every refusal is a 4xx in the API's `{code, message}`; a NUL is always refused; a
//! line break is accepted only by the fields meant to hold several lines.

use brokerdesk_server::testing::TestApp;
use reqwest::header::CONTENT_TYPE;
use reqwest::{Method, StatusCode};
use serde_json::{Map, Value, json};
use std::collections::BTreeSet;

/// Fields that hold free text over several lines, where a line break is content.
/// `question` is what a website visitor typed to the chatbot, line breaks and all
/// (`POST /v1/kb/search`); the search folds whitespace, so a break is harmless there.
const MULTI_LINE_FIELDS: &[&str] = &[
    "notes",
    "message",
    "body",
    "summary",
    "transcript",
    "csv",
    "question",
];

const JSON: &str = "application/json";

struct Answer {
    status: StatusCode,
    body: Value,
}

async fn send(
    app: &TestApp,
    method: &Method,
    path: &str,
    token: &str,
    body: Option<(&str, Vec<u8>)>,
) -> Answer {
    let mut request = reqwest::Client::new()
        .request(method.clone(), format!("{}{path}", app.address))
        .bearer_auth(token)
        .timeout(std::time::Duration::from_secs(60));
    if let Some((content_type, body)) = body {
        request = request.header(CONTENT_TYPE, content_type).body(body);
    }
    let response = request.send().await.expect("the API answers");
    let status = response.status();
    let body = response.json().await.unwrap_or(Value::Null);
    Answer { status, body }
}

fn assert_error_shape(what: &str, answer: &Answer) {
    assert!(
        answer.status.is_client_error(),
        "{what}: {} {}",
        answer.status,
        answer.body
    );
    let text = |key: &str| answer.body[key].as_str().is_some_and(|s| !s.is_empty());
    assert!(
        text("code") && text("message"),
        "{what}: {} answered {}, not {{code, message}}",
        answer.status,
        answer.body
    );
}

/// The operations of the document: (method, path template, operation).
fn operations(document: &Value) -> Vec<(Method, String, Value)> {
    let paths = document["paths"]
        .as_object()
        .expect("the document has paths");
    let mut found = Vec::new();
    for (template, methods) in paths {
        for (method, operation) in methods.as_object().unwrap() {
            let method: Method = method.to_uppercase().parse().unwrap();
            found.push((method, template.clone(), operation.clone()));
        }
    }
    found
}

/// The template with each path parameter filled: `value` for the one named, a fresh
/// id for the others.
fn fill(template: &str, name: Option<&str>, value: &str) -> String {
    template
        .split('/')
        .map(
            |part| match part.strip_prefix('{').and_then(|p| p.strip_suffix('}')) {
                Some(param) if Some(param) == name => value.to_owned(),
                Some(_) => uuid::Uuid::now_v7().to_string(),
                None => part.to_owned(),
            },
        )
        .collect::<Vec<_>>()
        .join("/")
}

fn resolve<'a>(document: &'a Value, schema: &'a Value) -> &'a Value {
    match schema["$ref"].as_str() {
        Some(reference) => {
            let name = reference.rsplit('/').next().unwrap();
            &document["components"]["schemas"][name]
        }
        None => schema,
    }
}

fn is_string(document: &Value, schema: &Value) -> bool {
    let schema = resolve(document, schema);
    let type_is_string = match &schema["type"] {
        Value::String(t) => t == "string",
        Value::Array(types) => types.iter().any(|t| t == "string"),
        _ => false,
    };
    let one_of_string = ["oneOf", "anyOf", "allOf"].iter().any(|key| {
        schema[key]
            .as_array()
            .is_some_and(|options| options.iter().any(|o| is_string(document, o)))
    });
    (type_is_string && schema["enum"].is_null() && schema["format"] != "uuid") || one_of_string
}

/// The names of a JSON request body's string properties.
fn string_fields(document: &Value, operation: &Value) -> Vec<String> {
    let schema = &operation["requestBody"]["content"]["application/json"]["schema"];
    let schema = resolve(document, schema);
    let mut names = BTreeSet::new();
    let mut objects = vec![schema];
    for key in ["allOf", "oneOf", "anyOf"] {
        if let Some(parts) = schema[key].as_array() {
            objects.extend(parts.iter().map(|p| resolve(document, p)));
        }
    }
    for object in objects {
        if let Some(properties) = object["properties"].as_object() {
            for (name, property) in properties {
                if is_string(document, property) {
                    names.insert(name.clone());
                }
            }
        }
    }
    names.into_iter().collect()
}

fn parameters<'a>(operation: &'a Value, place: &str) -> Vec<&'a str> {
    operation["parameters"]
        .as_array()
        .map(|params| {
            params
                .iter()
                .filter(|p| p["in"] == place)
                .filter_map(|p| p["name"].as_str())
                .collect()
        })
        .unwrap_or_default()
}

#[tokio::test]
async fn every_parameter_refuses_a_nul_and_survives_a_line_break() {
    let app = TestApp::spawn().await;
    let owner = app.register("acme").await;
    let token = &owner.access_token;
    let document = app.get("/v1/openapi.json", token).await.body;
    let (mut queries, mut paths) = (0, 0);
    for (method, template, operation) in operations(&document) {
        for name in parameters(&operation, "query") {
            let base = fill(&template, None, "");
            for (what, value) in [("NUL", "a%00b"), ("CRLF", "a%0D%0Ab")] {
                let target = format!("{base}?{name}={value}");
                let answer = send(&app, &method, &target, token, None).await;
                let case = format!("{what} in ?{name} of {method} {template}");
                assert!(
                    !answer.status.is_server_error(),
                    "{case}: {}",
                    answer.status
                );
                if what == "NUL" || !answer.status.is_success() {
                    assert_error_shape(&case, &answer);
                }
            }
            queries += 1;
        }
        for name in parameters(&operation, "path") {
            for (what, value) in [("NUL", "a%00b"), ("CRLF", "a%0D%0Ab")] {
                let target = fill(&template, Some(name), value);
                let answer = send(&app, &method, &target, token, None).await;
                assert_error_shape(
                    &format!("{what} in {{{name}}} of {method} {template}"),
                    &answer,
                );
            }
            paths += 1;
        }
    }
    assert!(queries >= 15, "only {queries} query parameters were found");
    assert!(paths >= 20, "only {paths} path parameters were found");
}

#[tokio::test]
async fn every_string_field_refuses_a_nul_and_takes_a_line_break_only_where_text_has_lines() {
    let app = TestApp::spawn().await;
    let owner = app.register("acme").await;
    let token = &owner.access_token;
    let document = app.get("/v1/openapi.json", token).await.body;
    let mut swept = 0;
    let mut accepted_line_breaks = Vec::new();
    for (method, template, operation) in operations(&document) {
        let path = fill(&template, None, "");
        for field in string_fields(&document, &operation) {
            for (what, value) in [("NUL", "a\u{0}b"), ("CRLF", "a\r\nb")] {
                let body = Value::Object(Map::from_iter([(field.clone(), json!(value))]));
                let bytes = serde_json::to_vec(&body).unwrap();
                let answer = send(&app, &method, &path, token, Some((JSON, bytes))).await;
                let case = format!("{what} in {field} of {method} {template}");
                assert!(
                    !answer.status.is_server_error(),
                    "{case}: {}",
                    answer.status
                );
                if answer.status.is_success() {
                    assert_eq!(what, "CRLF", "{case} was accepted");
                    accepted_line_breaks.push((field.clone(), case.clone()));
                } else {
                    assert_error_shape(&case, &answer);
                }
                if what == "NUL" {
                    assert_eq!(answer.body["code"], "nul_character", "{case}");
                }
            }
            swept += 1;
        }
    }
    assert!(swept >= 60, "only {swept} string fields were found");
    let single_line: Vec<_> = accepted_line_breaks
        .iter()
        .filter(|(field, _)| !MULTI_LINE_FIELDS.contains(&field.as_str()))
        .map(|(_, case)| case)
        .collect();
    assert!(
        single_line.is_empty(),
        "line breaks accepted in single-line fields: {single_line:#?}"
    );
}

#[tokio::test]
async fn every_operation_with_a_body_refuses_ten_megabytes_in_the_error_shape() {
    let app = TestApp::spawn().await;
    let owner = app.register("acme").await;
    let token = &owner.access_token;
    let document = app.get("/v1/openapi.json", token).await.body;
    let huge = format!("{{\"name\":\"{}\"}}", "x".repeat(10 * 1024 * 1024)).into_bytes();
    // The upload route takes files in JSON, up to 25 MiB: it is sent more than that.
    let huger = format!("{{\"name\":\"{}\"}}", "x".repeat(26 * 1024 * 1024)).into_bytes();
    let mut swept = 0;
    for (method, template, operation) in operations(&document) {
        if operation.get("requestBody").is_none() {
            continue;
        }
        let target = fill(&template, None, "");
        let body = if template == "/v1/kb/uploads" {
            &huger
        } else {
            &huge
        };
        let answer = send(&app, &method, &target, token, Some((JSON, body.clone()))).await;
        let case = format!("{} MB to {method} {template}", body.len() / (1024 * 1024));
        assert_error_shape(&case, &answer);
        assert_eq!(answer.status, StatusCode::PAYLOAD_TOO_LARGE, "{case}");
        swept += 1;
    }
    assert!(
        swept >= 30,
        "only {swept} operations with a body were found"
    );
}

/// Every operation that takes a body, sent each kind of bad body: each answer is a 4xx
/// in the error shape (never a 500, never plain text).
#[tokio::test]
async fn every_operation_with_a_body_refuses_bad_bodies_in_the_error_shape() {
    let app = TestApp::spawn().await;
    let owner = app.register("acme").await;
    let token = &owner.access_token;
    let document = app.get("/v1/openapi.json", token).await.body;
    let bad_bodies: [(&str, &str, &[u8]); 4] = [
        ("malformed JSON", JSON, b"{\"x\":"),
        ("wrong content type", "text/plain", b"{}"),
        ("NUL", JSON, br#"{"name":"a\u0000"}"#),
        ("array", JSON, b"[1]"),
    ];
    let mut swept = 0;
    for (method, template, operation) in operations(&document) {
        if operation.get("requestBody").is_none() {
            continue;
        }
        let target = fill(&template, None, "");
        for (what, content_type, body) in bad_bodies {
            let answer = send(
                &app,
                &method,
                &target,
                token,
                Some((content_type, body.to_vec())),
            )
            .await;
            assert_error_shape(&format!("{what} to {method} {template}"), &answer);
        }
        swept += 1;
    }
    assert!(
        swept >= 30,
        "only {swept} operations with a body were found"
    );
}
