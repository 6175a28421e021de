//! Logging set-up: human-readable on a terminal, JSON lines in production.

use tracing_subscriber::EnvFilter;

use crate::app::config::LogFormat;

/// Installs the global subscriber. `RUST_LOG` overrides the default level. Safe to call
/// more than once (tests do): later calls leave the first subscriber in place.
pub fn init(format: LogFormat) {
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,tower_http=info"));
    let builder = tracing_subscriber::fmt().with_env_filter(filter);
    let _ = match format {
        LogFormat::Pretty => builder.try_init(),
        LogFormat::Json => builder.json().flatten_event(true).try_init(),
    };
}
