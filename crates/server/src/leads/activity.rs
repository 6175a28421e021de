//! A lead's conversations and calls: written when an integration posts them, read with
//! the lead (the same visibility), and erased with it. Calls count toward the plan's
//! monthly AI-call allowance.

use brokerdesk_core::ids::LeadId;
use brokerdesk_core::leads::activity::{
    CallRecord, Conversation, ConversationMessage, NewCall, NewConversation,
};
use brokerdesk_core::plan::QuotaResource;
use brokerdesk_core::sync::SyncEntity;
use chrono::{DateTime, Utc};
use sqlx::types::Json;
use uuid::Uuid;

use super::actor::LeadActor;
use super::store;
use crate::db::TenantTx;
use crate::error::ApiError;
use crate::error::{parse_stored_enum, stored_name};

/// The records that belong to one lead, sync with it and are erased with it.
pub const SUB_RECORDS: [SyncEntity; 3] = [
    SyncEntity::Consent,
    SyncEntity::Conversation,
    SyncEntity::Call,
];

/// The table of a lead sub-record entity.
pub fn table_of(entity: SyncEntity) -> &'static str {
    match entity {
        SyncEntity::Consent => "consent_entries",
        SyncEntity::Conversation => "conversations",
        SyncEntity::Call => "call_records",
        other => unreachable!("{other} is not a lead sub-record"),
    }
}

type ConversationRow = (
    Uuid,
    Uuid,
    DateTime<Utc>,
    Json<Vec<ConversationMessage>>,
    i64,
);

fn conversation(row: ConversationRow) -> Conversation {
    let (id, lead_id, started_at, Json(messages), version) = row;
    Conversation {
        id,
        lead_id: LeadId::from_uuid(lead_id),
        started_at,
        messages,
        version,
    }
}

type CallRow = (
    Uuid,
    Uuid,
    String,
    String,
    DateTime<Utc>,
    i32,
    String,
    Option<String>,
    Option<String>,
    i64,
);

const CALL_COLUMNS: &str = "id, lead_id, direction, phone, started_at, duration_secs, outcome, \
     recording_ref, transcript_summary, version";

fn call(row: CallRow) -> Result<CallRecord, ApiError> {
    let (
        id,
        lead_id,
        direction,
        phone,
        started_at,
        duration,
        outcome,
        recording_ref,
        summary,
        version,
    ) = row;
    Ok(CallRecord {
        id,
        lead_id: LeadId::from_uuid(lead_id),
        direction: parse_stored_enum(direction)?,
        phone,
        started_at,
        duration_secs: u32::try_from(duration).map_err(|e| ApiError::Internal(e.into()))?,
        outcome: parse_stored_enum(outcome)?,
        recording_ref,
        transcript_summary: summary,
        version,
    })
}

/// Attaches a conversation to a lead the caller may write.
pub async fn add_conversation(
    auth: &mut impl LeadActor,
    lead: LeadId,
    new: NewConversation,
) -> Result<Conversation, ApiError> {
    let new = new.checked()?;
    let version = auth.tx().next_version().await?;
    let id = Uuid::now_v7();
    sqlx::query(
        "insert into conversations (tenant_id, id, lead_id, started_at, messages, version)
         values ($1, $2, $3, $4, $5, $6)",
    )
    .bind(auth.tx().tenant_id().as_uuid())
    .bind(id)
    .bind(lead.as_uuid())
    .bind(new.started_at)
    .bind(Json(&new.messages))
    .bind(version)
    .execute(auth.tx().conn())
    .await?;
    let last = new.messages.last().map_or(new.started_at, |m| m.at);
    store::touch_activity(auth.tx(), lead, last, version).await?;
    auth.audit(
        "conversation.recorded",
        Some(lead.to_string()),
        serde_json::json!({ "conversation": id, "messages": new.messages.len() }),
    )
    .await?;
    Ok(Conversation {
        id,
        lead_id: lead,
        started_at: new.started_at,
        messages: new.messages,
        version,
    })
}

