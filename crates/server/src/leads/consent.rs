//! The consent ledger and the do-not-call list, and the call check that reads them.
//! Ledger entries are only ever added (the table refuses changes); a revocation is an
//! entry of its own.

use brokerdesk_core::ids::LeadId;
use brokerdesk_core::leads::consent::{
    CallDecision, CallKind, CallingRules, ConsentEntry, ConsentEvidence, DncEntry, NewConsent,
    NewDncEntry,
};
use brokerdesk_core::sync::SyncEntity;
use chrono::{DateTime, Utc};
use serde_json::json;
use uuid::Uuid;

use super::actor::LeadActor;
use crate::db::TenantTx;
use crate::error::ApiError;
use crate::error::parse_stored_enum;
use crate::settings::load_settings;

type ConsentRow = (
    Uuid,
    Uuid,
    String,
    String,
    bool,
    String,
    String,
    DateTime<Utc>,
    Option<String>,
    Option<String>,
    Option<String>,
    String,
    DateTime<Utc>,
    i64,
);

const CONSENT_COLUMNS: &str = "id, lead_id, channel, action, written, covers, consent_text, \
     captured_at, captured_where, evidence_ip, evidence_user_agent, recorded_by, recorded_at, version";

fn entry(row: ConsentRow) -> Result<ConsentEntry, ApiError> {
    let (
        id,
        lead,
        channel,
        action,
        written,
        covers,
        text,
        captured_at,
        captured_where,
        ip,
        agent,
        by,
        at,
        version,
    ) = row;
    Ok(ConsentEntry {
        id,
        lead_id: LeadId::from_uuid(lead),
        channel: parse_stored_enum(channel)?,
        action: parse_stored_enum(action)?,
        written,
        covers,
        text,
        captured_at,
        captured_where,
        evidence: ConsentEvidence {
            ip,
            user_agent: agent,
        },
        recorded_by: by,
        recorded_at: at,
        version,
    })
}

/// Adds entries to a lead's ledger. The caller has checked it may write the lead.
pub async fn record(
    auth: &mut impl LeadActor,
    lead: LeadId,
    consents: Vec<NewConsent>,
) -> Result<Vec<ConsentEntry>, ApiError> {
    let with_ids = consents.into_iter().map(|c| (Uuid::now_v7(), c)).collect();
    record_with_ids(auth, lead, with_ids).await
}

/// Adds entries with ids the caller chose (a device makes its own offline). An id that
/// is taken is refused: entries are never rewritten.
pub async fn record_with_ids(
    auth: &mut impl LeadActor,
    lead: LeadId,
    consents: Vec<(Uuid, NewConsent)>,
) -> Result<Vec<ConsentEntry>, ApiError> {
    let now = Utc::now();
    let consents: Vec<(Uuid, NewConsent)> = consents
        .into_iter()
        .map(|(id, c)| Ok((id, c.normalised(now)?)))
        .collect::<Result<_, ApiError>>()?;
    if consents.is_empty() {
        return Ok(Vec::new());
    }
    let version = auth.tx().next_version().await?;
    let recorded_by = auth.label();
    let mut entries = Vec::with_capacity(consents.len());
    for (id, consent) in consents {
        let row: Option<ConsentRow> = sqlx::query_as(&format!(
            "insert into consent_entries (tenant_id, id, lead_id, channel, action, written, covers,
                 consent_text, captured_at, captured_where, evidence_ip, evidence_user_agent,
                 recorded_by, version)
             values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
             on conflict (tenant_id, id) do nothing
             returning {CONSENT_COLUMNS}"
        ))
        .bind(auth.tx().tenant_id().as_uuid())
        .bind(id)
        .bind(lead.as_uuid())
        .bind(consent.channel.as_str())
        .bind(consent.action.as_str())
        .bind(consent.written)
        .bind(&consent.covers)
        .bind(&consent.text)
        .bind(consent.captured_at.unwrap_or(now))
        .bind(&consent.captured_where)
        .bind(&consent.evidence.ip)
        .bind(&consent.evidence.user_agent)
        .bind(&recorded_by)
        .bind(version)
        .fetch_optional(auth.tx().conn())
        .await?;
        let entry =
            entry(
                row.ok_or_else(|| ApiError::Conflict {
                    code: "consent_exists",
                    message:
                        "A consent entry with this id already exists; entries are never changed."
                            .into(),
                })?,
            )?;
        // The channel and action, never the number or the words: the trail keeps no
        // personal data a lead's erasure would have to reach.
        auth.audit(
            "consent.recorded",
            Some(lead.to_string()),
            json!({ "entry": entry.id, "channel": entry.channel, "action": entry.action, "written": entry.written }),
        )
        .await?;
        entries.push(entry);
    }
    Ok(entries)
}

