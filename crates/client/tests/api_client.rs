//! The API client against a live HTTP peer: success, a server that is up but not ready,
//! error bodies, and a server that is not there at all.

use axum::Json;
use axum::http::StatusCode;
use axum::routing::get;
use brokerdesk_client::api::{ApiClient, ApiError};
use brokerdesk_client::status::check_server;
use brokerdesk_core::error::ErrorBody;
use brokerdesk_core::health::{ComponentState, HealthReport};

async fn serve(router: axum::Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    address
}

async fn health_error(address: &str) -> ApiError {
    ApiClient::new(address).unwrap().health().await.unwrap_err()
}

#[tokio::test]
async fn a_ready_server_is_reachable() {
    let address = serve(axum::Router::new().route(
        "/healthz",
        get(|| async { Json(HealthReport::new(ComponentState::Ok, "9.9.9")) }),
    ))
    .await;
    let status = check_server(&address).await;
    assert!(status.reachable, "{:?}", status.error);
    assert_eq!(status.server_version.as_deref(), Some("9.9.9"));
}

#[tokio::test]
async fn a_server_whose_database_is_down_is_not_reachable() {
    let address = serve(axum::Router::new().route(
        "/healthz",
        get(|| async {
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(HealthReport::new(ComponentState::Unavailable, "9.9.9")),
            )
        }),
    ))
    .await;
    let status = check_server(&address).await;
    assert!(!status.reachable);
    assert_eq!(status.error.unwrap().code, "server_not_ready");
}

#[tokio::test]
async fn error_bodies_become_typed_errors() {
    let address = serve(axum::Router::new().route(
        "/healthz",
        get(|| async {
            (
                StatusCode::FORBIDDEN,
                Json(ErrorBody::new("tenant_suspended", "Suspended.")),
            )
        }),
    ))
    .await;
    let error = health_error(&address).await;
    assert!(matches!(&error, ApiError::Server { status, .. } if *status == StatusCode::FORBIDDEN));
    assert_eq!(error.code(), "tenant_suspended");
    assert_eq!(error.to_string(), "Suspended.");
}

#[tokio::test]
async fn garbage_from_the_server_is_an_unreadable_response() {
    let address =
        serve(axum::Router::new().route("/healthz", get(|| async { "<html>proxy login</html>" })))
            .await;
    assert_eq!(health_error(&address).await.code(), "unreadable_response");
}

#[tokio::test]
async fn nothing_listening_is_unreachable_with_a_readable_message() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let address = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    let status = check_server(&address).await;
    assert!(!status.reachable);
    let error = status.error.unwrap();
    assert_eq!(error.code, "server_unreachable");
    assert!(
        error.message.starts_with("Cannot reach"),
        "{}",
        error.message
    );
}

#[test]
fn malformed_server_addresses_are_rejected() {
    for bad in ["", "localhost:8080", "ftp://example.com"] {
        let error = ApiClient::new(bad).unwrap_err();
        assert_eq!(error.code(), "invalid_server_url", "{bad:?}");
    }
}
