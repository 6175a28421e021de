//! The tenant's members: list, change role, deactivate.

use axum::Json;
use axum::extract::Path;
use brokerdesk_core::identity::{ChangeRoleRequest, UserStatus, UserSummary};
use brokerdesk_core::ids::UserId;
use brokerdesk_core::permission::Permission;
use brokerdesk_core::role::Role;
use chrono::{DateTime, Utc};
use serde_json::json;
use uuid::Uuid;

use crate::auth::{Authenticated, sessions};
use crate::db::TenantTx;
use crate::error::ApiError;
use crate::invitations;

type UserRow = (
    Uuid,
    String,
    String,
    String,
    String,
    Option<DateTime<Utc>>,
    bool,
);
const USER_COLUMNS: &str = "id, email, display_name, role, status, last_sign_in_at, mfa_enabled";

fn to_summary(
    (id, email, display_name, role, status, last_sign_in_at, mfa_enabled): UserRow,
) -> Result<UserSummary, ApiError> {
    let internal = |e: String| ApiError::Internal(anyhow::anyhow!(e));
    Ok(UserSummary {
        id: UserId::from_uuid(id),
        email,
        display_name,
        role: role
            .parse()
            .map_err(|e: brokerdesk_core::role::UnknownRole| internal(e.to_string()))?,
        status: serde_json::from_value(json!(status)).map_err(|e| internal(e.to_string()))?,
        last_sign_in_at,
        mfa_enabled,
    })
}

pub async fn load_user(tx: &mut TenantTx, id: UserId) -> Result<Option<UserSummary>, ApiError> {
    let row: Option<UserRow> = sqlx::query_as(&format!(
        "select {USER_COLUMNS} from users where tenant_id = $1 and id = $2"
    ))
    .bind(tx.tenant_id().as_uuid())
    .bind(id.as_uuid())
    .fetch_optional(tx.conn())
    .await?;
    row.map(to_summary).transpose()
}

/// The members with these ids, for sync.
pub async fn load_users(tx: &mut TenantTx, ids: &[Uuid]) -> Result<Vec<UserSummary>, ApiError> {
    let rows: Vec<UserRow> = sqlx::query_as(&format!(
        "select {USER_COLUMNS} from users where tenant_id = $1 and id = any($2)"
    ))
    .bind(tx.tenant_id().as_uuid())
    .bind(ids)
    .fetch_all(tx.conn())
    .await?;
    rows.into_iter().map(to_summary).collect()
}

fn no_such_user() -> ApiError {
    ApiError::NotFound("No such user in this brokerage.".into())
}

/// Every member of the tenant.
#[utoipa::path(
    get, path = "/v1/users", tag = "users",
    responses((status = 200, body = Vec<UserSummary>), (status = 403, body = brokerdesk_core::error::ErrorBody)),
    security(("bearer" = []))
)]
pub async fn list_users(mut auth: Authenticated) -> Result<Json<Vec<UserSummary>>, ApiError> {
    auth.require(Permission::ViewUsers)?;
    Ok(Json(all_users(&mut auth.tx).await?))
}

/// Every member, by name.
pub async fn all_users(tx: &mut TenantTx) -> Result<Vec<UserSummary>, ApiError> {
    let rows: Vec<UserRow> = sqlx::query_as(&format!(
        "select {USER_COLUMNS} from users where tenant_id = $1 order by lower(display_name), id"
    ))
    .bind(tx.tenant_id().as_uuid())
    .fetch_all(tx.conn())
    .await?;
    rows.into_iter().map(to_summary).collect()
}

