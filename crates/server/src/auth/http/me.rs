//! The signed-in user: who they are, and their own sessions.

use axum::Json;
use axum::extract::Path;
use axum::http::StatusCode;
use brokerdesk_core::identity::{ChangePasswordRequest, Me, SessionSummary};
use brokerdesk_core::password::check_new_password;
use brokerdesk_core::permission::Permission;
use chrono::{DateTime, Utc};
use serde_json::json;
use uuid::Uuid;

use crate::auth::{Authenticated, password, sessions};
use crate::error::ApiError;
use crate::members::load_user;
use crate::tenancy::{self, tenant_summary};

/// The signed-in user and their tenant.
#[utoipa::path(
    get, path = "/v1/me", tag = "me",
    responses((status = 200, body = Me), (status = 401, body = brokerdesk_core::error::ErrorBody)),
    security(("bearer" = []))
)]
pub async fn me(mut auth: Authenticated) -> Result<Json<Me>, ApiError> {
    let user = load_user(&mut auth.tx, auth.user.id)
        .await?
        .ok_or_else(|| ApiError::NotFound("No such user.".into()))?;
    let tenant = tenant_summary(&mut auth.tx).await?;
    Ok(Json(Me {
        user,
        tenant,
        session_id: auth.user.session_id,
    }))
}

type SessionRow = (
    Uuid,
    DateTime<Utc>,
    DateTime<Utc>,
    Option<String>,
    Option<String>,
);

/// The signed-in user's live sessions, on every device.
#[utoipa::path(
    get, path = "/v1/me/sessions", tag = "me",
    responses((status = 200, body = Vec<SessionSummary>)),
    security(("bearer" = []))
)]
pub async fn list_sessions(mut auth: Authenticated) -> Result<Json<Vec<SessionSummary>>, ApiError> {
    let rows: Vec<SessionRow> = sqlx::query_as(
        "select id, created_at, last_used_at, ip, user_agent from sessions
          where tenant_id = $1 and user_id = $2 and revoked_at is null and expires_at > now()
          order by last_used_at desc",
    )
    .bind(auth.tx.tenant_id().as_uuid())
    .bind(auth.user.id.as_uuid())
    .fetch_all(auth.tx.conn())
    .await?;
    let current = auth.user.session_id;
    Ok(Json(
        rows.into_iter()
            .map(
                |(id, created_at, last_used_at, ip, user_agent)| SessionSummary {
                    id,
                    created_at,
                    last_used_at,
                    ip,
                    user_agent,
                    current: id == current,
                },
            )
            .collect(),
    ))
}

/// Ends one of the signed-in user's own sessions (for example a lost laptop's).
#[utoipa::path(
    delete, path = "/v1/me/sessions/{id}", tag = "me",
    params(("id" = Uuid, Path, description = "Session id")),
    responses((status = 204, description = "Ended"), (status = 404, body = brokerdesk_core::error::ErrorBody)),
    security(("bearer" = []))
)]
pub async fn revoke_session(
    mut auth: Authenticated,
    Path(id): Path<Uuid>,
) -> Result<StatusCode, ApiError> {
    // Only the caller's own sessions: anyone else's id is simply not found.
    let own: Option<Uuid> = sqlx::query_scalar(
        "select id from sessions where tenant_id = $1 and id = $2 and user_id = $3 and revoked_at is null",
    )
    .bind(auth.tx.tenant_id().as_uuid())
    .bind(id)
    .bind(auth.user.id.as_uuid())
    .fetch_optional(auth.tx.conn())
    .await?;
    if own.is_none() {
        return Err(ApiError::NotFound("No such session.".into()));
    }
    sessions::revoke(&mut auth.tx, id, "revoked by user").await?;
    auth.audit("auth.session_revoked", Some(id.to_string()), json!({}))
        .await?;
    auth.tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Changes the signed-in user's password and ends their other sessions, since whoever
/// knew the old password may be signed in elsewhere.
#[utoipa::path(
    post, path = "/v1/me/password", tag = "me", request_body = ChangePasswordRequest,
    responses(
        (status = 204, description = "Changed"),
        (status = 401, description = "The current password is wrong", body = brokerdesk_core::error::ErrorBody),
        (status = 422, description = "The new password is too weak", body = brokerdesk_core::error::ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn change_password(
    mut auth: Authenticated,
    Json(request): Json<ChangePasswordRequest>,
) -> Result<StatusCode, ApiError> {
    auth.require(Permission::ChangeOwnPassword)?;
    auth.confirm_password(request.current_password).await?;
    let email: String =
        sqlx::query_scalar("select email from users where tenant_id = $1 and id = $2")
            .bind(auth.tx.tenant_id().as_uuid())
            .bind(auth.user.id.as_uuid())
            .fetch_one(auth.tx.conn())
            .await?;
    check_new_password(&request.new_password, &[&email, &auth.user.display_name])
        .map_err(|e| ApiError::validation("weak_password", e.to_string()))?;
    let hash = password::hash(request.new_password).await?;
    tenancy::set_password_hash(&mut auth.tx, auth.user.id, &hash).await?;
    let ended: u64 = sqlx::query(
        "update sessions set revoked_at = now(), revoked_reason = 'password changed'
          where tenant_id = $1 and user_id = $2 and id <> $3 and revoked_at is null",
    )
    .bind(auth.tx.tenant_id().as_uuid())
    .bind(auth.user.id.as_uuid())
    .bind(auth.user.session_id)
    .execute(auth.tx.conn())
    .await?
    .rows_affected();
    auth.audit(
        "auth.password_changed",
        None,
        json!({ "other_sessions_ended": ended }),
    )
    .await?;
    auth.tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}
