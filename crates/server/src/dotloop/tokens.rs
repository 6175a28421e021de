//! A usable access token for a tenant's connection. Dotloop keeps one active token per
//! account and a refresh invalidates the one before it, so refreshes of a connection
//! must never race: each happens with the connection's row locked, and a caller that
//! finds the token already replaced since it last looked takes the new one instead of
//! refreshing again.

use brokerdesk_core::ids::TenantId;
use chrono::{Duration, Utc};
use serde_json::json;

use super::connection::{self, LockedTokens};
use super::oauth::{self, TokenError};
use super::{Dotloop, needs_reconnect, not_connected};
use crate::auth::audit::{record, system_event};
use crate::db::{TenantScope, TenantTx};
use crate::error::ApiError;

/// Refresh this long before expiry, so a token never lapses in the middle of a run.
const REFRESH_MARGIN_MINUTES: i64 = 10;

/// An access token and the generation it belongs to.
#[derive(Clone, Debug)]
pub struct AccessToken {
    pub token: String,
    pub generation: i64,
}

async fn begin(dotloop: &Dotloop, tenant: TenantId) -> Result<TenantTx, ApiError> {
    Ok(dotloop
        .db
        .begin_tenant(TenantScope {
            tenant_id: tenant,
            actor: "dotloop".into(),
        })
        .await?)
}

/// The stored token while it has more than the margin left; otherwise a refreshed one.
pub async fn access_token(dotloop: &Dotloop, tenant: TenantId) -> Result<AccessToken, ApiError> {
    fresh_token(dotloop, tenant, None).await
}

/// After Dotloop refused `used` (a 401): a refreshed token, unless someone else has
/// refreshed since `used` was read, in which case theirs.
pub async fn replace_refused(
    dotloop: &Dotloop,
    tenant: TenantId,
    used: &AccessToken,
) -> Result<AccessToken, ApiError> {
    fresh_token(dotloop, tenant, Some(used.generation)).await
}

async fn fresh_token(
    dotloop: &Dotloop,
    tenant: TenantId,
    refused_generation: Option<i64>,
) -> Result<AccessToken, ApiError> {
    let mut tx = begin(dotloop, tenant).await?;
    let Some(LockedTokens {
        tokens,
        generation,
        needs_reconnect: marked,
    }) = connection::lock_tokens(&mut tx, &dotloop.master_key).await?
    else {
        return Err(not_connected());
    };
    if marked {
        return Err(needs_reconnect());
    }
    let expiring =
        tokens.access_expires_at - Utc::now() < Duration::minutes(REFRESH_MARGIN_MINUTES);
    let refused = refused_generation == Some(generation);
    if !expiring && !refused {
        return Ok(AccessToken {
            token: tokens.access,
            generation,
        });
    }
    let client = dotloop.client()?;
    match oauth::refresh(&dotloop.http, &dotloop.config, client, &tokens.refresh).await {
        Ok(new) => {
            let generation = connection::replace_tokens(&mut tx, &dotloop.master_key, &new).await?;
            tx.commit().await?;
            Ok(AccessToken {
                token: new.access,
                generation,
            })
        }
        Err(TokenError::Refused) => {
            mark_needs_reconnect(tx, "refresh_refused").await?;
            Err(needs_reconnect())
        }
        Err(TokenError::Unavailable(error)) => Err(error),
    }
}

/// Marks the connection and audits why, in `tx`, and commits.
pub async fn mark_needs_reconnect(mut tx: TenantTx, reason: &str) -> Result<(), ApiError> {
    if connection::mark_needs_reconnect(&mut tx).await? {
        let tenant = tx.tenant_id();
        let event = system_event(
            tenant,
            "Dotloop connection",
            "dotloop.needs_reconnect",
            None,
            json!({ "reason": reason }),
        );
        record(&mut tx, event).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Marks the connection of `tenant` in a transaction of its own: Dotloop refused a
/// token that had just been refreshed.
pub async fn refused_after_refresh(dotloop: &Dotloop, tenant: TenantId) -> Result<(), ApiError> {
    let tx = begin(dotloop, tenant).await?;
    mark_needs_reconnect(tx, "refused_after_refresh").await
}
