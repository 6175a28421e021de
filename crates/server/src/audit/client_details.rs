//! The side tables that hold an audit entry's IP address and user agent, with the salt
//! its hash's digest was taken with, for as long as core's `CLIENT_DETAILS_KEPT_DAYS`
//! allows. Deleting a row here changes nothing the chain covers, so the trail keeps
//! verifying; and once the salt is gone, the digest cannot be tested against guesses.

use brokerdesk_core::audit::{AuditEntry, CLIENT_DETAILS_KEPT_DAYS, ClientSalt};
use brokerdesk_core::ids::TenantId;
use chrono::{DateTime, Duration, Utc};
use sqlx::PgConnection;

use crate::db::{PlatformTx, TenantTx};

/// Files `entry`'s client details, if it has any, beside the entry just inserted: in the
/// tenant's table, or the platform's when `tenant` is `None`.
pub(super) async fn store(
    conn: &mut PgConnection,
    tenant: Option<TenantId>,
    entry: &AuditEntry,
    salt: &ClientSalt,
) -> Result<(), sqlx::Error> {
    if entry.ip.is_none() && entry.user_agent.is_none() {
        return Ok(());
    }
    let query = match tenant {
        Some(_) => {
            "insert into audit_client_details (tenant_id, seq, ip, user_agent, salt, recorded_at) \
             values ($1, $2, $3, $4, $5, $6)"
        }
        None => {
            "insert into platform_audit_client_details (seq, ip, user_agent, salt, recorded_at) \
             values ($2, $3, $4, $5, $6)"
        }
    };
    sqlx::query(query)
        .bind(tenant.map(|tenant| tenant.as_uuid()))
        .bind(entry.seq)
        .bind(entry.ip.as_deref())
        .bind(entry.user_agent.as_deref())
        .bind(salt.0.as_slice())
        .bind(entry.occurred_at)
        .execute(conn)
        .await?;
    Ok(())
}

/// The instant before which client details are no longer kept.
fn cutoff(now: DateTime<Utc>) -> DateTime<Utc> {
    now - Duration::days(CLIENT_DETAILS_KEPT_DAYS)
}

/// Deletes the tenant's client details older than the keeping period; returns how many
/// entries lost theirs.
pub async fn expire_client_details(
    tx: &mut TenantTx,
    now: DateTime<Utc>,
) -> Result<u64, sqlx::Error> {
    let tenant = tx.tenant_id();
    let done =
        sqlx::query("delete from audit_client_details where tenant_id = $1 and recorded_at < $2")
            .bind(tenant.as_uuid())
            .bind(cutoff(now))
            .execute(tx.conn())
            .await?;
    Ok(done.rows_affected())
}

/// The same for the platform staff trail.
pub async fn expire_platform_client_details(
    tx: &mut PlatformTx,
    now: DateTime<Utc>,
) -> Result<u64, sqlx::Error> {
    let done = sqlx::query("delete from platform_audit_client_details where recorded_at < $1")
        .bind(cutoff(now))
        .execute(tx.conn())
        .await?;
    Ok(done.rows_affected())
}
