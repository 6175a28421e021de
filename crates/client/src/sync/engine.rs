//! The sync engine of one signed-in tenant: push the outbox, pull what changed, wait for
//! the server to say something moved, and report all of it as [`SyncState`] through a
//! `tokio::sync::watch` channel that the desktop shell forwards to the UI as events.

use brokerdesk_core::sync::Cursor;
use brokerdesk_core::sync::pull::{PullPage, PullQuery};
use brokerdesk_core::sync::push::{MAX_PUSH_MUTATIONS, PushRequest, PushResponse};
use brokerdesk_core::sync::state::{SyncPhase, SyncProgress, SyncState};
use brokerdesk_core::sync::wait::{MAX_WAIT_SECS, WaitOutcome, WaitQuery};
use chrono::Utc;
use reqwest::{Method, StatusCode};
use serde::de::DeserializeOwned;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{Notify, watch};

use super::failure::{SyncError, classify};
use super::records::LocalStore;
use crate::api::ApiError;
use crate::cache::TenantCache;
use crate::session::{Session, SessionManager};

const FIRST_BACKOFF: Duration = Duration::from_secs(1);
const MAX_BACKOFF: Duration = Duration::from_secs(60);

/// Page and batch sizes. The defaults suit the app; tests shrink them to exercise many
/// pages with little data.
#[derive(Clone, Debug)]
pub struct EngineConfig {
    pub page_rows: u32,
    pub page_bytes: u32,
    pub push_batch: usize,
    pub wait_secs: u64,
}

impl Default for EngineConfig {
    fn default() -> Self {
        Self {
            page_rows: brokerdesk_core::sync::pull::MAX_PAGE_ROWS,
            page_bytes: brokerdesk_core::sync::pull::MAX_PAGE_BYTES,
            push_batch: MAX_PUSH_MUTATIONS,
            wait_secs: MAX_WAIT_SECS,
        }
    }
}

/// What one round of sync did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SyncReport {
    pub pushed: usize,
    pub pulled: u64,
    /// The tenant's clock the pull caught up with.
    pub clock: i64,
}

pub struct SyncEngine {
    session: Arc<Session>,
    sessions: SessionManager,
    cache: TenantCache,
    store: LocalStore,
    config: EngineConfig,
    state: watch::Sender<SyncState>,
    nudge: Notify,
}

impl SyncEngine {
    /// Opens the tenant's cache for `session` (resetting it when it cannot be read or
    /// upgraded) and returns the engine with the reset notice, if any, to show.
    pub async fn open(
        sessions: SessionManager,
        session: Arc<Session>,
        config: EngineConfig,
    ) -> Result<(Arc<Self>, Option<String>), SyncError> {
        let location = session.account().cache_location(sessions.data_dir());
        let (cache, notice) =
            TenantCache::open_or_reset(location, sessions.secrets().as_ref()).await?;
        let store = LocalStore::new(cache.pool().clone());
        let counts = store.counts().await?;
        let state = SyncState {
            last_synced_at: store.last_synced_at().await?,
            pending_edits: counts.pending,
            rejected_edits: counts.rejected,
            conflicts: counts.conflicts,
            ..SyncState::default()
        };
        let engine = Self {
            session,
            sessions,
            cache,
            store,
            config,
            state: watch::channel(state).0,
            nudge: Notify::new(),
        };
        Ok((Arc::new(engine), notice))
    }

    /// The cached data, for reading and for offline edits.
    pub fn store(&self) -> &LocalStore {
        &self.store
    }

    pub fn session(&self) -> &Arc<Session> {
        &self.session
    }

    /// State changes as they happen: phase, online, pending and rejected edits,
    /// conflicts, and progress while pulling.
    pub fn subscribe(&self) -> watch::Receiver<SyncState> {
        self.state.subscribe()
    }

    pub fn state(&self) -> SyncState {
        self.state.borrow().clone()
    }

    /// Tells the background loop there is something to push now (after a local edit).
    pub fn nudge(&self) {
        self.nudge.notify_one();
    }

    fn report(&self, change: impl FnOnce(&mut SyncState)) {
        self.state.send_modify(change);
    }

