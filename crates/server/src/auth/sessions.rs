//! Sessions and their rotating refresh tokens. A refresh token names its tenant in
//! clear (so the server knows which tenant-scoped transaction to open) and carries
//! 256 random bits; only its SHA-256 is stored (see `bearer_secret`).

use brokerdesk_core::ids::{TenantId, UserId};
use chrono::{DateTime, Duration, Utc};
use uuid::Uuid;

use super::bearer_secret::{self, hash as token_hash};
use crate::db::TenantTx;

/// How long a session may go unused before its refresh token stops working.
const SESSION_LIFETIME: Duration = Duration::days(30);
const TOKEN_PREFIX: &str = "bdr";

/// Where a request came from, recorded on sessions and in the audit trail.
#[derive(Clone, Debug, Default)]
pub struct ClientInfo {
    pub ip: Option<String>,
    pub user_agent: Option<String>,
}

pub struct NewSession {
    pub id: Uuid,
    pub refresh_token: String,
}

#[derive(Debug, PartialEq, Eq)]
pub enum RefreshOutcome {
    /// The token was current: here is the session it belongs to and its successor.
    Rotated {
        session_id: Uuid,
        user_id: UserId,
        refresh_token: String,
    },
    /// The token had already been used: someone holds a stolen copy, so the session
    /// (every token descended from the same sign-in) is now revoked.
    ReuseDetected,
    /// Unknown, expired, or its session was revoked.
    Invalid,
}

/// The tenant a refresh token belongs to, read from the token itself.
pub fn tenant_of(refresh_token: &str) -> Option<TenantId> {
    bearer_secret::tenant_of(TOKEN_PREFIX, refresh_token)
}

fn new_token(tenant: TenantId) -> String {
    bearer_secret::generate(TOKEN_PREFIX, tenant)
}

pub async fn create(
    tx: &mut TenantTx,
    user: UserId,
    client: &ClientInfo,
) -> Result<NewSession, sqlx::Error> {
    let id = Uuid::now_v7();
    sqlx::query(
        "insert into sessions (tenant_id, id, user_id, expires_at, ip, user_agent) values ($1, $2, $3, $4, $5, $6)",
    )
    .bind(tx.tenant_id().as_uuid())
    .bind(id)
    .bind(user.as_uuid())
    .bind(Utc::now() + SESSION_LIFETIME)
    .bind(&client.ip)
    .bind(&client.user_agent)
    .execute(tx.conn())
    .await?;
    let refresh_token = issue_token(tx, id).await?;
    Ok(NewSession { id, refresh_token })
}

async fn issue_token(tx: &mut TenantTx, session: Uuid) -> Result<String, sqlx::Error> {
    let token = new_token(tx.tenant_id());
    sqlx::query(
        "insert into refresh_tokens (tenant_id, token_hash, session_id) values ($1, $2, $3)",
    )
    .bind(tx.tenant_id().as_uuid())
    .bind(token_hash(&token))
    .bind(session)
    .execute(tx.conn())
    .await?;
    Ok(token)
}

/// Spends a refresh token. The token row is locked, so two concurrent refreshes with
/// the same token cannot both succeed: the second sees it used and revokes the family.
pub async fn rotate(tx: &mut TenantTx, presented: &str) -> Result<RefreshOutcome, sqlx::Error> {
    let row: Option<(Uuid, Option<DateTime<Utc>>, Uuid, bool)> = sqlx::query_as(
        "select r.session_id, r.used_at, s.user_id, (s.revoked_at is null and s.expires_at > now())
           from refresh_tokens r
           join sessions s on s.tenant_id = r.tenant_id and s.id = r.session_id
          where r.tenant_id = $1 and r.token_hash = $2
          for update of r",
    )
    .bind(tx.tenant_id().as_uuid())
    .bind(token_hash(presented))
    .fetch_optional(tx.conn())
    .await?;
    let Some((session_id, used_at, user_id, session_live)) = row else {
        return Ok(RefreshOutcome::Invalid);
    };
    if used_at.is_some() {
        revoke(tx, session_id, "refresh token reused").await?;
        return Ok(RefreshOutcome::ReuseDetected);
    }
    if !session_live {
        return Ok(RefreshOutcome::Invalid);
    }
    sqlx::query(
        "update refresh_tokens set used_at = now() where tenant_id = $1 and token_hash = $2",
    )
    .bind(tx.tenant_id().as_uuid())
    .bind(token_hash(presented))
    .execute(tx.conn())
    .await?;
    sqlx::query("update sessions set last_used_at = now(), expires_at = $3 where tenant_id = $1 and id = $2")
        .bind(tx.tenant_id().as_uuid())
        .bind(session_id)
        .bind(Utc::now() + SESSION_LIFETIME)
        .execute(tx.conn())
        .await?;
    let refresh_token = issue_token(tx, session_id).await?;
    Ok(RefreshOutcome::Rotated {
        session_id,
        user_id: UserId::from_uuid(user_id),
        refresh_token,
    })
}

/// Revokes one session; true when it was live.
pub async fn revoke(tx: &mut TenantTx, session: Uuid, reason: &str) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "update sessions set revoked_at = now(), revoked_reason = $3
          where tenant_id = $1 and id = $2 and revoked_at is null",
    )
    .bind(tx.tenant_id().as_uuid())
    .bind(session)
    .bind(reason)
    .execute(tx.conn())
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Revokes every live session of a user, e.g. when the user is deactivated.
pub async fn revoke_all_for_user(
    tx: &mut TenantTx,
    user: UserId,
    reason: &str,
) -> Result<u64, sqlx::Error> {
    let done = sqlx::query(
        "update sessions set revoked_at = now(), revoked_reason = $3
          where tenant_id = $1 and user_id = $2 and revoked_at is null",
    )
    .bind(tx.tenant_id().as_uuid())
    .bind(user.as_uuid())
    .bind(reason)
    .execute(tx.conn())
    .await?;
    Ok(done.rows_affected())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refresh_tokens_name_their_tenant_and_no_other_kind_does() {
        let tenant = TenantId::new();
        let token = new_token(tenant);
        assert!(token.starts_with("bdr."));
        assert_eq!(tenant_of(&token), Some(tenant));
        let other_kind = token.replacen("bdr.", "bdi.", 1);
        assert_eq!(tenant_of(&other_kind), None);
    }
}
