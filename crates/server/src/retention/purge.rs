//! What each policy purges, as SQL: one query per record finds the ids a purge of a
//! kind would delete now (holds excluded), so the dry run counts exactly the rows the
//! purge then deletes. Every query runs in the tenant's transaction and names the tenant.

use brokerdesk_core::ids::LeadId;
use brokerdesk_core::retention::{LeadPurgeRule, PurgeCount, PurgedRecord, RetentionKind};
use chrono::{DateTime, NaiveDate, Utc};
use uuid::Uuid;

use crate::db::TenantTx;
use crate::error::ApiError;
use crate::{commissions, leads};

/// Records not under a lead hold: `{lead}` is the column naming the lead.
const NO_LEAD_HOLD: &str = "not exists (select 1 from legal_holds h
    where h.tenant_id = $1 and h.subject = 'lead' and h.subject_id = {lead})";

/// Closed or lost leads whose last contact (their last change, their last activity,
/// the last consent captured) is before $2, with the consent rule of core's
/// `LeadPurgeRule` as `{consent}`: $3 is the day before which a lead's consent records
/// may go.
const OLD_CLOSED_LEADS: &str = "select l.id from leads l
    cross join lateral (
        select greatest(l.updated_at, l.last_activity_at, max(ce.captured_at)) as last_contact,
               count(ce.id) > 0 as has_consent
          from consent_entries ce where ce.tenant_id = $1 and ce.lead_id = l.id) c
    where l.tenant_id = $1 and l.stage in ('closed', 'lost') and c.last_contact < $2
      and {hold} and {consent}";
/// The rule's two outcomes: purged, or kept for the consent records.
const CONSENT_ALLOWS: &str = "(not c.has_consent or c.last_contact < $3)";
const CONSENT_KEEPS: &str = "(c.has_consent and c.last_contact >= $3)";

/// The ids of one record a purge finds.
pub struct Found {
    pub record: PurgedRecord,
    pub ids: Vec<Uuid>,
}

impl Found {
    pub fn count(&self) -> PurgeCount {
        PurgeCount {
            record: self.record,
            count: self.ids.len() as u64,
        }
    }
}

async fn ids(tx: &mut TenantTx, sql: &str, cutoff: DateTime<Utc>) -> Result<Vec<Uuid>, ApiError> {
    Ok(sqlx::query_scalar(sql)
        .bind(tx.tenant_id().as_uuid())
        .bind(cutoff)
        .fetch_all(tx.conn())
        .await?)
}

async fn leads(
    tx: &mut TenantTx,
    rule: &LeadPurgeRule,
    keeps: bool,
) -> Result<Vec<Uuid>, ApiError> {
    let sql = OLD_CLOSED_LEADS
        .replace("{hold}", &NO_LEAD_HOLD.replace("{lead}", "l.id"))
        .replace(
            "{consent}",
            if keeps { CONSENT_KEEPS } else { CONSENT_ALLOWS },
        );
    Ok(sqlx::query_scalar(&sql)
        .bind(tx.tenant_id().as_uuid())
        .bind(rule.inactive_before)
        .bind(rule.consent_kept_until)
        .fetch_all(tx.conn())
        .await?)
}

/// The closed or lost leads old enough for the policy that their consent records keep.
pub async fn kept_for_consent(
    tx: &mut TenantTx,
    months: u32,
    now: DateTime<Utc>,
) -> Result<u64, ApiError> {
    let rule = LeadPurgeRule::new(months, now);
    Ok(leads(tx, &rule, true).await?.len() as u64)
}

/// What a purge of `kind` under a policy of `months` deletes at `now`, record by record.
pub async fn find(
    tx: &mut TenantTx,
    kind: RetentionKind,
    months: u32,
    now: DateTime<Utc>,
) -> Result<Vec<Found>, ApiError> {
    let cutoff = RetentionKind::cutoff(months, now);
    let mut found = Vec::new();
    for &record in kind.records() {
        let ids = match record {
            PurgedRecord::Conversation | PurgedRecord::Call => {
                let table = if record == PurgedRecord::Call {
                    "call_records"
                } else {
                    "conversations"
                };
                let hold = NO_LEAD_HOLD.replace("{lead}", "r.lead_id");
                let sql = format!(
                    "select r.id from {table} r where r.tenant_id = $1 and r.started_at < $2 and {hold}"
                );
                ids(tx, &sql, cutoff).await?
            }
            PurgedRecord::Lead => leads(tx, &LeadPurgeRule::new(months, now), false).await?,
            PurgedRecord::Invitation => {
                let sql = "select id from invitations
                    where tenant_id = $1 and (accepted_at < $2 or revoked_at < $2)";
                ids(tx, sql, cutoff).await?
            }
            PurgedRecord::Mail => {
                let sql = "select id from mail_outbox where tenant_id = $1 and created_at < $2";
                ids(tx, sql, cutoff).await?
            }
            PurgedRecord::Transaction => closed_deals(tx, cutoff.date_naive()).await?,
            PurgedRecord::KbVersion => {
                // Versions the chatbot no longer answers from: not an item's live
                // version, and with no chunk left pointing at them.
                let sql = "select v.id from kb_versions v
                    where v.tenant_id = $1 and v.published_at < $2
                      and not exists (select 1 from kb_items i
                          where i.tenant_id = $1 and i.live_version = v.id)
                      and not exists (select 1 from kb_chunks c
                          where c.tenant_id = $1 and c.version_id = v.id)";
                ids(tx, sql, cutoff).await?
            }
            PurgedRecord::PrivacyRequest => {
                unreachable!("privacy requests go by a fixed rule, not a policy")
            }
        };
        found.push(Found { record, ids });
    }
    Ok(found)
}