    /// Re-reads the outbox counts into the state (after a refused edit is dismissed).
    pub async fn refresh_counts(&self) -> Result<(), SyncError> {
        let counts = self.store.counts().await?;
        self.report(|s| {
            s.pending_edits = counts.pending;
            s.rejected_edits = counts.rejected;
            s.conflicts = counts.conflicts;
        });
        Ok(())
    }

    /// Push, then pull to the end. On losing access to the tenant, shreds the cache.
    pub async fn sync_once(&self) -> Result<SyncReport, SyncError> {
        let result = self.push_then_pull().await;
        match &result {
            Ok(_) => {
                let now = Utc::now();
                self.store.mark_synced(now).await?;
                self.report(|s| {
                    s.phase = SyncPhase::Idle;
                    s.online = true;
                    s.last_synced_at = Some(now);
                    s.progress = None;
                    s.error = None;
                });
            }
            Err(error) => self.report_failure(error).await,
        }
        result
    }

    async fn push_then_pull(&self) -> Result<SyncReport, SyncError> {
        let pushed = match self.push().await {
            // A suspended tenant, or one pending deletion, is read-only: keep the edits
            // and still pull.
            Err(SyncError::Suspended(_)) => 0,
            other => other?,
        };
        let (pulled, clock) = self.pull().await?;
        Ok(SyncReport {
            pushed,
            pulled,
            clock,
        })
    }

    async fn report_failure(&self, error: &SyncError) {
        if let SyncError::AccessLost(_) = error
            && let Err(shred) = self.shred().await
        {
            tracing::error!(%shred, "could not shred the cache after access was lost");
        }
        let phase = match error {
            SyncError::Offline(_) => SyncPhase::Offline,
            SyncError::AccessLost(_) | SyncError::ClientTooOld(_) => SyncPhase::Stopped,
            _ => SyncPhase::Idle,
        };
        let body = error.to_body();
        self.report(|s| {
            s.phase = phase;
            s.online = !matches!(phase, SyncPhase::Offline);
            s.progress = None;
            s.error = Some(body);
        });
    }

    /// Sends the outbox in order, a batch at a time, and records each answer.
    pub async fn push(&self) -> Result<usize, SyncError> {
        let device_id = self.store.device_id().await?;
        let mut pushed = 0;
        loop {
            let mutations = self.store.pending(self.config.push_batch).await?;
            if mutations.is_empty() {
                break;
            }
            self.report(|s| s.phase = SyncPhase::Pushing);
            self.store.count_attempt(&mutations).await?;
            let request = PushRequest {
                device_id,
                mutations,
            };
            let response: PushResponse = self
                .authorised(|api, token| {
                    api.request(Method::POST, "v1/sync/push")
                        .map(|r| r.bearer_auth(token).json(&request))
                })
                .await?;
            self.store.acknowledge(&response.results).await?;
            pushed += response.results.len();
            self.refresh_counts().await?;
        }
        Ok(pushed)
    }

    /// Pulls every page after the cursor, applying each with its cursor in one
    /// transaction, and reports progress.
    pub async fn pull(&self) -> Result<(u64, i64), SyncError> {
        self.pull_pages(usize::MAX).await
    }

    /// Pulls at most `max_pages` pages; the cache stays consistent between any two.
    /// The next page is fetched while the current one is written, so the server and the
    /// cache work at the same time; a page fetched but not yet applied is simply dropped
    /// when the pull stops.
    pub async fn pull_pages(&self, max_pages: usize) -> Result<(u64, i64), SyncError> {
        let cursor = self.store.cursor().await?;
        let mut clock = cursor.version;
        let mut done = 0u64;
        let mut expected = 0u64;
        let mut page = self.fetch_page(&cursor, true).await?;
        for number in 1..=max_pages {
            if let Some(remaining) = page.remaining {
                expected = remaining;
            }
            let (applied, next) = if page.has_more && number < max_pages {
                let (applied, next) = tokio::join!(
                    self.store.apply_page(&page),
                    self.fetch_page(&page.next, false)
                );
                (applied?, Some(next?))
            } else {
                (self.store.apply_page(&page).await?, None)
            };
            // Copied into the file while the next page is written, not by its commit.
            self.cache.checkpoint_in_background();
            done += applied as u64;
            clock = page.clock;
            let progress = SyncProgress {
                done,
                expected: expected.max(done),
            };
            self.report(|s| {
                s.phase = SyncPhase::Pulling;
                s.online = true;
                s.progress = Some(progress);
            });
            match next {
                Some(next) => page = next,
                None => break,
            }
        }
        if !page.has_more {
            self.store.pull_ended().await?;
        }
        self.refresh_counts().await?;
        Ok((done, clock))
    }

