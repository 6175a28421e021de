//! Storing the audit trails: each tenant's hash chain (`audit_entries`) and the platform
//! staff chain (`platform_audit_entries`). Hashing and verification are core's
//! (`AuditEvent::seal`, `verify_chain`). This module seals each event against the real
//! chain head, which means one appender per chain at a time, and stores exactly what was
//! sealed.
//!
//! Entries are written in the caller's transaction, so an entry commits or rolls back
//! with the action it records, and a rollback leaves no gap in `seq`.
//!
//! The platform chain reuses the tenant types and hashing. Its entries carry
//! [`platform_chain_id`], the nil UUID, as their `tenant_id`. No real tenant can have it
//! (tenant ids are UUIDv7), and the hash covers it, so a platform entry never verifies as
//! part of a tenant's chain, or the other way round.

mod client_details;
pub mod http;
pub mod sync;

use brokerdesk_core::audit::{
    ActorKind, AuditActor, AuditEntry, AuditEvent, ChainLink, ClientSalt,
};
use brokerdesk_core::ids::TenantId;
use chrono::{DateTime, Utc};
use serde_json::Value;
use sqlx::postgres::PgArguments;
use sqlx::query::Query;
use sqlx::types::Json;
use sqlx::{FromRow, PgConnection, Postgres};
use uuid::Uuid;

use crate::db::{PlatformTx, TenantTx};

pub use client_details::{expire_client_details, expire_platform_client_details};

/// Where a platform entry names the tenant it was about. The indexed
/// `platform_audit_entries.subject_tenant_id` column is generated from this key, so the
/// hash covers it and the two can never disagree.
pub const SUBJECT_TENANT_KEY: &str = "subject_tenant_id";

/// The key of the lock that queues appenders to the platform chain. Advisory locks are
/// shared by the whole database, so the key is distinctive: "bdaudit" in ASCII.
const PLATFORM_APPEND_LOCK: i64 = 0x0062_6461_7564_6974;

/// The `tenant_id` that platform entries are sealed and verified under.
pub fn platform_chain_id() -> TenantId {
    TenantId::from_uuid(Uuid::nil())
}

// The stored columns of an entry, in the order `bind_entry` binds them.
macro_rules! entry_columns {
    () => {
        "seq, occurred_at, actor_kind, actor_id, actor_display, action, target, ip, \
         user_agent, client_digest, reason, support_ticket, details, prev_hash, hash"
    };
}

// The same columns read back as `e`, with the client details `d` while they are kept:
// an entry sealed with a digest has none of its own (see `client_details`).
macro_rules! read_columns {
    () => {
        "e.seq, e.occurred_at, e.actor_kind, e.actor_id, e.actor_display, e.action, \
         e.target, coalesce(e.ip, d.ip) as ip, coalesce(e.user_agent, d.user_agent) as user_agent, \
         e.client_digest, e.reason, e.support_ticket, e.details, e.prev_hash, e.hash"
    };
}

/// Appends `event` to its tenant's chain and returns the entry as stored.
///
/// `event.tenant_id` must be the transaction's tenant. A mismatch is a bug in the caller,
/// so it is an error (and the caller's action fails with it). Quietly filing the event
/// under the transaction's tenant would hide that bug.
pub async fn append(tx: &mut TenantTx, event: AuditEvent) -> Result<AuditEntry, sqlx::Error> {
    let tenant_id = tx.tenant_id();
    if event.tenant_id != tenant_id {
        return Err(sqlx::Error::InvalidArgument(format!(
            "an audit event for tenant {} cannot be appended in tenant {tenant_id}'s transaction",
            event.tenant_id
        )));
    }
    // The entry syncs like any other row, so it takes the transaction's version. Taking
    // it locks the tenant's clock row until commit, which also keeps a second appender
    // from sealing against the same head. If one got past it anyway, the primary key
    // would reject it.
    let version = tx.next_version().await?;
    // Read the head in a separate statement, after the lock. Under READ COMMITTED each
    // statement sees what had committed when it started, so this one sees the entry of
    // whoever held the lock before us.
    let head: Option<(i64, String)> = sqlx::query_as(
        "select seq, hash from audit_entries where tenant_id = $1 order by seq desc limit 1",
    )
    .bind(tenant_id.as_uuid())
    .fetch_optional(tx.conn())
    .await?;
    let salt = ClientSalt(rand::random());
    let entry = seal(tx.conn(), event, head, &salt).await?;
    bind_entry(
        sqlx::query(concat!(
            "insert into audit_entries (",
            entry_columns!(),
            ", tenant_id, version) values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)"
        )),
        &entry,
    )
    .bind(tenant_id.as_uuid())
    .bind(version)
    .execute(tx.conn())
    .await?;
    client_details::store(tx.conn(), Some(tenant_id), &entry, &salt).await?;
    Ok(entry)
}

