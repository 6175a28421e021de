//! Legal holds: on one lead or transaction (owners and admins), or on the whole tenant
//! (platform staff). A held record is left out of every purge and of the dry run. The
//! reason stays in the hold; the trail names the hold and its subject by id.

use brokerdesk_core::ids::{LegalHoldId, UserId};
use brokerdesk_core::permission::Permission;
use brokerdesk_core::retention::{HoldSubject, LegalHold, NewLegalHold, hold_reason};
use chrono::{DateTime, Utc};
use serde_json::json;
use uuid::Uuid;

use crate::auth::Authenticated;
use crate::db::{TenantTx, is_unique_violation};
use crate::error::{ApiError, parse_stored_enum, stored_name};

type HoldRow = (Uuid, String, Uuid, String, Uuid, DateTime<Utc>);

fn hold(row: HoldRow) -> Result<LegalHold, ApiError> {
    let (id, subject, subject_id, reason, set_by, created_at) = row;
    Ok(LegalHold {
        id: LegalHoldId::from_uuid(id),
        subject: parse_stored_enum(subject)?,
        subject_id,
        reason,
        set_by: UserId::from_uuid(set_by),
        created_at,
    })
}

/// Every hold of the tenant, newest first.
pub async fn list(auth: &mut Authenticated) -> Result<Vec<LegalHold>, ApiError> {
    auth.require(Permission::ManageLegalHolds)?;
    let rows: Vec<HoldRow> = sqlx::query_as(
        "select id, subject, subject_id, reason, set_by, created_at from legal_holds
          where tenant_id = $1 order by created_at desc, id",
    )
    .bind(auth.tx.tenant_id().as_uuid())
    .fetch_all(auth.tx.conn())
    .await?;
    rows.into_iter().map(hold).collect()
}

/// Whether the subject is one of this tenant's records: another tenant's id, or one
/// that does not exist, is "not found" alike.
async fn subject_exists(
    tx: &mut TenantTx,
    subject: HoldSubject,
    id: Uuid,
) -> Result<bool, ApiError> {
    let table = match subject {
        HoldSubject::Lead => "leads",
        HoldSubject::Transaction => "transactions",
    };
    Ok(sqlx::query_scalar(&format!(
        "select exists (select 1 from {table} where tenant_id = $1 and id = $2)"
    ))
    .bind(tx.tenant_id().as_uuid())
    .bind(id)
    .fetch_one(tx.conn())
    .await?)
}

pub async fn create(auth: &mut Authenticated, new: NewLegalHold) -> Result<LegalHold, ApiError> {
    auth.require(Permission::ManageLegalHolds)?;
    let reason = new.validated_reason()?;
    if !subject_exists(&mut auth.tx, new.subject, new.subject_id).await? {
        return Err(ApiError::NotFound(format!(
            "No such {} in this brokerage.",
            new.subject.as_str()
        )));
    }
    let (id, created_at) = insert(
        &mut auth.tx,
        new.subject,
        new.subject_id,
        &reason,
        auth.user.id,
    )
    .await?;
    auth.audit(
        "legal_hold.set",
        Some(new.subject_id.to_string()),
        json!({ "subject": new.subject.as_str(), "holdId": id }),
    )
    .await?;
    Ok(LegalHold {
        id,
        subject: new.subject,
        subject_id: new.subject_id,
        reason,
        set_by: auth.user.id,
        created_at,
    })
}

/// Stores a hold on a subject known to exist; for [`create`] and the seed.
pub async fn insert(
    tx: &mut TenantTx,
    subject: HoldSubject,
    subject_id: Uuid,
    reason: &str,
    by: UserId,
) -> Result<(LegalHoldId, DateTime<Utc>), ApiError> {
    let id = LegalHoldId::new();
    let created_at = sqlx::query_scalar(
        "insert into legal_holds (tenant_id, id, subject, subject_id, reason, set_by)
         values ($1, $2, $3, $4, $5, $6) returning created_at",
    )
    .bind(tx.tenant_id().as_uuid())
    .bind(id.as_uuid())
    .bind(stored_name(&subject))
    .bind(subject_id)
    .bind(reason)
    .bind(by.as_uuid())
    .fetch_one(tx.conn())
    .await
    .map_err(|e| {
        if is_unique_violation(&e) {
            ApiError::Conflict {
                code: "already_held",
                message: format!("This {} is already under a legal hold.", subject.as_str()),
            }
        } else {
            e.into()
        }
    })?;
    Ok((id, created_at))
}

pub async fn release(auth: &mut Authenticated, id: LegalHoldId) -> Result<(), ApiError> {
    auth.require(Permission::ManageLegalHolds)?;
    let released: Option<(String, Uuid)> = sqlx::query_as(
        "delete from legal_holds where tenant_id = $1 and id = $2 returning subject, subject_id",
    )
    .bind(auth.tx.tenant_id().as_uuid())
    .bind(id.as_uuid())
    .fetch_optional(auth.tx.conn())
    .await?;
    let (subject, subject_id) = released
        .ok_or_else(|| ApiError::NotFound("No such legal hold in this brokerage.".into()))?;
    auth.audit(
        "legal_hold.released",
        Some(subject_id.to_string()),
        json!({ "subject": subject, "holdId": id }),
    )
    .await
}

/// Whether platform staff hold the whole tenant.
pub async fn tenant_held(tx: &mut TenantTx) -> Result<bool, ApiError> {
    Ok(
        sqlx::query_scalar("select exists (select 1 from tenant_holds where tenant_id = $1)")
            .bind(tx.tenant_id().as_uuid())
            .fetch_one(tx.conn())
            .await?,
    )
}

/// Sets (or restates) the tenant's hold; `staff` is the staff member's id.
pub async fn set_tenant_hold(tx: &mut TenantTx, staff: Uuid, reason: &str) -> Result<(), ApiError> {
    let reason = hold_reason(reason)?;
    sqlx::query(
        "insert into tenant_holds (tenant_id, reason, set_by) values ($1, $2, $3)
         on conflict (tenant_id) do update
            set reason = excluded.reason, set_by = excluded.set_by, created_at = now()",
    )
    .bind(tx.tenant_id().as_uuid())
    .bind(&reason)
    .bind(staff)
    .execute(tx.conn())
    .await?;
    Ok(())
}

/// Clears the tenant's hold; false when there was none.
pub async fn clear_tenant_hold(tx: &mut TenantTx) -> Result<bool, ApiError> {
    let done = sqlx::query("delete from tenant_holds where tenant_id = $1")
        .bind(tx.tenant_id().as_uuid())
        .execute(tx.conn())
        .await?;
    Ok(done.rows_affected() == 1)
}
