//! What every handler can reach. A leaf: it names the infrastructure handlers use and
//! no domain or route, so the extractors in `auth` and every domain's `http.rs` can take
//! it without importing start-up (which names every domain).

use std::sync::Arc;

use crate::auth::tokens::TokenKeys;
use crate::db::Database;
use crate::dns::TxtResolver;
use crate::mail::Mailer;
use crate::rate_limit::RateLimiter;
use crate::sealed::MasterKey;
use crate::sync::wakeups::Wakeups;

/// The database handle hands out scoped transactions only; the pool itself stays
/// private to `db`.
#[derive(Clone)]
pub struct AppState {
    pub db: Database,
    pub tokens: TokenKeys,
    pub rate_limiter: RateLimiter,
    /// Lower-cased, without a leading dot; see `ServeConfig::base_domain`.
    pub base_domain: Option<Arc<str>>,
    pub master_key: MasterKey,
    pub openapi: Arc<serde_json::Value>,
    pub mailer: Arc<dyn Mailer>,
    /// Where people reach Brokerdesk, without a trailing slash; links in mail start with it.
    pub public_url: Arc<str>,
    /// Reads the TXT records that verify custom domains.
    pub dns: TxtResolver,
    pub wakeups: Wakeups,
}