/// Up to `limit` of the tenant's entries after `after_seq`, in chain order. Pass 0 to
/// start from the first entry, and the last entry's seq to get the next page.
pub async fn page(
    tx: &mut TenantTx,
    after_seq: i64,
    limit: i64,
) -> Result<Vec<AuditEntry>, sqlx::Error> {
    let rows: Vec<EntryRow> = sqlx::query_as(concat!(
        "select e.tenant_id, ",
        read_columns!(),
        " from audit_entries e left join audit_client_details d using (tenant_id, seq) \
         where e.tenant_id = $1 and e.seq > $2 order by e.seq limit $3"
    ))
    .bind(tx.tenant_id().as_uuid())
    .bind(after_seq)
    .bind(limit)
    .fetch_all(tx.conn())
    .await?;
    rows.into_iter().map(EntryRow::into_entry).collect()
}

/// The tenant's entries with these sequence numbers, for sync.
pub async fn by_seqs(tx: &mut TenantTx, seqs: &[i64]) -> Result<Vec<AuditEntry>, sqlx::Error> {
    let rows: Vec<EntryRow> = sqlx::query_as(concat!(
        "select e.tenant_id, ",
        read_columns!(),
        " from audit_entries e left join audit_client_details d using (tenant_id, seq) \
         where e.tenant_id = $1 and e.seq = any($2)"
    ))
    .bind(tx.tenant_id().as_uuid())
    .bind(seqs)
    .fetch_all(tx.conn())
    .await?;
    rows.into_iter().map(EntryRow::into_entry).collect()
}

/// Appends a staff action to the platform chain and returns the entry as stored.
///
/// `event.tenant_id` must be [`platform_chain_id`]. A tenant the action was about goes
/// in `details` under [`SUBJECT_TENANT_KEY`], as a UUID string.
pub async fn append_platform(
    tx: &mut PlatformTx,
    event: AuditEvent,
) -> Result<AuditEntry, sqlx::Error> {
    if event.tenant_id != platform_chain_id() {
        return Err(sqlx::Error::InvalidArgument(format!(
            "a platform audit event must carry the platform chain id, not tenant {}",
            event.tenant_id
        )));
    }
    // There is no row to lock for the platform chain, so appenders queue on an advisory
    // lock instead. Like a row lock, it is held until the transaction ends.
    sqlx::query("select pg_advisory_xact_lock($1)")
        .bind(PLATFORM_APPEND_LOCK)
        .execute(tx.conn())
        .await?;
    // A separate statement after the lock, for the same reason as in `append`.
    let head: Option<(i64, String)> =
        sqlx::query_as("select seq, hash from platform_audit_entries order by seq desc limit 1")
            .fetch_optional(tx.conn())
            .await?;
    let salt = ClientSalt(rand::random());
    let entry = seal(tx.conn(), event, head, &salt).await?;
    bind_entry(
        sqlx::query(concat!(
            "insert into platform_audit_entries (",
            entry_columns!(),
            ") values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)"
        )),
        &entry,
    )
    .execute(tx.conn())
    .await?;
    client_details::store(tx.conn(), None, &entry, &salt).await?;
    Ok(entry)
}

/// Up to `limit` platform entries after `after_seq`, in chain order.
pub async fn platform_page(
    tx: &mut PlatformTx,
    after_seq: i64,
    limit: i64,
) -> Result<Vec<AuditEntry>, sqlx::Error> {
    let rows: Vec<EntryRow> = sqlx::query_as(concat!(
        "select $1::uuid as tenant_id, ",
        read_columns!(),
        " from platform_audit_entries e left join platform_audit_client_details d using (seq) \
         where e.seq > $2 order by e.seq limit $3"
    ))
    .bind(platform_chain_id().as_uuid())
    .bind(after_seq)
    .bind(limit)
    .fetch_all(tx.conn())
    .await?;
    rows.into_iter().map(EntryRow::into_entry).collect()
}