/// Changes a member's role, within what the caller's own role may grant.
#[utoipa::path(
    patch, path = "/v1/users/{id}/role", tag = "users", request_body = ChangeRoleRequest,
    params(("id" = Uuid, Path, description = "User id")),
    responses(
        (status = 200, body = UserSummary),
        (status = 403, body = brokerdesk_core::error::ErrorBody),
        (status = 404, body = brokerdesk_core::error::ErrorBody),
        (status = 409, description = "It would leave the tenant without an active owner", body = brokerdesk_core::error::ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn change_role(
    mut auth: Authenticated,
    Path(id): Path<Uuid>,
    Json(request): Json<ChangeRoleRequest>,
) -> Result<Json<UserSummary>, ApiError> {
    auth.require(Permission::ManageUsers)?;
    let target = load_user(&mut auth.tx, UserId::from_uuid(id))
        .await?
        .ok_or_else(no_such_user)?;
    if !auth.user.role.can_change_role(target.role, request.role) {
        return Err(ApiError::forbidden(
            "role_not_grantable",
            format!(
                "Your role ({}) cannot change a {} into a {}.",
                auth.user.role, target.role, request.role
            ),
        ));
    }
    auth.require_owner_change_allowed(target.role, request.role)?;
    // Taking the version locks the tenant's clock row before the owner count below.
    let version = auth.tx.next_version().await?;
    if target.role == Role::Owner && request.role != Role::Owner {
        ensure_another_active_owner(&mut auth.tx, target.id).await?;
    }
    sqlx::query("update users set role = $3, version = $4, updated_at = now() where tenant_id = $1 and id = $2")
        .bind(auth.tx.tenant_id().as_uuid())
        .bind(id)
        .bind(request.role.as_str())
        .bind(version)
        .execute(auth.tx.conn())
        .await?;
    auth.audit(
        "user.role_changed",
        Some(id.to_string()),
        json!({ "from": target.role, "to": request.role }),
    )
    .await?;
    let updated = load_user(&mut auth.tx, target.id)
        .await?
        .ok_or_else(no_such_user)?;
    auth.tx.commit().await?;
    Ok(Json(updated))
}

/// Deactivates a member and ends every session they have, at once.
#[utoipa::path(
    post, path = "/v1/users/{id}/deactivate", tag = "users",
    params(("id" = Uuid, Path, description = "User id")),
    responses(
        (status = 200, body = UserSummary),
        (status = 403, body = brokerdesk_core::error::ErrorBody),
        (status = 404, body = brokerdesk_core::error::ErrorBody),
        (status = 409, body = brokerdesk_core::error::ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn deactivate(
    mut auth: Authenticated,
    Path(id): Path<Uuid>,
) -> Result<Json<UserSummary>, ApiError> {
    auth.require(Permission::ManageUsers)?;
    let target = load_user(&mut auth.tx, UserId::from_uuid(id))
        .await?
        .ok_or_else(no_such_user)?;
    if !auth.user.role.can_assign(target.role) {
        return Err(ApiError::forbidden(
            "forbidden",
            format!(
                "Your role ({}) cannot deactivate a {}.",
                auth.user.role, target.role
            ),
        ));
    }
    auth.require_owner_change_allowed(target.role, Role::Viewer)?;
    if target.status == UserStatus::Deactivated {
        return Ok(Json(target));
    }
    // Taking the version locks the tenant's clock row before the owner count below.
    let version = auth.tx.next_version().await?;
    if target.role == Role::Owner {
        ensure_another_active_owner(&mut auth.tx, target.id).await?;
    }
    sqlx::query("update users set status = 'deactivated', version = $3, updated_at = now() where tenant_id = $1 and id = $2")
        .bind(auth.tx.tenant_id().as_uuid())
        .bind(id)
        .bind(version)
        .execute(auth.tx.conn())
        .await?;
    let ended = sessions::revoke_all_for_user(&mut auth.tx, target.id, "user deactivated").await?;
    let withdrawn = invitations::withdraw_for_user(&mut auth.tx, target.id, version).await?;
    auth.audit(
        "user.deactivated",
        Some(id.to_string()),
        json!({ "sessions_ended": ended, "invitations_withdrawn": withdrawn }),
    )
    .await?;
    let updated = load_user(&mut auth.tx, target.id)
        .await?
        .ok_or_else(no_such_user)?;
    auth.tx.commit().await?;
    Ok(Json(updated))
}

/// A tenant always keeps at least one active owner. Callers hold the tenant's clock row
/// lock (from `next_version`), so two demotions cannot race past this check.
async fn ensure_another_active_owner(tx: &mut TenantTx, leaving: UserId) -> Result<(), ApiError> {
    let others: i64 = sqlx::query_scalar(
        "select count(*) from users where tenant_id = $1 and role = 'owner' and status = 'active' and id <> $2",
    )
    .bind(tx.tenant_id().as_uuid())
    .bind(leaving.as_uuid())
    .fetch_one(tx.conn())
    .await?;
    if others == 0 {
        return Err(ApiError::Conflict {
            code: "last_owner",
            message:
                "A brokerage needs at least one active owner. Make someone else an owner first."
                    .into(),
        });
    }
    Ok(())
}
