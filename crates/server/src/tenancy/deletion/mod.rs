//! Deleting a tenant. The owner asks, proving it is them with the password (and the
//! authenticator code when MFA is on); the tenant goes to `pending_deletion`, which the
//! extractors (`auth::lifecycle`) turn into read-only, for a grace period the owner can
//! cancel in. Staff can hold a pending deletion. Once it is due and not held,
//! [`purge::purge_due`] deletes every row of the tenant.

pub mod http;
pub mod purge;

use brokerdesk_core::identity::TenantSummary;
use brokerdesk_core::ids::{TenantId, UserId};
use brokerdesk_core::permission::Permission;
use brokerdesk_core::tenant::TenantStatus;
use brokerdesk_core::tenant_deletion::{
    PendingDeletion, RequestTenantDeletion, TenantDeletionState, due_at,
};
use chrono::{DateTime, Utc};
use serde_json::json;
use uuid::Uuid;

use crate::auth::{Authenticated, mfa};
use crate::db::{PlatformTx, TenantTx};
use crate::error::{ApiError, parse_stored};
use crate::sealed::MasterKey;

type StateRow = (
    String,
    Option<DateTime<Utc>>,
    Option<Uuid>,
    Option<DateTime<Utc>>,
    bool,
);

/// Where the tenant's deletion stands.
pub async fn state(tx: &mut TenantTx) -> Result<TenantDeletionState, ApiError> {
    let (status, requested_at, requested_by, due_at, held): StateRow = sqlx::query_as(
        "select status, deletion_requested_at, deletion_requested_by, deletion_due_at,
                deletion_held_at is not null
           from tenants where id = $1",
    )
    .bind(tx.tenant_id().as_uuid())
    .fetch_one(tx.conn())
    .await?;
    Ok(TenantDeletionState {
        status: parse_stored(&status)?,
        requested_at,
        requested_by: requested_by.map(UserId::from_uuid),
        due_at,
        held,
    })
}

/// The owner asks for the tenant to be deleted. The password is checked, then the
/// second factor when the owner has MFA on (an owner without MFA proves it with the
/// password alone).
pub async fn request(
    auth: &mut Authenticated,
    master: &MasterKey,
    request: RequestTenantDeletion,
) -> Result<TenantDeletionState, ApiError> {
    auth.require(Permission::DeleteTenant)?;
    auth.confirm_password(request.password).await?;
    confirm_second_factor(auth, master, request.mfa_code.as_deref()).await?;
    // The clock moves so every device pulls the tenant's new status (and its banner).
    auth.tx.next_version().await?;
    let now = Utc::now();
    let due = due_at(now);
    let done = sqlx::query(
        "update tenants set status = 'pending_deletion', deletion_requested_at = $2,
                deletion_requested_by = $3, deletion_due_at = $4, updated_at = now()
          where id = $1 and status = 'active'",
    )
    .bind(auth.tx.tenant_id().as_uuid())
    .bind(now)
    .bind(auth.user.id.as_uuid())
    .bind(due)
    .execute(auth.tx.conn())
    .await?;
    if done.rows_affected() == 0 {
        return Err(ApiError::Conflict {
            code: "tenant_not_active",
            message: "Only an active brokerage can be deleted; this one is already pending deletion or suspended.".into(),
        });
    }
    let tenant = auth.tx.tenant_id().to_string();
    auth.audit(
        "tenant.deletion_requested",
        Some(tenant),
        json!({ "dueAt": due }),
    )
    .await?;
    state(&mut auth.tx).await
}

async fn confirm_second_factor(
    auth: &mut Authenticated,
    master: &MasterKey,
    code: Option<&str>,
) -> Result<(), ApiError> {
    let enabled: bool =
        sqlx::query_scalar("select mfa_enabled from users where tenant_id = $1 and id = $2")
            .bind(auth.tx.tenant_id().as_uuid())
            .bind(auth.user.id.as_uuid())
            .fetch_one(auth.tx.conn())
            .await?;
    if !enabled {
        return Ok(());
    }
    let Some(code) = code.map(str::trim).filter(|code| !code.is_empty()) else {
        return Err(ApiError::unauthorized(
            "mfa_required",
            "Enter the code from your authenticator app to delete the brokerage.",
        ));
    };
    if mfa::verify_second_factor(&mut auth.tx, master, auth.user.id, code).await? {
        Ok(())
    } else {
        Err(ApiError::unauthorized(
            "invalid_mfa_code",
            "That code is not right, or was already used.",
        ))
    }
}