/// Seals `event` as the entry after `head` (none: the chain is empty).
async fn seal(
    conn: &mut PgConnection,
    mut event: AuditEvent,
    head: Option<(i64, String)>,
    salt: &ClientSalt,
) -> Result<AuditEntry, sqlx::Error> {
    // jsonb does not keep JSON text as written: the float 1e16, for example, comes back as
    // the integer 10000000000000000. The details are sealed in the form PostgreSQL will
    // return them in, or a stored entry would fail verification after a round trip.
    let Json(details): Json<Value> = sqlx::query_scalar("select $1::jsonb")
        .bind(Json(&event.details))
        .fetch_one(&mut *conn)
        .await?;
    event.details = details;
    let previous = match head {
        Some((seq, hash)) => ChainLink { seq, hash },
        None => ChainLink::genesis(),
    };
    Ok(event.seal(&previous, salt))
}

/// Binds the columns of `entry_columns!()` as $1 to $15. An entry sealed with a digest
/// keeps its client details out of the permanent row (`client_details::store` files them).
fn bind_entry<'q>(
    query: Query<'q, Postgres, PgArguments>,
    entry: &'q AuditEntry,
) -> Query<'q, Postgres, PgArguments> {
    query
        .bind(entry.seq)
        .bind(entry.occurred_at)
        .bind(actor_kind_text(entry.actor.kind))
        .bind(entry.actor.id.as_deref())
        .bind(entry.actor.display.as_str())
        .bind(entry.action.as_str())
        .bind(entry.target.as_deref())
        .bind(permanent(entry, &entry.ip))
        .bind(permanent(entry, &entry.user_agent))
        .bind(entry.client_digest.as_deref())
        .bind(entry.reason.as_deref())
        .bind(entry.support_ticket.as_deref())
        .bind(Json(&entry.details))
        .bind(entry.prev_hash.as_str())
        .bind(entry.hash.as_str())
}

/// A client detail as the permanent row keeps it: itself for an entry whose hash covers
/// it (sealed before digests), nothing for one whose hash covers only the digest.
fn permanent<'e>(entry: &AuditEntry, detail: &'e Option<String>) -> Option<&'e str> {
    match entry.client_digest {
        Some(_) => None,
        None => detail.as_deref(),
    }
}

#[derive(FromRow)]
struct EntryRow {
    tenant_id: Uuid,
    seq: i64,
    occurred_at: DateTime<Utc>,
    actor_kind: String,
    actor_id: Option<String>,
    actor_display: String,
    action: String,
    target: Option<String>,
    ip: Option<String>,
    user_agent: Option<String>,
    client_digest: Option<String>,
    reason: Option<String>,
    support_ticket: Option<String>,
    details: Json<Value>,
    prev_hash: String,
    hash: String,
}

impl EntryRow {
    fn into_entry(self) -> Result<AuditEntry, sqlx::Error> {
        Ok(AuditEntry {
            seq: self.seq,
            tenant_id: TenantId::from_uuid(self.tenant_id),
            occurred_at: self.occurred_at,
            actor: AuditActor {
                kind: actor_kind_from_text(&self.actor_kind)?,
                id: self.actor_id,
                display: self.actor_display,
            },
            action: self.action,
            target: self.target,
            ip: self.ip,
            user_agent: self.user_agent,
            client_digest: self.client_digest,
            reason: self.reason,
            support_ticket: self.support_ticket,
            details: self.details.0,
            prev_hash: self.prev_hash,
            hash: self.hash,
        })
    }
}

// The same names as ActorKind's serde form, which is what the hash covers, and as the
// tables' CHECK constraints.
fn actor_kind_text(kind: ActorKind) -> &'static str {
    match kind {
        ActorKind::User => "user",
        ActorKind::Staff => "staff",
        ActorKind::ApiKey => "api_key",
        ActorKind::System => "system",
    }
}

fn actor_kind_from_text(text: &str) -> Result<ActorKind, sqlx::Error> {
    Ok(match text {
        "user" => ActorKind::User,
        "staff" => ActorKind::Staff,
        "api_key" => ActorKind::ApiKey,
        "system" => ActorKind::System,
        other => {
            return Err(sqlx::Error::ColumnDecode {
                index: "actor_kind".into(),
                source: format!("unknown actor kind {other:?}").into(),
            });
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actor_kinds_are_stored_under_their_serde_names() {
        for kind in [
            ActorKind::User,
            ActorKind::Staff,
            ActorKind::ApiKey,
            ActorKind::System,
        ] {
            let text = actor_kind_text(kind);
            assert_eq!(serde_json::to_value(kind).unwrap(), text);
            assert_eq!(actor_kind_from_text(text).unwrap(), kind);
        }
        assert!(actor_kind_from_text("robot").is_err());
    }
}
