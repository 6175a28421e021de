//! The background sync of the tenant the app works in: the client's engine runs on the
//! async runtime and keeps the encrypted cache current, and each change of its state
//! goes to the window as a `sync-state` event. When the engine loses access to the
//! tenant (and shreds the cache), the window leaves the tenant at once.

use brokerdesk_client::events::{SYNC_STATE_EVENT, SyncUpdates};
use brokerdesk_client::session::{Session, SessionManager};
use brokerdesk_client::sync::{EngineConfig, SyncEngine};
use brokerdesk_core::error::ErrorBody;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use tauri::{AppHandle, Emitter};
use tokio::sync::watch;

use crate::tenant::TenantWork;

/// What the app does when the engine finds access to the tenant gone (it has shredded
/// the cache). The caller gives it (ending.rs has it), so this module need not know how
/// the app leaves a tenant, and the two do not import each other.
pub type AccessLost =
    fn(AppHandle, Arc<SyncEngine>, ErrorBody) -> Pin<Box<dyn Future<Output = ()> + Send>>;

pub struct TenantSync {
    pub work: TenantWork,
    stop: watch::Sender<bool>,
}

impl TenantSync {
    /// Opens the tenant's cache, starts syncing it in the background and forwards the
    /// engine's state to the window.
    pub async fn start(
        app: &AppHandle,
        sessions: &SessionManager,
        session: Arc<Session>,
        access_lost: AccessLost,
    ) -> Result<Self, ErrorBody> {
        let (engine, notice) =
            SyncEngine::open(sessions.clone(), session.clone(), EngineConfig::default())
                .await
                .map_err(|e| e.to_body())?;
        if let Some(notice) = notice {
            tracing::warn!(%notice, "the local cache was reset and is pulled again");
        }
        let (stop, stopped) = watch::channel(false);
        let updates = SyncUpdates::new(engine.clone()).await;
        tauri::async_runtime::spawn(forward(
            app.clone(),
            engine.clone(),
            updates,
            stopped.clone(),
            access_lost,
        ));
        tauri::async_runtime::spawn(engine.clone().run(stopped));
        Ok(Self {
            work: TenantWork {
                session,
                engine,
                reports: Arc::default(),
            },
            stop,
        })
    }

    pub fn engine(&self) -> &Arc<SyncEngine> {
        &self.work.engine
    }

    /// Stops the loop and closes the cache, so it can be shredded or left for next time.
    pub async fn stop(&self) {
        let _ = self.stop.send(true);
        self.work.engine.close().await;
    }
}

/// However the identity goes (sign-out, another sign-in, the app closing), the loop
/// and the forwarding end with it.
impl Drop for TenantSync {
    fn drop(&mut self) {
        let _ = self.stop.send(true);
    }
}

async fn forward(
    app: AppHandle,
    engine: Arc<SyncEngine>,
    mut updates: SyncUpdates,
    mut stopped: watch::Receiver<bool>,
    access_lost: AccessLost,
) {
    loop {
        let update = tokio::select! {
            update = updates.next() => match update {
                Some(update) => update,
                None => break,
            },
            _ = stopped.changed() => break,
        };
        if let Err(error) = app.emit(SYNC_STATE_EVENT, &update) {
            tracing::warn!(%error, "the sync state could not reach the window");
        }
        if let Some(reason) = update.access_lost() {
            access_lost(app, engine, reason.clone()).await;
            break;
        }
    }
}
