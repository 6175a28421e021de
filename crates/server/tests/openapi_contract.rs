//! The OpenAPI document tells the truth about what the layers around the handlers
//! answer, and every schema it refers to exists.

use brokerdesk_server::testing::TestApp;
use serde_json::Value;

fn refs<'a>(value: &'a Value, found: &mut Vec<&'a str>) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(target)) = map.get("$ref") {
                found.push(target);
            }
            map.values().for_each(|v| refs(v, found));
        }
        Value::Array(items) => items.iter().for_each(|v| refs(v, found)),
        _ => {}
    }
}

#[tokio::test]
async fn every_reference_resolves_and_every_operation_declares_the_shared_answers() {
    let app = TestApp::spawn().await;
    let owner = app.register("acme").await;
    let document = app.get("/v1/openapi.json", &owner.access_token).await.body;
    let schemas = document["components"]["schemas"]
        .as_object()
        .expect("the document has schemas");

    let mut found = Vec::new();
    refs(&document, &mut found);
    let dangling: Vec<&str> = found
        .iter()
        .filter(|r| {
            r.strip_prefix("#/components/schemas/")
                .is_none_or(|name| !schemas.contains_key(name))
        })
        .copied()
        .collect();
    assert!(dangling.is_empty(), "references to nothing: {dangling:?}");

    let mut secured = 0;
    for (path, item) in document["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            let Some(responses) = operation["responses"].as_object() else {
                continue;
            };
            let declares = |status: &str| responses.contains_key(status);
            let name = format!("{method} {path}");
            if operation["security"]
                .as_array()
                .is_some_and(|s| !s.is_empty())
            {
                secured += 1;
                assert!(
                    declares("401") && declares("429"),
                    "{name} lacks 401 or 429"
                );
            }
            if operation.get("requestBody").is_some() {
                for status in ["400", "413", "415", "422"] {
                    assert!(declares(status), "{name} takes a body but lacks {status}");
                }
            }
        }
    }
    assert!(
        secured >= 50,
        "only {secured} signed-in operations were found"
    );
}