    async fn fetch_page(
        &self,
        cursor: &Cursor,
        with_remaining: bool,
    ) -> Result<PullPage, SyncError> {
        let query = PullQuery {
            limit: Some(self.config.page_rows),
            max_bytes: Some(self.config.page_bytes),
            with_remaining,
            ..PullQuery::after(cursor)
        };
        self.authorised(|api, token| {
            api.request(Method::GET, "v1/sync/pull")
                .map(|r| r.bearer_auth(token).query(&query))
        })
        .await
    }

    /// Waits until the server says the tenant's clock passed `clock`, or the wait times
    /// out (then the answer is false and the caller simply syncs again).
    pub async fn wait_for_change(&self, clock: i64) -> Result<bool, SyncError> {
        let query = WaitQuery {
            after_version: clock,
            timeout_secs: Some(self.config.wait_secs),
        };
        let long = Duration::from_secs(self.config.wait_secs + 10);
        let outcome: WaitOutcome = self
            .authorised(|api, token| {
                api.request(Method::GET, "v1/sync/wait")
                    .map(|r| r.bearer_auth(token).query(&query).timeout(long))
            })
            .await?;
        Ok(outcome.changed)
    }

    /// Runs until `stop` turns true or access is lost: push, pull, wait for a wake-up
    /// (or a local edit), again; with exponential backoff while offline.
    pub async fn run(self: Arc<Self>, mut stop: watch::Receiver<bool>) {
        let mut backoff = FIRST_BACKOFF;
        while !*stop.borrow() {
            let pause = match self.sync_once().await {
                Ok(report) => {
                    backoff = FIRST_BACKOFF;
                    self.report(|s| s.phase = SyncPhase::Waiting);
                    tokio::select! {
                        waited = self.wait_for_change(report.clock) => match waited {
                            Ok(_) => None,
                            Err(error) => {
                                self.report_failure(&error).await;
                                Some(FIRST_BACKOFF)
                            }
                        },
                        _ = self.nudge.notified() => None,
                        _ = stop.changed() => None,
                    }
                }
                Err(SyncError::AccessLost(_) | SyncError::ClientTooOld(_)) => break,
                Err(_) => {
                    let pause = backoff;
                    backoff = (backoff * 2).min(MAX_BACKOFF);
                    Some(pause)
                }
            };
            if let Some(pause) = pause {
                tokio::select! {
                    _ = tokio::time::sleep(pause) => {}
                    _ = self.nudge.notified() => {}
                    _ = stop.changed() => {}
                }
            }
        }
    }

    /// Closes the cache (when the app switches tenant or quits); the engine is done.
    pub async fn close(&self) {
        self.cache.pool().close().await;
    }

    /// Crypto-shreds this tenant's cache and forgets the sign-in.
    pub async fn shred(&self) -> Result<(), SyncError> {
        self.cache.pool().close().await;
        self.sessions
            .forget(self.session.account())
            .map_err(SyncError::Session)
    }

    /// Sends an authorised request, refreshing the access token once if the server says
    /// it is no longer valid. Maps the answers that change what sync does.
    async fn authorised<T: DeserializeOwned>(
        &self,
        build: impl Fn(&crate::api::ApiClient, &str) -> Result<reqwest::RequestBuilder, ApiError>,
    ) -> Result<T, SyncError> {
        let api = self.session.api();
        let mut refreshed = false;
        loop {
            let token = self.session.access_token().await?;
            let request = build(api, &token).map_err(SyncError::Server)?;
            match api.send(request, &[]).await {
                Ok(answer) => return Ok(answer),
                Err(error) if error.status() == Some(StatusCode::UNAUTHORIZED) && !refreshed => {
                    refreshed = true;
                    self.session.refresh().await?;
                }
                Err(error) => return Err(classify(error)),
            }
        }
    }
}
