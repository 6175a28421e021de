//! A tenant's Dotloop connection row and its sealed tokens.

use brokerdesk_core::ids::{TenantId, UserId};
use chrono::{DateTime, Utc};

use crate::db::TenantTx;
use crate::error::ApiError;
use crate::sealed::MasterKey;

/// The pair Dotloop issues together and replaces together.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tokens {
    pub access: String,
    pub refresh: String,
    pub access_expires_at: DateTime<Utc>,
}

/// The connection as the app may see it: no tokens.
#[derive(Clone, Debug)]
pub struct Connection {
    pub account_profile_id: Option<String>,
    pub account_name: Option<String>,
    /// `connected` or `needs_reconnect`.
    pub status: String,
    pub connected_at: DateTime<Utc>,
}

/// account_profile_id, account_name, status, connected_at.
type ConnectionRow = (Option<String>, Option<String>, String, DateTime<Utc>);
/// access_token_sealed, refresh_token_sealed, access_expires_at, token_generation, status.
type TokensRow = (Vec<u8>, Vec<u8>, DateTime<Utc>, i64, String);

/// The connection's tokens, read under its row lock.
pub struct LockedTokens {
    pub tokens: Tokens,
    /// How many times the tokens were refreshed: a caller that saw an older value knows
    /// someone else has replaced the token it used.
    pub generation: i64,
    pub needs_reconnect: bool,
}

/// Each token is sealed to its tenant and its purpose, so neither opens in another
/// tenant's row or in the other column.
fn seal_context(tenant: TenantId, which: &str) -> String {
    format!("tenant:{tenant}/dotloop:{which}")
}

fn seal(master: &MasterKey, tenant: TenantId, tokens: &Tokens) -> (Vec<u8>, Vec<u8>) {
    (
        master.seal(tokens.access.as_bytes(), &seal_context(tenant, "access")),
        master.seal(tokens.refresh.as_bytes(), &seal_context(tenant, "refresh")),
    )
}

fn open(
    master: &MasterKey,
    tenant: TenantId,
    sealed: &[u8],
    which: &str,
) -> Result<String, ApiError> {
    let bytes = master
        .open(sealed, &seal_context(tenant, which))
        .map_err(|e| ApiError::Internal(e.into()))?;
    String::from_utf8(bytes).map_err(|e| ApiError::Internal(e.into()))
}

/// Stores a new connection (or replaces the tenant's old one: one Dotloop account per
/// brokerage), connected and with fresh tokens.
pub async fn save(
    tx: &mut TenantTx,
    master: &MasterKey,
    user: UserId,
    tokens: &Tokens,
) -> Result<(), ApiError> {
    let tenant = tx.tenant_id();
    let (access, refresh) = seal(master, tenant, tokens);
    sqlx::query(
        "insert into dotloop_connections (tenant_id, connected_by,
             access_token_sealed, refresh_token_sealed, access_expires_at)
         values ($1, $2, $3, $4, $5)
         on conflict (tenant_id) do update set connected_by = excluded.connected_by,
             account_profile_id = null, account_name = null,
             access_token_sealed = excluded.access_token_sealed,
             refresh_token_sealed = excluded.refresh_token_sealed,
             access_expires_at = excluded.access_expires_at,
             token_generation = dotloop_connections.token_generation + 1,
             status = 'connected', connected_at = now(), updated_at = now()",
    )
    .bind(tenant.as_uuid())
    .bind(user.as_uuid())
    .bind(access)
    .bind(refresh)
    .bind(tokens.access_expires_at)
    .execute(tx.conn())
    .await?;
    Ok(())
}

/// Names the account the connection reads, from its first profile.
pub async fn name_account(
    tx: &mut TenantTx,
    profile_id: &str,
    name: Option<&str>,
) -> Result<(), ApiError> {
    sqlx::query(
        "update dotloop_connections set account_profile_id = $2, account_name = $3, updated_at = now()
          where tenant_id = $1",
    )
    .bind(tx.tenant_id().as_uuid())
    .bind(profile_id)
    .bind(name)
    .execute(tx.conn())
    .await?;
    Ok(())
}

pub async fn load(tx: &mut TenantTx) -> Result<Option<Connection>, ApiError> {
    let row: Option<ConnectionRow> = sqlx::query_as(
        "select account_profile_id, account_name, status, connected_at
           from dotloop_connections where tenant_id = $1",
    )
    .bind(tx.tenant_id().as_uuid())
    .fetch_optional(tx.conn())
    .await?;
    Ok(row.map(
        |(account_profile_id, account_name, status, connected_at)| Connection {
            account_profile_id,
            account_name,
            status,
            connected_at,
        },
    ))
}

/// The tokens, with the row locked until `tx` ends: refreshes of one connection queue
/// up behind each other instead of racing (a refresh invalidates the token before it).
pub async fn lock_tokens(
    tx: &mut TenantTx,
    master: &MasterKey,
) -> Result<Option<LockedTokens>, ApiError> {
    let tenant = tx.tenant_id();
    let row: Option<TokensRow> = sqlx::query_as(
        "select access_token_sealed, refresh_token_sealed, access_expires_at, token_generation, status
           from dotloop_connections where tenant_id = $1 for update",
    )
    .bind(tenant.as_uuid())
    .fetch_optional(tx.conn())
    .await?;
    let Some((access, refresh, access_expires_at, generation, status)) = row else {
        return Ok(None);
    };
    Ok(Some(LockedTokens {
        tokens: Tokens {
            access: open(master, tenant, &access, "access")?,
            refresh: open(master, tenant, &refresh, "refresh")?,
            access_expires_at,
        },
        generation,
        needs_reconnect: status == "needs_reconnect",
    }))
}

/// Replaces both tokens in one statement; returns the new generation.
pub async fn replace_tokens(
    tx: &mut TenantTx,
    master: &MasterKey,
    tokens: &Tokens,
) -> Result<i64, ApiError> {
    let tenant = tx.tenant_id();
    let (access, refresh) = seal(master, tenant, tokens);
    let generation = sqlx::query_scalar(
        "update dotloop_connections set access_token_sealed = $2, refresh_token_sealed = $3,
                access_expires_at = $4, token_generation = token_generation + 1, updated_at = now()
          where tenant_id = $1 returning token_generation",
    )
    .bind(tenant.as_uuid())
    .bind(access)
    .bind(refresh)
    .bind(tokens.access_expires_at)
    .fetch_one(tx.conn())
    .await?;
    Ok(generation)
}

/// Dotloop refused the connection even after a refresh: it stays, marked, until an
/// owner or admin connects again. Returns whether it was connected until now.
pub async fn mark_needs_reconnect(tx: &mut TenantTx) -> Result<bool, ApiError> {
    let changed = sqlx::query(
        "update dotloop_connections set status = 'needs_reconnect', updated_at = now()
          where tenant_id = $1 and status = 'connected'",
    )
    .bind(tx.tenant_id().as_uuid())
    .execute(tx.conn())
    .await?
    .rows_affected();
    Ok(changed > 0)
}

/// Forgets the connection; returns whether there was one.
pub async fn forget(tx: &mut TenantTx) -> Result<bool, ApiError> {
    let deleted = sqlx::query("delete from dotloop_connections where tenant_id = $1")
        .bind(tx.tenant_id().as_uuid())
        .execute(tx.conn())
        .await?
        .rows_affected();
    Ok(deleted > 0)
}
