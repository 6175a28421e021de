//! The lead domain operations: create, change and delete, each with its validation,
//! permission and plan checks. Sync pushes call these, and so will the REST routes, so
//! a rule written here holds on every way in.
//!
//! Permissions: agents see and change only the leads assigned to them (they get "no
//! such lead" for the others); viewers read but never write; deleting is a privacy
//! erasure for owners and admins, and leaves a tombstone with no personal data.

pub mod activity;
pub mod actor;
pub mod consent;
pub mod http;
pub mod ingest;
pub mod list;
pub mod store;
pub mod sync;

use brokerdesk_core::ids::{LeadId, UserId};
use brokerdesk_core::leads::view::LeadUpdateAudit;
use brokerdesk_core::leads::{Lead, LeadChanges, LeadField, LeadInvalid};
use brokerdesk_core::permission::Permission;
use brokerdesk_core::plan::QuotaResource;
use brokerdesk_core::sync::SyncEntity;
use brokerdesk_core::sync::push::FieldConflict;
use chrono::{SubsecRound, Utc};
use serde_json::json;
use uuid::Uuid;

use crate::db::TenantTx;
use crate::error::ApiError;
pub use crate::sync::merge::WriteOrigin;
use crate::sync::merge::{self, FieldStamps, FieldWrite, Target};
pub use actor::LeadActor;

impl From<LeadInvalid> for ApiError {
    fn from(invalid: LeadInvalid) -> Self {
        ApiError::validation(invalid.code, invalid.message)
    }
}

/// Now, at the precision PostgreSQL keeps (microseconds), so the lead a write returns is
/// equal to the one a later read gives back.
fn stored_now() -> chrono::DateTime<Utc> {
    Utc::now().trunc_subsecs(6)
}

pub fn no_such_lead() -> ApiError {
    ApiError::NotFound("No such lead.".into())
}

/// Whether the caller may read this lead at all.
pub fn can_read(auth: &impl LeadActor, assigned_agent: Option<UserId>) -> bool {
    auth.allows(Permission::ReadAllLeads)
        || (auth.allows(Permission::ReadLeads)
            && assigned_agent.is_some()
            && assigned_agent == auth.member())
}

/// The lead, if the caller may read it; "no such lead" otherwise, whether it exists or not.
pub async fn get(auth: &mut impl LeadActor, id: LeadId) -> Result<Lead, ApiError> {
    let lead = store::load(auth.tx(), id).await?.ok_or_else(no_such_lead)?;
    if !can_read(auth, lead.assigned_agent) {
        return Err(no_such_lead());
    }
    Ok(lead)
}

/// Refuses a write unless the caller may write leads, and may write this one (assigned
/// to `assigned_agent`). A lead the caller cannot even read is "not found".
pub fn require_write(
    auth: &impl LeadActor,
    assigned_agent: Option<UserId>,
) -> Result<(), ApiError> {
    if !can_read(auth, assigned_agent) {
        return Err(no_such_lead());
    }
    auth.require(Permission::WriteLeads)?;
    if !auth.allows(Permission::WriteAllLeads) && assigned_agent != auth.member() {
        return Err(ApiError::forbidden(
            "forbidden",
            "You can only change leads assigned to you.",
        ));
    }
    Ok(())
}

/// Checks the new assignee: someone who can work leads, and, for a caller limited to
/// their own leads, the caller.
async fn check_assignee(auth: &mut impl LeadActor, lead: &Lead) -> Result<(), ApiError> {
    let Some(agent) = lead.assigned_agent else {
        return Ok(());
    };
    if !auth.allows(Permission::WriteAllLeads) && Some(agent) != auth.member() {
        return Err(ApiError::forbidden(
            "forbidden",
            "You can only assign leads to yourself.",
        ));
    }
    if !store::is_assignable(auth.tx(), agent).await? {
        return Err(ApiError::validation(
            "invalid_lead_agent",
            "The assigned agent is not an active member who can work leads.",
        ));
    }
    Ok(())
}

/// Creates a lead with the id the caller chose (a device makes its own ids offline).
/// An agent's new lead is assigned to them. Counts against the plan's lead limit,
/// checked under the tenant's clock lock so two creates cannot share the last slot.
pub async fn create(
    auth: &mut impl LeadActor,
    id: LeadId,
    changes: LeadChanges,
    origin: WriteOrigin,
) -> Result<Lead, ApiError> {
    auth.require(Permission::WriteLeads)?;
    let mut changes = changes.normalised()?;
    if !auth.allows(Permission::WriteAllLeads) && changes.assigned_agent.is_none() {
        changes.assigned_agent = Some(auth.member());
    }
    let now = stored_now();
    let mut lead = Lead::create(id, &changes, now)?;
    check_assignee(auth, &lead).await?;

    let version = auth.tx().next_version().await?;
    let current = store::count(auth.tx()).await?;
    auth.plan()
        .plan()
        .check_quota(QuotaResource::Leads, current, 1)?;
    lead.version = version;
    // Every field starts out written by this create, defaults included.
    let mut stamps = FieldStamps::new();
    store::stamp(&mut stamps, &LeadField::ALL, version, origin.device);
    if !store::write(auth.tx(), &lead, &stamps, true).await? {
        return Err(ApiError::Conflict {
            code: "lead_exists",
            message: "A lead with this id already exists.".into(),
        });
    }
    auth.audit(
        "lead.created",
        Some(id.to_string()),
        json!({ "fields": changes.fields() }),
    )
    .await?;
    Ok(lead)
}