/// Calls recorded since the start of this calendar month (UTC).
pub async fn calls_this_month(tx: &mut TenantTx) -> Result<u64, ApiError> {
    let n: i64 = sqlx::query_scalar(
        "select count(*) from call_records
          where tenant_id = $1 and created_at >= date_trunc('month', now() at time zone 'utc') at time zone 'utc'",
    )
    .bind(tx.tenant_id().as_uuid())
    .fetch_one(tx.conn())
    .await?;
    Ok(n.max(0) as u64)
}

/// Attaches a call to a lead, counting it against the plan's monthly AI-call allowance
/// under the tenant's clock lock, so two posts cannot share the last call.
pub async fn add_call(
    auth: &mut impl LeadActor,
    lead: LeadId,
    new: NewCall,
) -> Result<CallRecord, ApiError> {
    let new = new.checked()?;
    let version = auth.tx().next_version().await?;
    let used = calls_this_month(auth.tx()).await?;
    auth.plan()
        .plan()
        .check_quota(QuotaResource::AiCalls, used, 1)?;
    let id = Uuid::now_v7();
    sqlx::query(
        "insert into call_records (tenant_id, id, lead_id, direction, phone, started_at,
             duration_secs, outcome, recording_ref, transcript_summary, version)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
    )
    .bind(auth.tx().tenant_id().as_uuid())
    .bind(id)
    .bind(lead.as_uuid())
    .bind(stored_name(&new.direction))
    .bind(&new.phone)
    .bind(new.started_at)
    .bind(new.duration_secs as i32)
    .bind(stored_name(&new.outcome))
    .bind(&new.recording_ref)
    .bind(&new.transcript_summary)
    .bind(version)
    .execute(auth.tx().conn())
    .await?;
    store::touch_activity(auth.tx(), lead, new.started_at, version).await?;
    auth.audit(
        "call.recorded",
        Some(lead.to_string()),
        serde_json::json!({ "call": id, "durationSecs": new.duration_secs }),
    )
    .await?;
    Ok(CallRecord {
        id,
        lead_id: lead,
        direction: new.direction,
        phone: new.phone,
        started_at: new.started_at,
        duration_secs: new.duration_secs,
        outcome: new.outcome,
        recording_ref: new.recording_ref,
        transcript_summary: new.transcript_summary,
        version,
    })
}

/// Conversations by id, or of one lead when `lead` is given, oldest first.
pub async fn conversations(
    tx: &mut TenantTx,
    lead: Option<LeadId>,
    ids: &[Uuid],
) -> Result<Vec<Conversation>, ApiError> {
    let rows: Vec<ConversationRow> = sqlx::query_as(
        "select id, lead_id, started_at, messages, version from conversations
          where tenant_id = $1 and (lead_id = $2 or id = any($3)) order by started_at, id",
    )
    .bind(tx.tenant_id().as_uuid())
    .bind(lead.map(|l| l.as_uuid()))
    .bind(ids)
    .fetch_all(tx.conn())
    .await?;
    Ok(rows.into_iter().map(conversation).collect())
}

/// Calls by id, or of one lead when `lead` is given, oldest first.
pub async fn calls(
    tx: &mut TenantTx,
    lead: Option<LeadId>,
    ids: &[Uuid],
) -> Result<Vec<CallRecord>, ApiError> {
    let rows: Vec<CallRow> = sqlx::query_as(&format!(
        "select {CALL_COLUMNS} from call_records
          where tenant_id = $1 and (lead_id = $2 or id = any($3)) order by started_at, id"
    ))
    .bind(tx.tenant_id().as_uuid())
    .bind(lead.map(|l| l.as_uuid()))
    .bind(ids)
    .fetch_all(tx.conn())
    .await?;
    rows.into_iter().map(call).collect()
}
