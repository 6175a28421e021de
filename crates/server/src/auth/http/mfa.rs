//! The signed-in user's own multi-factor authentication: enrol an authenticator,
//! confirm it with a code (which turns MFA on and issues recovery codes), or turn it off.

use axum::Json;
use axum::http::StatusCode;
use brokerdesk_core::identity::{
    MfaCodeRequest, MfaEnrolment, PasswordConfirmation, RecoveryCodes,
};
use brokerdesk_core::permission::Permission;
use serde_json::json;

use crate::auth::{Authenticated, mfa};
use crate::error::ApiError;
use crate::state::AppState;
use axum::extract::State;

/// Starts enrolment: a new seed, kept sealed until a code proves the app has it.
#[utoipa::path(
    post, path = "/v1/me/mfa/enrol", tag = "me",
    responses((status = 200, body = MfaEnrolment), (status = 409, body = brokerdesk_core::error::ErrorBody)),
    security(("bearer" = []))
)]
pub async fn enrol(
    State(state): State<AppState>,
    mut auth: Authenticated,
) -> Result<Json<MfaEnrolment>, ApiError> {
    auth.require(Permission::ManageOwnMfa)?;
    let (email, enabled): (String, bool) =
        sqlx::query_as("select email, mfa_enabled from users where tenant_id = $1 and id = $2")
            .bind(auth.tx.tenant_id().as_uuid())
            .bind(auth.user.id.as_uuid())
            .fetch_one(auth.tx.conn())
            .await?;
    if enabled {
        return Err(ApiError::Conflict {
            code: "mfa_already_enabled",
            message: "Multi-factor authentication is already on. Turn it off first to enrol a new device.".into(),
        });
    }
    let seed = mfa::new_seed();
    let sealed = state
        .master_key
        .seal(&seed, &mfa::seal_context(&auth.tx, auth.user.id));
    sqlx::query("update users set mfa_pending_sealed = $3 where tenant_id = $1 and id = $2")
        .bind(auth.tx.tenant_id().as_uuid())
        .bind(auth.user.id.as_uuid())
        .bind(sealed)
        .execute(auth.tx.conn())
        .await?;
    let (otpauth_url, secret) = mfa::enrolment(seed, &email)?;
    auth.tx.commit().await?;
    Ok(Json(MfaEnrolment {
        otpauth_url,
        secret,
    }))
}

/// Confirms enrolment with a code from the app; turns MFA on and returns recovery codes.
#[utoipa::path(
    post, path = "/v1/me/mfa/confirm", tag = "me", request_body = MfaCodeRequest,
    responses((status = 200, body = RecoveryCodes), (status = 422, body = brokerdesk_core::error::ErrorBody)),
    security(("bearer" = []))
)]
pub async fn confirm(
    State(state): State<AppState>,
    mut auth: Authenticated,
    Json(request): Json<MfaCodeRequest>,
) -> Result<Json<RecoveryCodes>, ApiError> {
    auth.require(Permission::ManageOwnMfa)?;
    let pending: Option<Vec<u8>> =
        sqlx::query_scalar("select mfa_pending_sealed from users where tenant_id = $1 and id = $2")
            .bind(auth.tx.tenant_id().as_uuid())
            .bind(auth.user.id.as_uuid())
            .fetch_one(auth.tx.conn())
            .await?;
    let not_enrolling = || ApiError::validation("mfa_not_enrolling", "Start enrolment first.");
    let sealed = pending.ok_or_else(not_enrolling)?;
    let seed = state
        .master_key
        .open(&sealed, &mfa::seal_context(&auth.tx, auth.user.id))
        .map_err(anyhow::Error::from)?;
    // A new seed has no accepted step yet.
    let step = mfa::fresh_step(seed, &request.code, None)?.ok_or_else(|| {
        ApiError::validation(
            "invalid_mfa_code",
            "That code is not right. Check the time on your phone and try the next code.",
        )
    })?;
    sqlx::query(
        "update users set mfa_secret_sealed = mfa_pending_sealed, mfa_pending_sealed = null,
                          mfa_enabled = true, mfa_last_step = $3
          where tenant_id = $1 and id = $2",
    )
    .bind(auth.tx.tenant_id().as_uuid())
    .bind(auth.user.id.as_uuid())
    .bind(step)
    .execute(auth.tx.conn())
    .await?;
    let codes = mfa::new_recovery_codes(&mut auth.tx, auth.user.id).await?;
    auth.audit("auth.mfa_enabled", None, json!({})).await?;
    auth.tx.commit().await?;
    Ok(Json(RecoveryCodes { codes }))
}

/// Turns MFA off, after the password is confirmed.
#[utoipa::path(
    post, path = "/v1/me/mfa/disable", tag = "me", request_body = PasswordConfirmation,
    responses((status = 204, description = "Turned off"), (status = 401, body = brokerdesk_core::error::ErrorBody)),
    security(("bearer" = []))
)]
pub async fn disable(
    mut auth: Authenticated,
    Json(request): Json<PasswordConfirmation>,
) -> Result<StatusCode, ApiError> {
    auth.require(Permission::ManageOwnMfa)?;
    auth.confirm_password(request.password).await?;
    sqlx::query(
        "update users set mfa_enabled = false, mfa_secret_sealed = null, mfa_pending_sealed = null
          where tenant_id = $1 and id = $2",
    )
    .bind(auth.tx.tenant_id().as_uuid())
    .bind(auth.user.id.as_uuid())
    .execute(auth.tx.conn())
    .await?;
    sqlx::query("delete from mfa_recovery_codes where tenant_id = $1 and user_id = $2")
        .bind(auth.tx.tenant_id().as_uuid())
        .bind(auth.user.id.as_uuid())
        .execute(auth.tx.conn())
        .await?;
    auth.audit("auth.mfa_disabled", None, json!({})).await?;
    auth.tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}