/// The owner cancels a pending deletion: the tenant is active again, and any staff
/// hold goes with the request it held.
pub async fn cancel(auth: &mut Authenticated) -> Result<TenantDeletionState, ApiError> {
    auth.require(Permission::DeleteTenant)?;
    auth.tx.next_version().await?;
    let done = sqlx::query(
        "update tenants set status = 'active', deletion_requested_at = null,
                deletion_requested_by = null, deletion_due_at = null, deletion_hold_reason = null,
                deletion_held_at = null, deletion_held_by = null, updated_at = now()
          where id = $1 and status = 'pending_deletion'",
    )
    .bind(auth.tx.tenant_id().as_uuid())
    .execute(auth.tx.conn())
    .await?;
    if done.rows_affected() == 0 {
        return Err(ApiError::Conflict {
            code: "no_deletion_pending",
            message: "This brokerage is not pending deletion, so there is nothing to cancel."
                .into(),
        });
    }
    let tenant = auth.tx.tenant_id().to_string();
    auth.audit("tenant.deletion_cancelled", Some(tenant), json!({}))
        .await?;
    state(&mut auth.tx).await
}

type PendingRow = (
    Uuid,
    String,
    String,
    String,
    DateTime<Utc>,
    DateTime<Utc>,
    Option<String>,
    Option<DateTime<Utc>>,
);

/// Every pending deletion, soonest first, for staff.
pub async fn pending(tx: &mut PlatformTx) -> Result<Vec<PendingDeletion>, ApiError> {
    let rows: Vec<PendingRow> = sqlx::query_as(
        "select id, name, subdomain, plan, deletion_requested_at, deletion_due_at,
                deletion_hold_reason, deletion_held_at
           from tenants where status = 'pending_deletion' order by deletion_due_at, id",
    )
    .fetch_all(tx.conn())
    .await?;
    rows.into_iter()
        .map(
            |(id, name, subdomain, plan, requested_at, due_at, hold_reason, held_at)| {
                Ok(PendingDeletion {
                    tenant: TenantSummary {
                        id: TenantId::from_uuid(id),
                        name,
                        subdomain,
                        plan: parse_stored(&plan)?,
                        status: TenantStatus::PendingDeletion,
                    },
                    requested_at,
                    due_at,
                    hold_reason,
                    held_at,
                })
            },
        )
        .collect()
}

/// Staff hold a pending deletion, so it is not purged. False when the tenant has no
/// pending deletion, or it is held already.
pub async fn hold(
    tx: &mut PlatformTx,
    tenant: TenantId,
    staff: Uuid,
    reason: &str,
) -> Result<bool, ApiError> {
    let done = sqlx::query(
        "update tenants set deletion_hold_reason = $2, deletion_held_at = now(),
                deletion_held_by = $3, updated_at = now()
          where id = $1 and status = 'pending_deletion' and deletion_held_at is null",
    )
    .bind(tenant.as_uuid())
    .bind(reason)
    .bind(staff)
    .execute(tx.conn())
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Staff release their hold; the purge takes the tenant at its next pass once due.
/// False when there was no hold.
pub async fn release(tx: &mut PlatformTx, tenant: TenantId) -> Result<bool, ApiError> {
    let done = sqlx::query(
        "update tenants set deletion_hold_reason = null, deletion_held_at = null,
                deletion_held_by = null, updated_at = now()
          where id = $1 and status = 'pending_deletion' and deletion_held_at is not null",
    )
    .bind(tenant.as_uuid())
    .execute(tx.conn())
    .await?;
    Ok(done.rows_affected() == 1)
}