async fn closed_deals(tx: &mut TenantTx, closed_before: NaiveDate) -> Result<Vec<Uuid>, ApiError> {
    Ok(sqlx::query_scalar(
        "select t.id from transactions t
          where t.tenant_id = $1 and t.closing_date < $2
            and not exists (select 1 from legal_holds h
                where h.tenant_id = $1 and h.subject = 'transaction' and h.subject_id = t.id)",
    )
    .bind(tx.tenant_id().as_uuid())
    .bind(closed_before)
    .fetch_all(tx.conn())
    .await?)
}

/// Closed privacy requests past the register's 24 months (a fixed rule).
pub async fn find_privacy_requests(
    tx: &mut TenantTx,
    closed_before: NaiveDate,
) -> Result<Found, ApiError> {
    let ids = sqlx::query_scalar(
        "select id from privacy_requests where tenant_id = $1 and closed_on < $2",
    )
    .bind(tx.tenant_id().as_uuid())
    .bind(closed_before)
    .fetch_all(tx.conn())
    .await?;
    Ok(Found {
        record: PurgedRecord::PrivacyRequest,
        ids,
    })
}

/// The table a record lives in and the sync entity devices know it by.
fn stored_as(record: PurgedRecord) -> (&'static str, Option<&'static str>) {
    match record {
        PurgedRecord::Conversation => ("conversations", Some("conversation")),
        PurgedRecord::Call => ("call_records", Some("call")),
        PurgedRecord::Lead => ("leads", Some("lead")),
        PurgedRecord::Invitation => ("invitations", Some("invitation")),
        PurgedRecord::Mail => ("mail_outbox", None),
        PurgedRecord::Transaction => ("transactions", Some("transaction")),
        PurgedRecord::KbVersion => ("kb_versions", Some("kb_version")),
        PurgedRecord::PrivacyRequest => ("privacy_requests", Some("privacy_request")),
    }
}

/// Deletes what `found` names, leaving a tombstone at `version` for every synced row
/// and for the conflicts that quoted one, so every device's cache drops them.
pub async fn delete(tx: &mut TenantTx, found: &Found, version: i64) -> Result<(), ApiError> {
    if found.ids.is_empty() {
        return Ok(());
    }
    if found.record == PurgedRecord::Lead {
        // A lead goes with its consent ledger, conversations and calls, as an erasure.
        for &id in &found.ids {
            leads::erase_records(tx, LeadId::from_uuid(id), version).await?;
        }
        return Ok(());
    }
    if found.record == PurgedRecord::Transaction {
        // A deal's split overrides point at it: they go with it, tombstoned.
        commissions::overrides::delete_for_transactions(tx, &found.ids, version).await?;
    }
    let (table, entity) = stored_as(found.record);
    let tenant = tx.tenant_id().as_uuid();
    sqlx::query(&format!(
        "delete from {table} where tenant_id = $1 and id = any($2)"
    ))
    .bind(tenant)
    .bind(found.ids.as_slice())
    .execute(tx.conn())
    .await?;
    let Some(entity) = entity else {
        return Ok(());
    };
    for &id in &found.ids {
        tx.record_tombstone(entity, id, version).await?;
    }
    let conflicts: Vec<Uuid> = sqlx::query_scalar(
        "delete from sync_conflicts where tenant_id = $1 and entity = $2 and entity_id = any($3)
         returning id",
    )
    .bind(tenant)
    .bind(entity)
    .bind(found.ids.as_slice())
    .fetch_all(tx.conn())
    .await?;
    for id in conflicts {
        tx.record_tombstone("conflict", id, version).await?;
    }
    Ok(())
}