/// Changes some fields of a lead. Fields nobody else touched since `origin.base_version`
/// merge cleanly; a field someone else changed meanwhile is overwritten (the later write
/// wins) and the value it had is returned, and stored, as a conflict.
pub async fn update(
    auth: &mut impl LeadActor,
    id: LeadId,
    changes: LeadChanges,
    origin: WriteOrigin,
) -> Result<(Lead, Vec<FieldConflict>), ApiError> {
    let changes = changes.normalised()?;
    let version = auth.tx().next_version().await?;
    let (current, mut stamps) = store::load_for_update(auth.tx(), id)
        .await?
        .ok_or_else(no_such_lead)?;
    require_write(auth, current.assigned_agent)?;
    let mut lead = current.clone();
    changes.apply_to(&mut lead)?;
    if lead.assigned_agent != current.assigned_agent {
        check_assignee(auth, &lead).await?;
        // Who may read the lead's consent entries, conversations and calls changed with
        // it: re-send them, so the new agent's devices receive them.
        for entity in activity::SUB_RECORDS {
            sqlx::query(&format!(
                "update {} set version = $3 where tenant_id = $1 and lead_id = $2",
                activity::table_of(entity)
            ))
            .bind(auth.tx().tenant_id().as_uuid())
            .bind(id.as_uuid())
            .bind(version)
            .execute(auth.tx().conn())
            .await?;
        }
    }

    let fields = changes.fields();
    let target = Target {
        entity: SyncEntity::Lead,
        entity_id: id.to_string(),
        origin,
        resolved_by: auth.label(),
    };
    let writes = fields
        .iter()
        .map(|&field| FieldWrite {
            field: field.as_str(),
            before: current.field_value(field),
            after: lead.field_value(field),
        })
        .collect();
    let conflicts = merge::overwritten(&target, &stamps, writes);
    lead.version = version;
    lead.updated_at = stored_now();
    store::stamp(&mut stamps, &fields, version, origin.device);
    store::write(auth.tx(), &lead, &stamps, false).await?;
    merge::record(auth.tx(), &conflicts, version).await?;
    let recorded = LeadUpdateAudit::of(&current, &lead, fields, conflicts.len());
    auth.audit(
        "lead.updated",
        Some(id.to_string()),
        serde_json::to_value(recorded).map_err(|e| ApiError::Internal(e.into()))?,
    )
    .await?;
    Ok((lead, conflicts))
}

/// Erases a lead (a privacy request): the row, its consent ledger, conversations and
/// calls, and the conflicts and stored push answers that quote its values all go, and
/// tombstones tell every device to drop them. The audit entry names only the lead's id.
/// Returns the version, and whether there was a lead to erase (a sync push erasing one
/// that is already gone succeeds; the REST route says "no such lead").
pub async fn delete(auth: &mut impl LeadActor, id: LeadId) -> Result<(i64, bool), ApiError> {
    let version = auth.tx().next_version().await?;
    let Some((current, _)) = store::load_for_update(auth.tx(), id).await? else {
        return Ok((version, false));
    };
    if !can_read(auth, current.assigned_agent) {
        return Err(no_such_lead());
    }
    auth.require(Permission::DeleteLeads)?;
    let erased = erase_records(auth.tx(), id, version).await?;
    auth.audit(
        "lead.erased",
        Some(id.to_string()),
        json!({ "erased": erased }),
    )
    .await?;
    Ok((version, true))
}

/// Deletes lead `id` and everything that holds its data: its consent ledger,
/// conversations and calls (their foreign keys cascade, and the consent ledger's trigger
/// lets an entry go only once its lead is gone), the conflicts and stored push answers
/// that quote its values; leaves tombstones at `version` so every device drops them.
/// Returns how many of each sub-record went. Shared by the erasure and retention's purge,
/// which check who may do it before calling.
pub async fn erase_records(
    tx: &mut TenantTx,
    id: LeadId,
    version: i64,
) -> Result<serde_json::Map<String, serde_json::Value>, ApiError> {
    let tenant = tx.tenant_id().as_uuid();
    let mut erased = serde_json::Map::new();
    for entity in activity::SUB_RECORDS {
        let ids: Vec<Uuid> = sqlx::query_scalar(&format!(
            "select id from {} where tenant_id = $1 and lead_id = $2",
            activity::table_of(entity)
        ))
        .bind(tenant)
        .bind(id.as_uuid())
        .fetch_all(tx.conn())
        .await?;
        for sub in &ids {
            tx.record_tombstone(entity.as_str(), *sub, version).await?;
        }
        erased.insert(entity.as_str().to_owned(), json!(ids.len()));
    }
    store::delete(tx, id).await?;
    tx.record_tombstone(SyncEntity::Lead.as_str(), id.as_uuid(), version)
        .await?;
    let conflict_ids: Vec<Uuid> = sqlx::query_scalar(
        "delete from sync_conflicts where tenant_id = $1 and entity = 'lead' and entity_id = $2 returning id",
    )
    .bind(tenant)
    .bind(id.as_uuid())
    .fetch_all(tx.conn())
    .await?;
    for conflict in conflict_ids {
        tx.record_tombstone(SyncEntity::Conflict.as_str(), conflict, version)
            .await?;
    }
    // A device's stored push answer may quote the lead's values in its conflicts.
    sqlx::query(
        "update sync_mutations set result = jsonb_set(result, '{conflicts}', '[]')
          where tenant_id = $1 and result -> 'conflicts' @> jsonb_build_array(jsonb_build_object('entityId', $2::text))",
    )
    .bind(tenant)
    .bind(id.to_string())
    .execute(tx.conn())
    .await?;
    Ok(erased)
}
