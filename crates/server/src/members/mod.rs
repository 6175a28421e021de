//! A tenant's members: reading them, and the changes owners and admins make to them (a
//! new role, deactivation, reactivation). The REST routes and sync pushes both call
//! [`update`], so every rule here (the permission matrix, who may touch owners, the last
//! active owner, the plan's seats) holds on every way in, with its audit entry.

pub mod http;
pub mod sync;

use brokerdesk_core::admin_edit::MemberChanges;
use brokerdesk_core::identity::{UserStatus, UserSummary};
use brokerdesk_core::ids::UserId;
use brokerdesk_core::permission::Permission;
use brokerdesk_core::role::Role;
use brokerdesk_core::sync::SyncEntity;
use brokerdesk_core::sync::push::FieldConflict;
use chrono::{DateTime, Utc};
use serde_json::json;
use sqlx::types::Json;
use uuid::Uuid;

use crate::auth::{Authenticated, sessions};
use crate::db::TenantTx;
use crate::error::{ApiError, parse_stored};
use crate::invitations;
use crate::sync::merge::{self, FieldStamps, Target, WriteOrigin};
use crate::tenancy::plan_usage;

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
    Ok(UserSummary {
        id: UserId::from_uuid(id),
        email,
        display_name,
        role: parse_stored(&role)?,
        status: serde_json::from_value(json!(status)).map_err(|e| ApiError::Internal(e.into()))?,
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

pub fn no_such_user() -> ApiError {
    ApiError::NotFound("No such user in this brokerage.".into())
}

/// What a change to a member left: the member, the tenant version it was written at,
/// and the values it overwrote that another device had changed meanwhile.
pub struct MemberWrite {
    pub user: UserSummary,
    pub version: i64,
    pub conflicts: Vec<FieldConflict>,
}

/// Changes a member's role and/or status, within what the caller's own role may do.
/// A change that leaves the member as they are writes nothing.
pub async fn update(
    auth: &mut Authenticated,
    id: UserId,
    changes: MemberChanges,
    origin: WriteOrigin,
) -> Result<MemberWrite, ApiError> {
    auth.require(Permission::ManageUsers)?;
    // The clock-row lock comes first: it queues the tenant's other writers, so the
    // owner count and the seat count below stay true until this commits.
    let version = auth.tx.next_version().await?;
    let (current, mut stamps) = load_for_update(&mut auth.tx, id)
        .await?
        .ok_or_else(no_such_user)?;
    let mut next = current.clone();
    if let Some(role) = changes.role {
        check_role_change(auth, current.role, role)?;
        next.role = role;
    }
    if let Some(status) = changes.status {
        check_status_change(auth, &current, status)?;
        next.status = status;
    }
    if next == current {
        return Ok(MemberWrite {
            user: current,
            version,
            conflicts: Vec::new(),
        });
    }
    let was_active_owner = current.role == Role::Owner && current.status == UserStatus::Active;
    let is_active_owner = next.role == Role::Owner && next.status == UserStatus::Active;
    if was_active_owner && !is_active_owner {
        ensure_another_active_owner(&mut auth.tx, id).await?;
    }
    if current.status != UserStatus::Active && next.status == UserStatus::Active {
        plan_usage::ensure_seat_available(&mut auth.tx).await?;
    }

    let target = Target::by_member(auth, SyncEntity::User, id.to_string(), origin);
    let conflicts = merge::write_fields(
        &target,
        &mut stamps,
        &changes.fields(),
        &merge::fields_of(&current),
        &merge::fields_of(&next),
        version,
    );
    sqlx::query(
        "update users set role = $3, status = $4, field_versions = $5, version = $6, updated_at = now()
          where tenant_id = $1 and id = $2",
    )
    .bind(auth.tx.tenant_id().as_uuid())
    .bind(id.as_uuid())
    .bind(next.role.as_str())
    .bind(status_name(next.status))
    .bind(Json(&stamps))
    .bind(version)
    .execute(auth.tx.conn())
    .await?;
    merge::record(&mut auth.tx, &conflicts, version).await?;
    audit_changes(auth, &current, &next, version).await?;
    let user = load_user(&mut auth.tx, id)
        .await?
        .ok_or_else(no_such_user)?;
    Ok(MemberWrite {
        user,
        version,
        conflicts,
    })
}

async fn load_for_update(
    tx: &mut TenantTx,
    id: UserId,
) -> Result<Option<(UserSummary, FieldStamps)>, ApiError> {
    #[derive(sqlx::FromRow)]
    struct Row {
        id: Uuid,
        email: String,
        display_name: String,
        role: String,
        status: String,
        last_sign_in_at: Option<DateTime<Utc>>,
        mfa_enabled: bool,
        field_versions: Json<FieldStamps>,
    }
    let row: Option<Row> = sqlx::query_as(&format!(
        "select {USER_COLUMNS}, field_versions from users where tenant_id = $1 and id = $2 for update"
    ))
    .bind(tx.tenant_id().as_uuid())
    .bind(id.as_uuid())
    .fetch_optional(tx.conn())
    .await?;
    row.map(|r| {
        let summary = to_summary((
            r.id,
            r.email,
            r.display_name,
            r.role,
            r.status,
            r.last_sign_in_at,
            r.mfa_enabled,
        ))?;
        Ok((summary, r.field_versions.0))
    })
    .transpose()
}

fn check_role_change(auth: &Authenticated, from: Role, to: Role) -> Result<(), ApiError> {
    if !auth.user.role.can_change_role(from, to) {
        return Err(ApiError::forbidden(
            "role_not_grantable",
            format!(
                "Your role ({}) cannot change a {from} into a {to}.",
                auth.user.role
            ),
        ));
    }
    auth.require_owner_change_allowed(from, to)
}

fn check_status_change(
    auth: &Authenticated,
    current: &UserSummary,
    status: UserStatus,
) -> Result<(), ApiError> {
    let verb = match status {
        UserStatus::Deactivated => "deactivate",
        _ => "reactivate",
    };
    if !auth.user.role.can_assign(current.role) {
        return Err(ApiError::forbidden(
            "forbidden",
            format!(
                "Your role ({}) cannot {verb} a {}.",
                auth.user.role, current.role
            ),
        ));
    }
    // Support sessions never change who holds an owner's rights, this way either.
    auth.require_owner_change_allowed(current.role, Role::Viewer)?;
    if current.status == UserStatus::Invited && status == UserStatus::Active {
        return Err(ApiError::Conflict {
            code: "invitation_pending",
            message: format!(
                "{} has not accepted their invitation yet; revoke the invitation instead.",
                current.email
            ),
        });
    }
    Ok(())
}

fn status_name(status: UserStatus) -> &'static str {
    match status {
        UserStatus::Invited => "invited",
        UserStatus::Active => "active",
        UserStatus::Deactivated => "deactivated",
    }
}

/// One audit entry per kind of change, as the REST routes always wrote them. A member
/// who leaves loses every session at once, and an invitee their open invitation.
async fn audit_changes(
    auth: &mut Authenticated,
    current: &UserSummary,
    next: &UserSummary,
    version: i64,
) -> Result<(), ApiError> {
    let target = Some(current.id.to_string());
    if current.role != next.role {
        auth.audit(
            "user.role_changed",
            target.clone(),
            json!({ "from": current.role, "to": next.role }),
        )
        .await?;
    }
    match (current.status, next.status) {
        (before, UserStatus::Deactivated) if before != UserStatus::Deactivated => {
            let ended =
                sessions::revoke_all_for_user(&mut auth.tx, current.id, "user deactivated").await?;
            let withdrawn =
                invitations::withdraw_for_user(&mut auth.tx, current.id, version).await?;
            auth.audit(
                "user.deactivated",
                target,
                json!({ "sessions_ended": ended, "invitations_withdrawn": withdrawn }),
            )
            .await?;
        }
        (UserStatus::Deactivated, UserStatus::Active) => {
            auth.audit("user.reactivated", target, json!({ "role": next.role }))
                .await?;
        }
        _ => {}
    }
    Ok(())
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
