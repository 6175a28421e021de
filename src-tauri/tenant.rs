//! The tenant the app works in (a member's own, or one platform staff support): the
//! client session that talks to the server for it, and the sync engine over its
//! encrypted cache. [`TenantWork::read`] is the one way screens read tenant data: from
//! the server when it answers, from the cache when it does not.

use brokerdesk_client::api::{ApiError, Authorised};
use brokerdesk_client::commissions::held::HeldReports;
use brokerdesk_client::session::{Session, SessionError};
use brokerdesk_client::sync::{LocalStore, SyncEngine};
use brokerdesk_core::error::ErrorBody;
use brokerdesk_core::ids::TenantId;
use brokerdesk_core::sync::state::SyncPhase;
use brokerdesk_core::sync::{SyncEntity, TenantSnapshot};
use serde::de::DeserializeOwned;
use std::sync::Arc;

/// Copied out of the identity, so no lock is held across the network.
#[derive(Clone)]
pub struct TenantWork {
    pub session: Arc<Session>,
    pub engine: Arc<SyncEngine>,
    /// The commission reports' priced inputs, kept while the cache does not change.
    pub reports: Arc<HeldReports>,
}

/// What a server call for the tenant needs: its API and a fresh access token.
pub struct TenantAccess {
    session: Arc<Session>,
    token: String,
    pub tenant_id: TenantId,
}

impl TenantAccess {
    pub fn api(&self) -> Authorised<'_> {
        self.session.api().authorised(&self.token)
    }
}

impl TenantWork {
    /// The tenant's API with an access token, refreshed if need be; for what only the
    /// server can do.
    pub async fn access(&self) -> Result<TenantAccess, SessionError> {
        Ok(TenantAccess {
            token: self.session.access_token().await?,
            tenant_id: self.session.account().tenant_id,
            session: self.session.clone(),
        })
    }

    /// `online` when the server can be reached, else `cached` from the encrypted cache.
    /// A server that does not answer (or whose token cannot be refreshed for want of
    /// an answer) falls back to the cache; one that answers with a refusal does not.
    /// While the engine already knows it is offline the network is not tried at all,
    /// so no screen waits on a connection timeout; the engine is told to retry at once.
    pub async fn read<T>(
        &self,
        online: impl AsyncFnOnce(TenantAccess) -> Result<T, ApiError>,
        cached: impl AsyncFnOnce(&LocalStore) -> Result<T, ErrorBody>,
    ) -> Result<T, ErrorBody> {
        let store = self.engine.store();
        if self.engine.state().phase == SyncPhase::Offline {
            self.engine.nudge();
            return cached(store).await;
        }
        let access = match self.access().await {
            Ok(access) => access,
            Err(SessionError::Api(error)) if error.is_offline() => return cached(store).await,
            Err(error) => return Err(error.to_body()),
        };
        match online(access).await {
            Err(error) if error.is_offline() => cached(store).await,
            other => Ok(other?),
        }
    }
}

/// Every synced record of `entity`, as the API would list them.
pub async fn records<T: DeserializeOwned>(
    store: &LocalStore,
    entity: SyncEntity,
) -> Result<Vec<T>, ErrorBody> {
    store.records(entity).await.map_err(cache_error)
}

/// The tenant's profile and plan usage as last synced.
pub async fn tenant_snapshot(store: &LocalStore) -> Result<TenantSnapshot, ErrorBody> {
    store
        .tenant()
        .await
        .map_err(cache_error)?
        .ok_or_else(no_cache)
}

pub fn no_cache() -> ErrorBody {
    ErrorBody::new(
        "server_unreachable",
        "The server cannot be reached, and nothing is stored on this computer to show instead.",
    )
}

pub fn cache_error(error: impl std::fmt::Display) -> ErrorBody {
    ErrorBody::new(
        "cache_error",
        format!("The copy kept on this computer could not be read: {error}"),
    )
}
