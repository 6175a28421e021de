//! The checks behind the desktop's status panel.

use brokerdesk_core::app_status::{KeychainStatus, ServerStatus};
use chrono::Utc;

use crate::api::ApiClient;
use crate::secrets::SecretStore;

/// Asks the server whether it is ready. Never fails: an unreachable server is a status.
pub async fn check_server(server_url: &str) -> ServerStatus {
    let result = match ApiClient::new(server_url) {
        Ok(client) => client.health().await,
        Err(error) => Err(error),
    };
    let (reachable, server_version, error) = match result {
        Ok(report) if report.is_ready() => (true, Some(report.version), None),
        Ok(report) => (
            false,
            Some(report.version),
            Some(brokerdesk_core::error::ErrorBody::new(
                "server_not_ready",
                "The server answered, but its database is not available.",
            )),
        ),
        Err(error) => (false, None, Some(error.to_body())),
    };
    ServerStatus {
        server_url: server_url.to_owned(),
        reachable,
        server_version,
        checked_at: Utc::now(),
        error,
    }
}

/// Proves the keychain works by writing, reading back and removing a throwaway secret.
pub fn check_keychain(store: &dyn SecretStore) -> KeychainStatus {
    let error = store.probe().err().map(|e| e.to_body());
    KeychainStatus {
        available: error.is_none(),
        backend: store.backend_name().to_owned(),
        error,
    }
}
