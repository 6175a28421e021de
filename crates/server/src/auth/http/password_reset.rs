//! Forgotten passwords: a mailed, single-use link valid for an hour. Asking for a reset
//! never reveals whether the account exists.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use brokerdesk_core::identity::{CompletePasswordResetRequest, PasswordResetRequest};
use brokerdesk_core::password::check_new_password;
use brokerdesk_core::people::Email;
use brokerdesk_core::subdomain::Subdomain;
use chrono::{Duration, Utc};
use serde_json::json;
use uuid::Uuid;

use crate::auth::attempt::AuthAttempt;
use crate::auth::audit::{record, user_event};
use crate::auth::bearer_secret;
use crate::auth::{lockout, password, sessions};
use crate::db::TenantScope;
use crate::error::ApiError;
use crate::mail::Mail;
use crate::state::AppState;
use crate::tenancy;

const TOKEN_PREFIX: &str = "bdp";
const LINK_LIFETIME: Duration = Duration::hours(1);

/// Mails a reset link when the workspace and email name an active user. Always 202.
#[utoipa::path(
    post, path = "/v1/auth/password-reset", tag = "auth", request_body = PasswordResetRequest,
    responses(
        (status = 202, description = "If the account exists, a link is on its way"),
        (status = 429, body = brokerdesk_core::error::ErrorBody),
    )
)]
pub async fn request_reset(
    State(state): State<AppState>,
    AuthAttempt(client): AuthAttempt,
    Json(request): Json<PasswordResetRequest>,
) -> Result<StatusCode, ApiError> {
    let (Ok(subdomain), Ok(email)) = (
        Subdomain::parse(request.tenant.trim()),
        Email::parse(&request.email),
    ) else {
        return Ok(StatusCode::ACCEPTED);
    };
    let mut platform = state.db.begin_platform("password-reset").await?;
    let tenant = tenancy::find_active_by_subdomain(&mut platform, &subdomain).await?;
    platform.commit().await?;
    let Some(tenant_id) = tenant else {
        return Ok(StatusCode::ACCEPTED);
    };

    let mut tx = state
        .db
        .begin_tenant(TenantScope {
            tenant_id,
            actor: "password-reset".into(),
        })
        .await?;
    let user: Option<(Uuid, String)> = sqlx::query_as(
        "select id, display_name from users where tenant_id = $1 and lower(email) = $2 and status = 'active'",
    )
    .bind(tenant_id.as_uuid())
    .bind(email.as_str())
    .fetch_optional(tx.conn())
    .await?;
    let Some((user_id, name)) = user else {
        return Ok(StatusCode::ACCEPTED);
    };

    let token = bearer_secret::generate(TOKEN_PREFIX, tenant_id);
    sqlx::query("insert into password_resets (tenant_id, token_hash, user_id, expires_at) values ($1, $2, $3, $4)")
        .bind(tenant_id.as_uuid())
        .bind(bearer_secret::hash(&token))
        .bind(user_id)
        .bind(Utc::now() + LINK_LIFETIME)
        .execute(tx.conn())
        .await?;
    let mail = Mail {
        to: email.into_string(),
        subject: "Reset your Brokerdesk password".into(),
        body: format!(
            "Hello {name},\n\nSomeone (we hope you) asked to reset your Brokerdesk password. The link works once, for an hour:\n\n{}/reset-password/{token}\n\nIf it was not you, ignore this mail: your password stays as it is.\n",
            state.public_url
        ),
    };
    let dispatch = state.mailer.submit(&mut tx, mail).await?;
    let event = user_event(
        tenant_id,
        None,
        &client,
        "auth.password_reset_requested",
        Some(user_id.to_string()),
        json!({}),
    );
    record(&mut tx, event).await?;
    tx.commit().await?;
    dispatch.run().await;
    Ok(StatusCode::ACCEPTED)
}

/// Sets a new password with a reset link's token; ends every session of the account.
#[utoipa::path(
    post, path = "/v1/auth/password-reset/complete", tag = "auth", request_body = CompletePasswordResetRequest,
    responses(
        (status = 204, description = "The password is changed"),
        (status = 410, description = "The link is used up or has expired", body = brokerdesk_core::error::ErrorBody),
        (status = 422, body = brokerdesk_core::error::ErrorBody),
    )
)]
pub async fn complete_reset(
    State(state): State<AppState>,
    AuthAttempt(client): AuthAttempt,
    Json(request): Json<CompletePasswordResetRequest>,
) -> Result<StatusCode, ApiError> {
    let gone = || ApiError::Gone {
        code: "reset_link_invalid",
        message: "This reset link has been used or has expired. Ask for a new one.".into(),
    };
    let tenant_id = bearer_secret::tenant_of(TOKEN_PREFIX, &request.token).ok_or_else(gone)?;
    let mut tx = state
        .db
        .begin_tenant(TenantScope {
            tenant_id,
            actor: "password-reset".into(),
        })
        .await?;
    let row: Option<(Uuid, String, String)> = sqlx::query_as(
        "select u.id, u.email, u.display_name from password_resets r
           join users u on u.tenant_id = r.tenant_id and u.id = r.user_id
          where r.tenant_id = $1 and r.token_hash = $2 and r.used_at is null and r.expires_at > now()
            and u.status = 'active'
          for update of r",
    )
    .bind(tenant_id.as_uuid())
    .bind(bearer_secret::hash(&request.token))
    .fetch_optional(tx.conn())
    .await?;
    let (user_id, email, name) = row.ok_or_else(gone)?;
    check_new_password(&request.new_password, &[&email, &name])
        .map_err(|e| ApiError::validation("weak_password", e.to_string()))?;
    let user = brokerdesk_core::ids::UserId::from_uuid(user_id);
    let hash = password::hash(request.new_password).await?;
    tenancy::set_password_hash(&mut tx, user, &hash).await?;
    sqlx::query("update password_resets set used_at = now() where tenant_id = $1 and user_id = $2 and used_at is null")
        .bind(tenant_id.as_uuid())
        .bind(user_id)
        .execute(tx.conn())
        .await?;
    lockout::clear(&mut tx, user).await?;
    let ended = sessions::revoke_all_for_user(&mut tx, user, "password reset").await?;
    let event = user_event(
        tenant_id,
        Some((user, &name)),
        &client,
        "auth.password_reset",
        None,
        json!({ "sessions_ended": ended }),
    );
    record(&mut tx, event).await?;
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}
