//! The Brokerdesk desktop shell: a thin layer of Tauri commands over brokerdesk-client.
//! Commands are grouped by domain under `commands/`; each one is a short call into the
//! client crate, so the behaviour lives where it can be tested without a window.

mod browser;
mod commands;
mod config;
mod ending;
mod state;
mod sync;
mod tenant;
mod updates;

use config::DesktopConfig;
use state::AppState;
use tauri::Manager;
use updates::{UpdateSettings, Updates};

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
        .plugin(tauri_plugin_updater::Builder::new().build())
        // The save dialog of "Export all data", opened from Rust: the webview is granted
        // none of the plugin's own commands.
        .plugin(tauri_plugin_dialog::init())
        .setup(|app| {
            let data_dir = app.path().app_data_dir()?;
            app.manage(AppState::new(config, data_dir));
            app.manage(Updates::new(UpdateSettings::from_env()));
            Ok(())
        })
        .invoke_handler(commands::handler())
        .run(tauri::generate_context!())
        .expect("the Brokerdesk window could not be opened");
}
