//! The Brokerdesk desktop shell: a thin layer of Tauri commands over brokerdesk-client.
//! Commands are grouped by domain under `commands/`; each one is a short call into the
//! client crate, so the behaviour lives where it can be tested without a window.

mod commands;
mod config;
mod ending;
mod state;
mod sync;
mod tenant;

use config::DesktopConfig;
use state::AppState;
use tauri::Manager;

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
        .setup(|app| {
            let data_dir = app.path().app_data_dir()?;
            app.manage(AppState::new(config, data_dir));
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::system::server_status,
            commands::system::keychain_status,
            commands::auth::restore_session,
            commands::auth::sign_in,
            commands::auth::staff_sign_in,
            commands::auth::sign_out,
            commands::users::list_users,
            commands::users::member_rows,
            commands::users::change_role,
            commands::users::deactivate_user,
            commands::users::reactivate_user,
            commands::users::list_invitations,
            commands::users::invite_user,
            commands::users::resend_invitation,
            commands::users::revoke_invitation,
            commands::plan::plan_usage,
            commands::plan::update_tenant,
            commands::audit::audit_trail,
            commands::audit::support_sessions,
            commands::audit::verify_audit_trail,
            commands::settings::tenant_settings,
            commands::settings::save_settings,
            commands::settings::provider_keys,
            commands::settings::set_provider_key,
            commands::settings::remove_provider_key,
            commands::settings::api_keys,
            commands::settings::create_api_key,
            commands::settings::revoke_api_key,
            commands::staff::staff_tenants,
            commands::staff::open_support_session,
            commands::staff::end_support_session,
            commands::sync::sync_state,
            commands::sync::sync_now,
            commands::edits::rejected_edits,
            commands::edits::dismiss_rejected_edit,
            commands::leads::list_leads,
            commands::leads::lead_detail,
            commands::leads::create_lead,
            commands::leads::update_lead,
            commands::leads::bulk_update_leads,
            commands::leads::call_check,
            commands::leads::preview_lead_import,
            commands::leads::apply_lead_import,
            commands::leads::export_leads,
            commands::leads::matching_lead_ids,
            commands::leads::erase_lead,
            commands::leads::record_consent,
            commands::leads::dnc_list,
            commands::leads::add_dnc,
            commands::leads::remove_dnc,
        ])
        .run(tauri::generate_context!())
        .expect("the Brokerdesk window could not be opened");
}
