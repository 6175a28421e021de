//! The operator's Dotloop settings. Dotloop registers one OAuth client per integrator,
//! so these are the platform's, not a tenant's: every tenant connects its own Dotloop
//! account through the same client.

use clap::Args;
use std::time::Duration;

pub const DEFAULT_AUTH_URL: &str = "https://auth.dotloop.com";
pub const DEFAULT_API_URL: &str = "https://api-gateway.dotloop.com/public/v2";

#[derive(Clone, Debug, Default, Args)]
pub struct DotloopArgs {
    /// The OAuth client id Dotloop issued. When unset, the Dotloop routes answer
    /// `dotloop_not_configured` and no import is scheduled.
    #[arg(long = "dotloop-client-id", env = "BROKERDESK_DOTLOOP_CLIENT_ID")]
    pub client_id: Option<String>,

    /// The OAuth client secret Dotloop issued with the client id.
    #[arg(
        long = "dotloop-client-secret",
        env = "BROKERDESK_DOTLOOP_CLIENT_SECRET",
        hide_env_values = true
    )]
    pub client_secret: Option<String>,

    /// The redirect URI registered with Dotloop: this API's `/v1/dotloop/callback`,
    /// e.g. `https://api.brokerdesk.app/v1/dotloop/callback`. Default: the public URL's.
    #[arg(long = "dotloop-redirect-uri", env = "BROKERDESK_DOTLOOP_REDIRECT_URI")]
    pub redirect_uri: Option<String>,

    /// Dotloop's OAuth server.
    #[arg(long = "dotloop-auth-url", env = "BROKERDESK_DOTLOOP_AUTH_URL", default_value = DEFAULT_AUTH_URL)]
    pub auth_url: String,

    /// Dotloop's API v2 base.
    #[arg(long = "dotloop-api-url", env = "BROKERDESK_DOTLOOP_API_URL", default_value = DEFAULT_API_URL)]
    pub api_url: String,

    /// The signing key of the webhook subscription: deliveries whose
    /// `X-DOTLOOP-SIGNATURE` does not match it are refused. When unset, webhooks are
    /// refused and the scheduled import alone keeps deals current.
    #[arg(
        long = "dotloop-webhook-key",
        env = "BROKERDESK_DOTLOOP_WEBHOOK_KEY",
        hide_env_values = true
    )]
    pub webhook_key: Option<String>,

    /// Minutes between scheduled imports of every connected tenant; 0 turns the
    /// schedule off ("Sync now" and webhooks still work).
    #[arg(
        long = "dotloop-sync-interval-minutes",
        env = "BROKERDESK_DOTLOOP_SYNC_INTERVAL_MINUTES",
        default_value_t = 60
    )]
    pub sync_interval_minutes: u64,

    /// Where imported loops are stored. Not a setting: tests put a recording store here.
    #[arg(skip)]
    pub store: crate::dotloop::store::SharedStore,
}

/// A client that can talk to Dotloop: all three OAuth settings present.
#[derive(Clone, Debug)]
pub struct OAuthClient {
    pub client_id: String,
    pub client_secret: String,
    pub redirect_uri: String,
}

#[derive(Clone, Debug)]
pub struct DotloopConfig {
    /// None when the operator has not configured Dotloop.
    pub client: Option<OAuthClient>,
    pub auth_url: String,
    pub api_url: String,
    pub webhook_key: Option<String>,
    /// Where Dotloop delivers webhooks: this API's `/v1/dotloop/webhook`.
    pub webhook_url: String,
    pub sync_interval: Option<Duration>,
}

impl DotloopArgs {
    /// The settings, with the redirect URI defaulting to this API's callback under
    /// `public_url`. A client id without its secret is a mistake worth stopping for.
    pub fn resolve(&self, public_url: &str) -> anyhow::Result<DotloopConfig> {
        let client = match (&self.client_id, &self.client_secret) {
            (None, _) => None,
            (Some(_), None) => anyhow::bail!(
                "BROKERDESK_DOTLOOP_CLIENT_ID is set without BROKERDESK_DOTLOOP_CLIENT_SECRET"
            ),
            (Some(id), Some(secret)) => Some(OAuthClient {
                client_id: id.clone(),
                client_secret: secret.clone(),
                redirect_uri: self
                    .redirect_uri
                    .clone()
                    .unwrap_or_else(|| format!("{public_url}/v1/dotloop/callback")),
            }),
        };
        Ok(DotloopConfig {
            client,
            auth_url: self.auth_url.trim_end_matches('/').to_owned(),
            api_url: self.api_url.trim_end_matches('/').to_owned(),
            webhook_key: self.webhook_key.clone().filter(|k| !k.is_empty()),
            webhook_url: format!("{public_url}/v1/dotloop/webhook"),
            sync_interval: (self.sync_interval_minutes > 0)
                .then(|| Duration::from_secs(60 * self.sync_interval_minutes)),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unset_client_means_not_configured_and_a_lone_id_is_refused() {
        let args = DotloopArgs {
            auth_url: DEFAULT_AUTH_URL.into(),
            api_url: DEFAULT_API_URL.into(),
            sync_interval_minutes: 0,
            ..Default::default()
        };
        let config = args.resolve("https://app.example").unwrap();
        assert!(config.client.is_none());
        assert!(config.sync_interval.is_none());
        let lone = DotloopArgs {
            client_id: Some("id".into()),
            ..args.clone()
        };
        assert!(lone.resolve("https://app.example").is_err());
        let full = DotloopArgs {
            client_id: Some("id".into()),
            client_secret: Some("secret".into()),
            api_url: "http://127.0.0.1:9/public/v2/".into(),
            ..args
        };
        let config = full.resolve("https://app.example").unwrap();
        assert_eq!(
            config.client.unwrap().redirect_uri,
            "https://app.example/v1/dotloop/callback"
        );
        assert_eq!(config.api_url, "http://127.0.0.1:9/public/v2");
    }
}
