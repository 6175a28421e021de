//! The Brokerdesk desktop shell: a thin layer of Tauri commands over brokerdesk-client.
//! Commands are grouped by domain under `commands/`; each one is a short call into the
//! client crate, so the behaviour lives where it can be tested without a window.

mod commands;
mod config;

use config::DesktopConfig;

pub fn run() {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .init();
    let config = DesktopConfig::from_env();
    tracing::info!(server_url = %config.server_url, "starting Brokerdesk");

    tauri::Builder::default()
        .manage(config)
        .invoke_handler(tauri::generate_handler![
            commands::system::server_status,
            commands::system::keychain_status,
        ])
        .run(tauri::generate_context!())
        .expect("the Brokerdesk window could not be opened");
}
