//! How leads are stored: the row, its mapping to core's [`Lead`], and the statements
//! that read and write it. Callers have already checked permissions and validated.

use brokerdesk_core::ids::{LeadId, UserId};
use brokerdesk_core::leads::{Lead, LeadField, LeadPreferences};
use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use sqlx::types::Json;
use uuid::Uuid;

use crate::db::TenantTx;
use crate::error::{ApiError, parse_stored};
use crate::sync::merge::{self, FieldStamps};

/// The columns of [`LeadRow`], in a `select`.
pub const LEAD_COLUMNS: &str = "id, name, emails, phones, source, source_detail, stage, \
     assigned_agent, budget_min, budget_max, preferences, tags, notes, time_zone, created_at, \
     updated_at, last_activity_at, version";

#[derive(sqlx::FromRow)]
pub struct LeadRow {
    id: Uuid,
    name: String,
    emails: Vec<String>,
    phones: Vec<String>,
    source: String,
    source_detail: Option<String>,
    stage: String,
    assigned_agent: Option<Uuid>,
    budget_min: Option<Decimal>,
    budget_max: Option<Decimal>,
    preferences: Json<LeadPreferences>,
    tags: Vec<String>,
    notes: String,
    time_zone: Option<String>,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
    last_activity_at: Option<DateTime<Utc>>,
    pub version: i64,
}

impl LeadRow {
    pub fn assigned_agent(&self) -> Option<Uuid> {
        self.assigned_agent
    }

    pub fn id(&self) -> Uuid {
        self.id
    }

    pub fn into_lead(self) -> Result<Lead, ApiError> {
        Ok(Lead {
            id: LeadId::from_uuid(self.id),
            name: self.name,
            emails: self.emails,
            phones: self.phones,
            source: parse_stored(&self.source)?,
            source_detail: self.source_detail,
            stage: parse_stored(&self.stage)?,
            assigned_agent: self.assigned_agent.map(UserId::from_uuid),
            budget_min: self.budget_min,
            budget_max: self.budget_max,
            preferences: self.preferences.0,
            tags: self.tags,
            notes: self.notes,
            time_zone: self.time_zone,
            created_at: self.created_at,
            updated_at: self.updated_at,
            last_activity_at: self.last_activity_at,
            version: self.version,
        })
    }
}

/// The lead, as it is now.
pub async fn load(tx: &mut TenantTx, id: LeadId) -> Result<Option<Lead>, ApiError> {
    let row: Option<LeadRow> = sqlx::query_as(&format!(
        "select {LEAD_COLUMNS} from leads where tenant_id = $1 and id = $2"
    ))
    .bind(tx.tenant_id().as_uuid())
    .bind(id.as_uuid())
    .fetch_optional(tx.conn())
    .await?;
    row.map(LeadRow::into_lead).transpose()
}

/// The leads with these ids (a page of the tenant export).
pub async fn by_ids(tx: &mut TenantTx, ids: &[Uuid]) -> Result<Vec<Lead>, ApiError> {
    let rows: Vec<LeadRow> = sqlx::query_as(&format!(
        "select {LEAD_COLUMNS} from leads where tenant_id = $1 and id = any($2) order by id"
    ))
    .bind(tx.tenant_id().as_uuid())
    .bind(ids)
    .fetch_all(tx.conn())
    .await?;
    rows.into_iter().map(LeadRow::into_lead).collect()
}

/// The oldest lead holding any of these (normalised) emails or phones, locked: the one
/// an integration's post about the same person merges into.
pub async fn find_by_contact(
    tx: &mut TenantTx,
    emails: &[String],
    phones: &[String],
) -> Result<Option<Lead>, ApiError> {
    let row: Option<LeadRow> = sqlx::query_as(&format!(
        "select {LEAD_COLUMNS} from leads
          where tenant_id = $1 and (emails && $2 or phones && $3)
          order by created_at, id limit 1 for update"
    ))
    .bind(tx.tenant_id().as_uuid())
    .bind(emails)
    .bind(phones)
    .fetch_optional(tx.conn())
    .await?;
    row.map(LeadRow::into_lead).transpose()
}

/// Marks that something happened with the lead (a conversation, a call), for the list's
/// "last activity". Not a change of the lead's own fields, so no field stamps move.
pub async fn touch_activity(
    tx: &mut TenantTx,
    id: LeadId,
    at: DateTime<Utc>,
    version: i64,
) -> Result<(), ApiError> {
    sqlx::query(
        "update leads set last_activity_at = greatest(coalesce(last_activity_at, $3), $3), version = $4
          where tenant_id = $1 and id = $2",
    )
    .bind(tx.tenant_id().as_uuid())
    .bind(id.as_uuid())
    .bind(at)
    .bind(version)
    .execute(tx.conn())
    .await?;
    Ok(())
}

