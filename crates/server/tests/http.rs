//! The API over real HTTP: readiness, the OpenAPI document, error shape, request ids.

use brokerdesk_server::testing::TestApp;
use serde_json::Value;

#[tokio::test]
async fn healthz_reports_ready_with_the_database() {
    let app = TestApp::spawn().await;
    let response = reqwest::get(format!("{}/healthz", app.address))
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert!(response.headers().contains_key("x-request-id"));
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["status"], "ok");
    assert_eq!(body["database"], "ok");
    app.stop().await;
}

#[tokio::test]
async fn openapi_document_lists_every_route() {
    let app = TestApp::spawn().await;
    let doc: Value = reqwest::get(format!("{}/v1/openapi.json", app.address))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    let paths: Vec<&str> = doc["paths"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    for expected in [
        "/healthz",
        "/v1/openapi.json",
        "/v1/tenants",
        "/v1/auth/sign-in",
        "/v1/users/{id}/role",
        "/v1/audit",
    ] {
        assert!(
            paths.contains(&expected),
            "{expected} missing from {paths:?}"
        );
    }
    // Every operation documents its responses, and authenticated ones name the scheme.
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            assert!(
                operation["responses"].is_object(),
                "{method} {path} has no responses"
            );
        }
    }
    assert!(doc["components"]["securitySchemes"]["bearer"].is_object());
    assert!(doc["components"]["schemas"]["ErrorBody"].is_object());
    app.stop().await;
}

#[tokio::test]
async fn unknown_routes_get_the_error_shape_and_a_request_id() {
    let app = TestApp::spawn().await;
    let response = reqwest::get(format!("{}/v1/nothing-here", app.address))
        .await
        .unwrap();
    assert_eq!(response.status(), 404);
    let request_id = response.headers()["x-request-id"]
        .to_str()
        .unwrap()
        .to_owned();
    assert_eq!(request_id.len(), 36, "a UUID request id");
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["code"], "not_found");
    assert!(
        body["message"]
            .as_str()
            .unwrap()
            .contains("/v1/nothing-here")
    );
    app.stop().await;
}

#[tokio::test]
async fn oversized_bodies_are_refused() {
    let app = TestApp::spawn().await;
    // A JSON route reads its body; past the 2 MiB limit it must refuse, not buffer.
    let padding = "x".repeat(3 * 1024 * 1024);
    let response = reqwest::Client::new()
        .post(format!("{}/v1/auth/sign-in", app.address))
        .header("content-type", "application/json")
        .body(format!(
            r#"{{"tenant":"acme","email":"{padding}","password":"x"}}"#
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 413);
    app.stop().await;
}

#[tokio::test]
async fn graceful_stop_closes_the_listener() {
    let app = TestApp::spawn().await;
    let address = app.address.clone();
    app.stop().await;
    assert!(reqwest::get(format!("{address}/healthz")).await.is_err());
}

#[tokio::test]
async fn healthz_is_503_when_the_database_goes_away() {
    let app = TestApp::spawn().await;
    let admin = app.db.admin_pool().await;
    // Cut the API off from its database: no new connections, existing ones ended.
    for statement in [
        format!("revoke connect on database {} from public", app.db.name),
        format!(
            "select pg_terminate_backend(pid) from pg_stat_activity where datname = '{}' and usename = 'brokerdesk_app'",
            app.db.name
        ),
    ] {
        sqlx::query(&statement).execute(&admin).await.unwrap();
    }
    let response = reqwest::get(format!("{}/healthz", app.address))
        .await
        .unwrap();
    assert_eq!(response.status(), 503);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["database"], "unavailable");
    assert_eq!(body["status"], "unavailable");
}
