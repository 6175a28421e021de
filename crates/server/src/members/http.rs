//! The tenant's members: list, change role, deactivate, reactivate. The rules live in
//! [`crate::members`], which sync pushes use too.

use axum::Json;
use axum::extract::Path;
use brokerdesk_core::admin_edit::MemberChanges;
use brokerdesk_core::identity::{ChangeRoleRequest, UserStatus, UserSummary};
use brokerdesk_core::ids::UserId;
use brokerdesk_core::permission::Permission;
use uuid::Uuid;

use crate::auth::Authenticated;
use crate::error::ApiError;
use crate::members;
use crate::state::AppState;
use crate::sync::merge::WriteOrigin;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::members::all_users;

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

/// Applies one change to a member and commits it.
async fn change(
    mut auth: Authenticated,
    id: Uuid,
    changes: MemberChanges,
) -> Result<Json<UserSummary>, ApiError> {
    let written = members::update(
        &mut auth,
        UserId::from_uuid(id),
        changes,
        WriteOrigin::DIRECT,
    )
    .await?;
    auth.tx.commit().await?;
    Ok(Json(written.user))
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
    auth: Authenticated,
    Path(id): Path<Uuid>,
    Json(request): Json<ChangeRoleRequest>,
) -> Result<Json<UserSummary>, ApiError> {
    change(auth, id, MemberChanges::role(request.role)).await
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
    auth: Authenticated,
    Path(id): Path<Uuid>,
) -> Result<Json<UserSummary>, ApiError> {
    change(auth, id, MemberChanges::status(UserStatus::Deactivated)).await
}

/// Lets a deactivated member in again, with the role they had. They take a seat again,
/// so the plan's user limit applies; they sign in afresh.
#[utoipa::path(
    post, path = "/v1/users/{id}/reactivate", tag = "users",
    params(("id" = Uuid, Path, description = "User id")),
    responses(
        (status = 200, body = UserSummary),
        (status = 403, description = "`forbidden`, or `quota_exceeded` when the plan has no free seat", body = brokerdesk_core::error::ErrorBody),
        (status = 404, body = brokerdesk_core::error::ErrorBody),
        (status = 409, description = "`invitation_pending`: an invitee has no membership to reactivate", body = brokerdesk_core::error::ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn reactivate(
    auth: Authenticated,
    Path(id): Path<Uuid>,
) -> Result<Json<UserSummary>, ApiError> {
    change(auth, id, MemberChanges::status(UserStatus::Active)).await
}

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_users))
        .routes(routes!(change_role))
        .routes(routes!(deactivate))
        .routes(routes!(reactivate))
}
