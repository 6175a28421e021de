//! The live Dotloop connection (issue 12, "Dotloop API connection"): a tenant's owner or
//! admin connects their Dotloop account through OAuth2; the server keeps the tokens
//! sealed and fresh, imports the account's loops on a schedule and on demand, and
//! takes Dotloop's webhooks. Deals land through the [`store::LoopStore`] seam.
//!
//! - `config`: the operator's settings; `connect`: the connect flow; `oauth`: the authorize URL, the `state`, the
//!   token endpoint; `connection`: the tenant's row and its sealed tokens; `tokens`:
//!   a fresh access token under the connection's lock;
//! - `api`: calls to API v2 with rate limits, 429 back-off and one refresh on 401;
//! - `importer` and `runs`: an import run and its record; `schedule`: the timer;
//! - `webhooks`: deliveries; `status`: what `GET /v1/dotloop` reports; `http`: routes.

pub mod api;
pub mod config;
pub mod connect;
pub mod connection;
pub mod http;
pub mod importer;
pub mod oauth;
mod pages;
pub mod runs;
pub mod schedule;
pub mod status;
pub mod store;
pub mod tokens;
pub mod webhooks;

use std::sync::Arc;
use std::time::Duration;

use crate::db::Database;
use crate::error::ApiError;
use crate::sealed::MasterKey;
use config::{DotloopConfig, OAuthClient};
use store::SharedStore;

/// Everything the Dotloop code needs, handed to its routes as an axum `Extension` (so
/// `AppState` names no domain) and to the schedule and webhook tasks it spawns.
#[derive(Clone)]
pub struct Dotloop {
    pub config: Arc<DotloopConfig>,
    pub http: reqwest::Client,
    pub db: Database,
    pub master_key: MasterKey,
    pub store: SharedStore,
}

/// A Dotloop call that hangs is cut off rather than holding an import run forever.
const CALL_TIMEOUT: Duration = Duration::from_secs(30);

impl Dotloop {
    pub fn new(
        config: DotloopConfig,
        db: Database,
        master_key: MasterKey,
        store: SharedStore,
    ) -> anyhow::Result<Self> {
        let http = reqwest::Client::builder().timeout(CALL_TIMEOUT).build()?;
        Ok(Self {
            config: Arc::new(config),
            http,
            db,
            master_key,
            store,
        })
    }

    /// The OAuth client, or the error every Dotloop route answers without one.
    pub fn client(&self) -> Result<&OAuthClient, ApiError> {
        self.config.client.as_ref().ok_or_else(not_configured)
    }
}

/// A 409, not a 503: nothing will change by retrying until the operator acts.
pub fn not_configured() -> ApiError {
    ApiError::Conflict {
        code: "dotloop_not_configured",
        message: "Dotloop is not set up on this server: the operator must set \
                  BROKERDESK_DOTLOOP_CLIENT_ID and BROKERDESK_DOTLOOP_CLIENT_SECRET."
            .into(),
    }
}

pub fn not_connected() -> ApiError {
    ApiError::Conflict {
        code: "dotloop_not_connected",
        message:
            "This brokerage has not connected a Dotloop account. Connect Dotloop in Settings first."
                .into(),
    }
}

pub fn needs_reconnect() -> ApiError {
    ApiError::Conflict {
        code: "dotloop_needs_reconnect",
        message: "Dotloop no longer accepts this brokerage's connection (it was revoked, or \
                  the same Dotloop login was connected elsewhere). Connect Dotloop again in Settings."
            .into(),
    }
}

/// Dotloop answered with something other than what was asked for.
pub fn upstream(what: impl std::fmt::Display) -> ApiError {
    ApiError::UpstreamUnavailable {
        code: "dotloop_unavailable",
        message: format!("Dotloop did not answer as expected ({what}). Try again later."),
    }
}
