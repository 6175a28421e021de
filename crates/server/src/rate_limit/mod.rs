//! Rate limits: per tenant by plan (requests per 15 minutes), and per client address for
//! the unauthenticated routes that guess at secrets (sign-in, registration, refresh).
//!
//! Fixed 15-minute windows: simple to share between instances (one counter row per key
//! and window) and easy to explain in a Retry-After. With one instance the counters can
//! live in memory; with several they must be shared, through PostgreSQL.

use brokerdesk_core::ids::TenantId;
use brokerdesk_core::plan::PlanTier;
use chrono::{DateTime, TimeZone, Utc};
use clap::ValueEnum;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

mod shared_counters;

use crate::db::Database;
use crate::error::ApiError;

const WINDOW_SECONDS: i64 = 15 * 60;

/// Where the counters live.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum CounterStore {
    /// In this process: right for a single instance.
    Memory,
    /// In PostgreSQL: shared by every instance.
    Postgres,
}

#[derive(Clone)]
enum Counters {
    Memory(Arc<Mutex<MemoryCounters>>),
    Postgres(Database),
}

/// Counts for the current window only; a new window starts from an empty map.
#[derive(Default)]
struct MemoryCounters {
    window_start: i64,
    hits: HashMap<String, u32>,
}

#[derive(Clone)]
pub struct RateLimiter {
    counters: Counters,
    auth_attempts_per_ip: u32,
}

impl RateLimiter {
    pub fn new(store: CounterStore, db: &Database, auth_attempts_per_ip: u32) -> Self {
        let counters = match store {
            CounterStore::Memory => Counters::Memory(Arc::default()),
            CounterStore::Postgres => Counters::Postgres(db.clone()),
        };
        Self {
            counters,
            auth_attempts_per_ip,
        }
    }

    /// Counts one request by the tenant against its plan's allowance.
    pub async fn check_tenant(&self, tenant: TenantId, plan: PlanTier) -> Result<(), ApiError> {
        let limit = plan.plan().requests_per_15_min;
        self.check(&format!("tenant:{tenant}"), limit, || {
            format!(
                "Your {} plan allows {limit} requests every 15 minutes, and they are used up.",
                plan.display_name()
            )
        })
        .await
    }

    /// Counts one sign-in, registration or refresh attempt from a client address.
    pub async fn check_auth_attempt(&self, ip: Option<&str>) -> Result<(), ApiError> {
        let limit = self.auth_attempts_per_ip;
        self.check(
            &format!("auth-ip:{}", ip.unwrap_or("unknown")),
            limit,
            || "Too many sign-in attempts from this network.".to_owned(),
        )
        .await
    }

    async fn check(
        &self,
        key: &str,
        limit: u32,
        why: impl FnOnce() -> String,
    ) -> Result<(), ApiError> {
        let now = Utc::now();
        let window_start = now.timestamp().div_euclid(WINDOW_SECONDS) * WINDOW_SECONDS;
        let hits = match &self.counters {
            Counters::Memory(counters) => {
                let mut counters = counters.lock().expect("counter lock is never poisoned");
                if counters.window_start != window_start {
                    *counters = MemoryCounters {
                        window_start,
                        hits: HashMap::new(),
                    };
                }
                let hits = counters.hits.entry(key.to_owned()).or_default();
                *hits = hits.saturating_add(1);
                i64::from(*hits)
            }
            Counters::Postgres(db) => {
                shared_counters::count_hit(db, key, window(window_start)).await?
            }
        };
        if hits <= i64::from(limit) {
            return Ok(());
        }
        let retry_after_secs = u64::try_from(window_start + WINDOW_SECONDS - now.timestamp())
            .unwrap_or(1)
            .max(1);
        let minutes = retry_after_secs.div_ceil(60);
        Err(ApiError::RateLimited {
            code: "rate_limited",
            retry_after_secs,
            message: format!(
                "{} Try again in {minutes} minute{}.",
                why(),
                if minutes == 1 { "" } else { "s" }
            ),
        })
    }
}

fn window(start: i64) -> DateTime<Utc> {
    Utc.timestamp_opt(start, 0)
        .single()
        .expect("a whole-second timestamp is valid")
}
