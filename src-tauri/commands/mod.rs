//! Tauri commands, one module per domain. Each is a short call into brokerdesk-client;
//! every failure reaches the UI as an `ErrorBody` (`{code, message}`).

pub mod audit;
pub mod auth;
pub mod edits;
pub mod leads;
pub mod plan;
pub mod settings;
pub mod staff;
pub mod sync;
pub mod system;
pub mod users;

use brokerdesk_core::error::ErrorBody;

pub type CommandResult<T> = Result<T, ErrorBody>;