/// Ledger entries by id, or of one lead when `lead` is given, oldest first.
pub async fn entries(
    tx: &mut TenantTx,
    lead: Option<LeadId>,
    ids: &[Uuid],
) -> Result<Vec<ConsentEntry>, ApiError> {
    let rows: Vec<ConsentRow> = sqlx::query_as(&format!(
        "select {CONSENT_COLUMNS} from consent_entries
          where tenant_id = $1 and (lead_id = $2 or id = any($3)) order by captured_at, recorded_at, id"
    ))
    .bind(tx.tenant_id().as_uuid())
    .bind(lead.map(|l| l.as_uuid()))
    .bind(ids)
    .fetch_all(tx.conn())
    .await?;
    rows.into_iter().map(entry).collect()
}

type DncRow = (Uuid, String, Option<String>, String, DateTime<Utc>, i64);

fn dnc_entry((id, phone, reason, added_by, added_at, version): DncRow) -> DncEntry {
    DncEntry {
        id,
        phone,
        reason,
        added_by,
        added_at,
        version,
    }
}

/// The do-not-call list, by number, or the entries with these ids.
pub async fn dnc_list(tx: &mut TenantTx, ids: Option<&[Uuid]>) -> Result<Vec<DncEntry>, ApiError> {
    let rows: Vec<DncRow> = sqlx::query_as(
        "select id, phone, reason, added_by, added_at, version from dnc_numbers
          where tenant_id = $1 and ($2::uuid[] is null or id = any($2)) order by phone",
    )
    .bind(tx.tenant_id().as_uuid())
    .bind(ids)
    .fetch_all(tx.conn())
    .await?;
    Ok(rows.into_iter().map(dnc_entry).collect())
}

/// Puts a number on the list; a number already there keeps its first entry.
pub async fn dnc_add(auth: &mut impl LeadActor, new: NewDncEntry) -> Result<DncEntry, ApiError> {
    Ok(dnc_add_with_id(auth, Uuid::now_v7(), new).await?.0)
}

/// Puts a number on the list under `id` (the caller's choice: a device makes its own
/// offline). A number already there keeps its first entry, which is returned with
/// `false`.
pub async fn dnc_add_with_id(
    auth: &mut impl LeadActor,
    id: Uuid,
    new: NewDncEntry,
) -> Result<(DncEntry, bool), ApiError> {
    let new = new.normalised()?;
    let version = auth.tx().next_version().await?;
    let inserted: Option<DncRow> = sqlx::query_as(
        "insert into dnc_numbers (tenant_id, id, phone, reason, added_by, version)
         values ($1, $2, $3, $4, $5, $6) on conflict do nothing
         returning id, phone, reason, added_by, added_at, version",
    )
    .bind(auth.tx().tenant_id().as_uuid())
    .bind(id)
    .bind(&new.phone)
    .bind(&new.reason)
    .bind(auth.label())
    .bind(version)
    .fetch_optional(auth.tx().conn())
    .await?;
    let Some(row) = inserted else {
        let existing: Option<DncRow> = sqlx::query_as(
            "select id, phone, reason, added_by, added_at, version from dnc_numbers
              where tenant_id = $1 and phone = $2",
        )
        .bind(auth.tx().tenant_id().as_uuid())
        .bind(&new.phone)
        .fetch_optional(auth.tx().conn())
        .await?;
        // Not the number, so the id: taken by another number's entry.
        return match existing {
            Some(existing) => Ok((dnc_entry(existing), false)),
            None => Err(ApiError::Conflict {
                code: "dnc_exists",
                message: "A do-not-call entry with this id already exists.".into(),
            }),
        };
    };
    let entry = dnc_entry(row);
    auth.audit("dnc.added", Some(entry.id.to_string()), json!({}))
        .await?;
    Ok((entry, true))
}

/// Takes a number off the list; false when there was no such entry.
pub async fn dnc_remove(auth: &mut impl LeadActor, id: Uuid) -> Result<bool, ApiError> {
    let version = auth.tx().next_version().await?;
    let removed = sqlx::query("delete from dnc_numbers where tenant_id = $1 and id = $2")
        .bind(auth.tx().tenant_id().as_uuid())
        .bind(id)
        .execute(auth.tx().conn())
        .await?;
    if removed.rows_affected() == 1 {
        auth.tx()
            .record_tombstone(SyncEntity::DncEntry.as_str(), id, version)
            .await?;
        auth.audit("dnc.removed", Some(id.to_string()), json!({}))
            .await?;
    }
    Ok(removed.rows_affected() == 1)
}

/// "May we call this lead on this number now?", from the ledger, the list and the
/// tenant's settings. The caller has checked it may read the lead.
pub async fn call_check(
    tx: &mut TenantTx,
    lead: &brokerdesk_core::leads::Lead,
    number: &str,
    kind: CallKind,
) -> Result<CallDecision, ApiError> {
    let settings = load_settings(tx).await?;
    let ledger = entries(tx, Some(lead.id), &[]).await?;
    let dnc: Vec<String> = dnc_list(tx, None)
        .await?
        .into_iter()
        .map(|d| d.phone)
        .collect();
    let rules = CallingRules {
        settings: &settings,
    };
    Ok(rules.may_call(lead, number, kind, &ledger, &dnc, Utc::now()))
}
