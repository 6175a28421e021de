//! A fake Dotloop (OAuth server and API v2) for the tests, on 127.0.0.1 with a port of
//! its own. It follows the documented shapes and misbehaves on request: a forced 429
//! at a given call, a spent rate-limit budget, tokens refused after a refresh, a refresh
//! refused. Everything it was asked is logged, so a test can check what the server did.

mod data;
mod harness;
mod recording_store;
mod routes;

pub use data::*;
pub use harness::{CallbackSeen, DotloopTestApp};
pub use recording_store::RecordingStore;

use hmac::{Hmac, Mac};
use serde_json::Value;
use sha2::Sha256;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Instant;
use tokio::net::TcpListener;

use crate::app::config::ServeConfig;
use crate::dotloop::config::DotloopArgs;
use crate::dotloop::store::SharedStore;

pub const FAKE_CLIENT_ID: &str = "brokerdesk-test-client";
pub const FAKE_CLIENT_SECRET: &str = "brokerdesk-test-secret";
pub const FAKE_WEBHOOK_KEY: &str = "fake-subscription-signing-key";
/// What the fake says a token lasts (Dotloop's ≈ 12 hours).
pub const TOKEN_LIFETIME_SECS: i64 = 43_199;

/// One API call the fake answered.
#[derive(Clone, Debug)]
pub struct Call {
    pub path: String,
    pub query: HashMap<String, String>,
    pub status: u16,
    pub at: Instant,
}

/// The fake's state; tests read and change it through [`FakeDotloop::state`].
#[derive(Debug, Default)]
pub struct FakeState {
    pub loops: Vec<FakeLoop>,
    /// Codes the authorize page issued and not yet exchanged.
    codes: Vec<String>,
    /// The account's one active token pair.
    pub access_token: Option<String>,
    pub refresh_token: Option<String>,
    issued: u64,
    pub exchanges: u64,
    pub refreshes: u64,
    pub revoked: Vec<String>,
    /// API calls (not OAuth), numbered from 1.
    pub calls: Vec<Call>,
    /// The call that answers 429 (once).
    pub force_429_at: Option<usize>,
    /// The call whose answer reports the budget spent (`Remaining: 0`, `Reset: 1`, in
    /// seconds), and the earliest the next call may come.
    pub spend_budget_at: Option<usize>,
    pub budget_resets_at: Option<Instant>,
    /// Calls that came before the budget was back.
    pub calls_during_spent_budget: usize,
    /// Every token is refused, even a fresh one (the account was disconnected in Dotloop).
    pub refuse_every_token: bool,
    /// Refreshes are refused (`invalid_grant`).
    pub refuse_refresh: bool,
    /// The next authorize is declined by the person.
    pub deny_next_authorize: bool,
    pub subscriptions: Vec<Value>,
}

#[derive(Clone)]
pub struct FakeDotloop {
    pub url: String,
    state: Arc<Mutex<FakeState>>,
}

impl FakeDotloop {
    pub async fn start() -> Self {
        let state = Arc::new(Mutex::new(FakeState {
            loops: data::loops(),
            ..Default::default()
        }));
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("the fake Dotloop binds");
        let url = format!("http://{}", listener.local_addr().expect("an address"));
        let app = routes::router(state.clone());
        tokio::spawn(async move { axum::serve(listener, app).await });
        Self { url, state }
    }

    pub fn state(&self) -> MutexGuard<'_, FakeState> {
        self.state.lock().expect("the fake's state is not poisoned")
    }

    pub fn api_url(&self) -> String {
        format!("{}/public/v2", self.url)
    }

    /// Points a test server's configuration at this fake, on a port chosen now so the
    /// redirect and webhook URLs name it, storing loops in `store`.
    pub fn configure(&self, config: &mut ServeConfig, store: SharedStore) {
        let listen = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|socket| socket.local_addr())
            .expect("a free local port");
        config.listen = listen;
        config.public_url = format!("http://{listen}");
        config.dotloop = DotloopArgs {
            client_id: Some(FAKE_CLIENT_ID.into()),
            client_secret: Some(FAKE_CLIENT_SECRET.into()),
            redirect_uri: None,
            auth_url: self.url.clone(),
            api_url: self.api_url(),
            webhook_key: Some(FAKE_WEBHOOK_KEY.into()),
            sync_interval_minutes: 0,
            store,
        };
    }

    /// API calls whose path ends with `suffix`.
    pub fn calls_to(&self, suffix: &str) -> Vec<Call> {
        self.state()
            .calls
            .iter()
            .filter(|c| c.path.ends_with(suffix))
            .cloned()
            .collect()
    }

    /// Moves `count` loops' `updated` to now, as edits in Dotloop would.
    pub fn touch_loops(&self, count: usize) {
        let now = chrono::Utc::now();
        for fake in self.state().loops.iter_mut().take(count) {
            fake.updated = now;
        }
    }
}

/// Signs a webhook body as Dotloop does: HMAC-SHA256 with the subscription's key, hex.
pub fn sign_webhook(body: &[u8], key: &str) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(key.as_bytes()).expect("any key length");
    mac.update(body);
    hex::encode(mac.finalize().into_bytes())
}
