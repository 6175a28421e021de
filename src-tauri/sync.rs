//! The background sync of a member's tenant: the client's engine runs on the async
//! runtime and keeps the encrypted cache current; the UI reads its state through the
//! `sync_state` command.

use brokerdesk_client::session::{Session, SessionManager};
use brokerdesk_client::sync::{EngineConfig, SyncEngine};
use brokerdesk_core::error::ErrorBody;
use std::sync::Arc;
use tokio::sync::watch;

pub struct TenantSync {
    pub engine: Arc<SyncEngine>,
    stop: watch::Sender<bool>,
}

impl TenantSync {
    /// Opens the tenant's cache and starts syncing it in the background.
    pub async fn start(
        sessions: &SessionManager,
        session: Arc<Session>,
    ) -> Result<Self, ErrorBody> {
        let (engine, notice) = SyncEngine::open(sessions.clone(), session, EngineConfig::default())
            .await
            .map_err(|e| e.to_body())?;
        if let Some(notice) = notice {
            tracing::warn!(%notice, "the local cache was reset and is pulled again");
        }
        let (stop, stopped) = watch::channel(false);
        tauri::async_runtime::spawn(engine.clone().run(stopped));
        Ok(Self { engine, stop })
    }

    /// Stops the loop and closes the cache, so it can be shredded or left for next time.
    pub async fn stop(&self) {
        let _ = self.stop.send(true);
        self.engine.close().await;
    }
}

/// However the identity goes (sign-out, another sign-in, the app closing), the loop
/// ends with it.
impl Drop for TenantSync {
    fn drop(&mut self) {
        let _ = self.stop.send(true);
    }
}
