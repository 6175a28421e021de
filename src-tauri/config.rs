//! Desktop settings read at start-up.

/// The local demo server that `scripts/run.sh` starts.
const DEFAULT_SERVER_URL: &str = "http://127.0.0.1:8080";

pub struct DesktopConfig {
    /// The hosted API this app talks to.
    pub server_url: String,
}

impl DesktopConfig {
    /// `--server-url <url>` on the command line wins over `BROKERDESK_SERVER_URL`, which
    /// wins over the local demo server.
    pub fn from_env() -> Self {
        let from_args = std::env::args()
            .skip_while(|arg| arg != "--server-url")
            .nth(1);
        let server_url = from_args
            .or_else(|| std::env::var("BROKERDESK_SERVER_URL").ok())
            .filter(|url| !url.trim().is_empty())
            .unwrap_or_else(|| DEFAULT_SERVER_URL.to_owned());
        Self { server_url }
    }
}
