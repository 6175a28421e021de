//! Live wake-ups. Every commit that moves a tenant's clock notifies PostgreSQL channel
//! `tenant_clock` (a trigger does it, so no writer can forget). Each API instance keeps
//! one listening connection and fans the news out to the requests parked in
//! `GET /v1/sync/wait` for that tenant, so a write through any instance wakes waiters on
//! every instance.
//!
//! A notification lost while the listening connection reconnects only delays a waiter
//! until its wait times out, after which the client pulls anyway.

use brokerdesk_core::ids::TenantId;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use tokio::sync::watch;

use crate::db::Database;

const CHANNEL: &str = "tenant_clock";

/// The latest clock value heard of, per tenant somebody is waiting on.
#[derive(Clone, Default)]
pub struct Wakeups {
    tenants: Arc<Mutex<HashMap<TenantId, watch::Sender<i64>>>>,
}

impl Wakeups {
    /// Starts listening on `db` for as long as its pool is open.
    pub async fn listen(db: &Database) -> Result<Self, sqlx::Error> {
        let mut listener = db.listener().await?;
        listener.listen(CHANNEL).await?;
        let wakeups = Self::default();
        let fan_out = wakeups.clone();
        tokio::spawn(async move {
            loop {
                match listener.recv().await {
                    Ok(notification) => fan_out.heard(notification.payload()),
                    Err(sqlx::Error::PoolClosed) => break,
                    Err(error) => {
                        tracing::warn!(%error, "wake-up listener failed; retrying");
                        tokio::time::sleep(std::time::Duration::from_secs(1)).await;
                    }
                }
            }
        });
        Ok(wakeups)
    }

    /// A receiver of the tenant's clock as notified. Subscribe before reading the clock,
    /// so a change between the read and the wait is not missed.
    pub fn subscribe(&self, tenant: TenantId) -> watch::Receiver<i64> {
        let mut tenants = self.tenants.lock().expect("wake-up table lock");
        tenants
            .entry(tenant)
            .or_insert_with(|| watch::channel(0).0)
            .subscribe()
    }

    fn heard(&self, payload: &str) {
        let Some((tenant, version)) = payload.split_once(':') else {
            return;
        };
        let (Ok(tenant), Ok(version)) = (tenant.parse::<TenantId>(), version.parse::<i64>()) else {
            return;
        };
        let mut tenants = self.tenants.lock().expect("wake-up table lock");
        if let Some(sender) = tenants.get(&tenant) {
            if sender.receiver_count() == 0 {
                tenants.remove(&tenant);
            } else {
                sender.send_if_modified(|latest| {
                    let newer = version > *latest;
                    *latest = (*latest).max(version);
                    newer
                });
            }
        }
    }
}
