//! Tauri commands, one module per domain. Each is a short call into brokerdesk-client;
//! every failure reaches the UI as an `ErrorBody` (`{code, message}`). The modules and
//! their commands are listed once, in registry.rs.

use brokerdesk_core::error::ErrorBody;

pub type CommandResult<T> = Result<T, ErrorBody>;

/// Declares each listed module and builds the handler that lets the webview call every
/// listed command (build.rs reads the same list with its own expansion).
macro_rules! app_commands {
    ($($module:ident: $($command:ident),+;)*) => {
        $(pub mod $module;)*

        /// The webview's way into the app's commands.
        pub fn handler() -> impl Fn(tauri::ipc::Invoke) -> bool + Send + Sync + 'static {
            tauri::generate_handler![$($($module::$command,)+)*]
        }
    };
}

include!("registry.rs");
