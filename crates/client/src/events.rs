//! What the desktop shell tells its window without being asked, as Tauri events: the
//! sync engine's state each time it changes (and whether that sync brought the cache
//! new data, so the UI refreshes its queries), and why a session ended on its own. The
//! payload types are generated for the UI (`bindings`).

use brokerdesk_core::error::ErrorBody;
use brokerdesk_core::signed_in::SignedIn;
use brokerdesk_core::sync::state::{SyncPhase, SyncState};
use chrono::{DateTime, Utc};
use serde::Serialize;
use std::sync::Arc;
use tokio::sync::watch;
use ts_rs::TS;

use crate::session::ACCESS_LOST;
use crate::sync::SyncEngine;

/// Carries a [`SyncUpdate`].
pub const SYNC_STATE_EVENT: &str = "sync-state";
/// Carries a [`SessionEnded`].
pub const SESSION_ENDED_EVENT: &str = "session-ended";

#[derive(Clone, Debug, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SyncUpdate {
    pub state: SyncState,
    /// A sync just finished and the cache holds what it did not before: changes
    /// pulled, or a refused edit rolled back. Screens reading it should read again.
    pub data_changed: bool,
}

impl SyncUpdate {
    /// Why the engine lost access to the tenant, when it has (and so has
    /// crypto-shredded the cache).
    pub fn access_lost(&self) -> Option<&ErrorBody> {
        let error = self.state.error.as_ref()?;
        (self.state.phase == SyncPhase::Stopped && error.code == ACCESS_LOST).then_some(error)
    }
}

/// A session the person did not end themselves: lost access, a support session that
/// ran out, a staff sign-in that expired.
#[derive(Clone, Debug, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SessionEnded {
    /// What happened, in words for the person; the code says which case it was.
    pub reason: ErrorBody,
    /// Who the window is signed in as now: the staff view after a support session,
    /// or nobody (the sign-in screen).
    pub signed_in: Option<SignedIn>,
}

/// What the cache held when the last sync finished.
#[derive(Clone, Copy, Debug, PartialEq)]
struct DataMark {
    synced_at: Option<DateTime<Utc>>,
    version: i64,
    rejected: u64,
}

/// The engine's state changes as [`SyncUpdate`]s. A watch channel keeps only the
/// latest state, so "new data" is not read off the states themselves (a short pull can
/// come and go between two looks): when a sync has finished, the cache's cursor and
/// refused edits are compared with those at the previous one.
pub struct SyncUpdates {
    engine: Arc<SyncEngine>,
    states: watch::Receiver<SyncState>,
    seen: DataMark,
}

impl SyncUpdates {
    pub async fn new(engine: Arc<SyncEngine>) -> Self {
        let states = engine.subscribe();
        let state = engine.state();
        let seen = DataMark {
            synced_at: state.last_synced_at,
            version: cursor_version(&engine).await.unwrap_or_default(),
            rejected: state.rejected_edits,
        };
        Self {
            engine,
            states,
            seen,
        }
    }

    /// The next state; none once the engine is gone.
    pub async fn next(&mut self) -> Option<SyncUpdate> {
        self.states.changed().await.ok()?;
        let state = self.states.borrow_and_update().clone();
        let data_changed = self.data_changed(&state).await;
        Some(SyncUpdate {
            state,
            data_changed,
        })
    }

    async fn data_changed(&mut self, state: &SyncState) -> bool {
        if state.last_synced_at == self.seen.synced_at {
            return false;
        }
        // After a shred the cache is closed; there is nothing left to show anyway.
        let Some(version) = cursor_version(&self.engine).await else {
            return false;
        };
        let now = DataMark {
            synced_at: state.last_synced_at,
            version,
            rejected: state.rejected_edits,
        };
        let changed = now.version != self.seen.version || now.rejected != self.seen.rejected;
        self.seen = now;
        changed
    }
}

async fn cursor_version(engine: &SyncEngine) -> Option<i64> {
    engine
        .store()
        .cursor()
        .await
        .map(|cursor| cursor.version)
        .ok()
}
