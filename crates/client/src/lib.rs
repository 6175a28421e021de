//! brokerdesk-client: everything the desktop app does that does not need a window. The
//! API client, the per-tenant encrypted cache and the OS keychain live here, so the
//! Tauri shell stays a thin layer and all of this is testable headless.
//!
//! One folder per domain (`leads/`, `members/`, `settings/`…), each with its REST calls,
//! its screens' data and its offline edits. Around them: the transport (`api`), the
//! cache and its keys (`cache`, `secrets`), the session, and the sync engine (`sync`),
//! which knows no domain: each domain registers its sync hooks with it (`sync::hook`).

pub mod api;
pub mod api_keys;
pub mod audit;
#[cfg(test)]
mod bindings;
pub mod cache;
pub mod commissions;
pub mod dotloop;
pub mod events;
pub mod export;
pub mod kb;
pub mod leads;
pub mod members;
pub mod overview;
pub mod privacy;
pub mod retention;
pub mod roster;
pub mod secrets;
pub mod session;
pub mod settings;
pub mod staff;
pub mod status;
pub mod sync;
pub mod tenancy;
pub mod transactions;