/// The lead and its per-field stamps, locked for the rest of the transaction.
pub async fn load_for_update(
    tx: &mut TenantTx,
    id: LeadId,
) -> Result<Option<(Lead, FieldStamps)>, ApiError> {
    #[derive(sqlx::FromRow)]
    struct Locked {
        #[sqlx(flatten)]
        row: LeadRow,
        field_versions: Json<FieldStamps>,
    }
    let locked: Option<Locked> = sqlx::query_as(&format!(
        "select {LEAD_COLUMNS}, field_versions from leads where tenant_id = $1 and id = $2 for update"
    ))
    .bind(tx.tenant_id().as_uuid())
    .bind(id.as_uuid())
    .fetch_optional(tx.conn())
    .await?;
    locked
        .map(|l| Ok((l.row.into_lead()?, l.field_versions.0)))
        .transpose()
}

pub async fn count(tx: &mut TenantTx) -> Result<u64, ApiError> {
    let n: i64 = sqlx::query_scalar("select count(*) from leads where tenant_id = $1")
        .bind(tx.tenant_id().as_uuid())
        .fetch_one(tx.conn())
        .await?;
    Ok(n.max(0) as u64)
}

/// Inserts or rewrites the whole row; `stamps` are the per-field stamps after this write.
/// Returns false when a create found the id taken.
pub async fn write(
    tx: &mut TenantTx,
    lead: &Lead,
    stamps: &FieldStamps,
    create: bool,
) -> Result<bool, ApiError> {
    let statement = if create {
        "insert into leads (tenant_id, id, name, emails, phones, source, source_detail, stage,
             assigned_agent, budget_min, budget_max, preferences, tags, notes, created_at,
             updated_at, last_activity_at, field_versions, version, time_zone)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20)
         on conflict (tenant_id, id) do nothing"
    } else {
        "update leads set name = $3, emails = $4, phones = $5, source = $6, source_detail = $7,
             stage = $8, assigned_agent = $9, budget_min = $10, budget_max = $11,
             preferences = $12, tags = $13, notes = $14, created_at = $15, updated_at = $16,
             last_activity_at = $17, field_versions = $18, version = $19, time_zone = $20
         where tenant_id = $1 and id = $2"
    };
    let done = sqlx::query(statement)
        .bind(tx.tenant_id().as_uuid())
        .bind(lead.id.as_uuid())
        .bind(&lead.name)
        .bind(&lead.emails)
        .bind(&lead.phones)
        .bind(lead.source.as_str())
        .bind(&lead.source_detail)
        .bind(lead.stage.as_str())
        .bind(lead.assigned_agent.map(|a| a.as_uuid()))
        .bind(lead.budget_min)
        .bind(lead.budget_max)
        .bind(Json(&lead.preferences))
        .bind(&lead.tags)
        .bind(&lead.notes)
        .bind(lead.created_at)
        .bind(lead.updated_at)
        .bind(lead.last_activity_at)
        .bind(Json(stamps))
        .bind(lead.version)
        .bind(&lead.time_zone)
        .execute(tx.conn())
        .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn delete(tx: &mut TenantTx, id: LeadId) -> Result<bool, ApiError> {
    let done = sqlx::query("delete from leads where tenant_id = $1 and id = $2")
        .bind(tx.tenant_id().as_uuid())
        .bind(id.as_uuid())
        .execute(tx.conn())
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Stamps `fields` as written at `version` by `device`.
pub fn stamp(stamps: &mut FieldStamps, fields: &[LeadField], version: i64, device: Option<Uuid>) {
    merge::stamp(stamps, fields.iter().map(|f| f.as_str()), version, device);
}

/// Whether `user` is an active member a lead can be assigned to.
pub async fn is_assignable(tx: &mut TenantTx, user: UserId) -> Result<bool, ApiError> {
    let found: Option<bool> = sqlx::query_scalar(
        "select true from users where tenant_id = $1 and id = $2 and status = 'active' and role <> 'viewer'",
    )
    .bind(tx.tenant_id().as_uuid())
    .bind(user.as_uuid())
    .fetch_optional(tx.conn())
    .await?;
    Ok(found.is_some())
}
