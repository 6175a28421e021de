//! brokerdesk-client: everything the desktop app does that does not need a window. The
//! API client, the per-tenant encrypted cache and the OS keychain live here, so the
//! Tauri shell stays a thin layer and all of this is testable headless.

pub mod admin_screens;
pub mod api;
pub mod audit_check;
#[cfg(test)]
mod bindings;
pub mod cache;
pub mod events;
pub mod lead_export;
pub mod lead_import;
pub mod lead_screens;
pub mod leads_api;
pub mod secrets;
pub mod session;
pub mod status;
pub mod sync;
