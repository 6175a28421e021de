//! Sign-in, token refresh and sign-out.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use brokerdesk_core::identity::{RefreshRequest, SessionTokens, SignInRequest};
use brokerdesk_core::ids::{TenantId, UserId};
use brokerdesk_core::people::Email;
use brokerdesk_core::role::Role;
use brokerdesk_core::subdomain::Subdomain;
use chrono::{DateTime, Utc};
use serde_json::json;
use uuid::Uuid;

use crate::auth::attempt::{AuthAttempt, issue};
use crate::auth::audit::{record, user_event};
use crate::auth::sessions::{self, ClientInfo, RefreshOutcome};
use crate::auth::tokens::ACCESS_TOKEN_SECONDS;
use crate::auth::{Authenticated, lifecycle, lockout, mfa, password};
use crate::db::{TenantScope, TenantTx};
use crate::error::ApiError;
use crate::state::AppState;
use crate::tenancy;

/// What sign-in needs to know about the account behind an email.
struct StoredCredentials {
    id: UserId,
    role: Role,
    display_name: String,
    password_hash: Option<String>,
    status: String,
    locked_until: Option<DateTime<Utc>>,
    mfa_enabled: bool,
}

async fn stored_credentials(
    tx: &mut TenantTx,
    email: &str,
) -> Result<Option<StoredCredentials>, ApiError> {
    type Row = (
        Uuid,
        String,
        String,
        Option<String>,
        String,
        Option<DateTime<Utc>>,
        bool,
    );
    let row: Option<Row> = sqlx::query_as(
        "select id, role, display_name, password_hash, status, locked_until, mfa_enabled
           from users where tenant_id = $1 and lower(email) = $2",
    )
    .bind(tx.tenant_id().as_uuid())
    .bind(email)
    .fetch_optional(tx.conn())
    .await?;
    row.map(
        |(id, role, display_name, password_hash, status, locked_until, mfa_enabled)| {
            Ok(StoredCredentials {
                id: UserId::from_uuid(id),
                role: role
                    .parse()
                    .map_err(|e| ApiError::Internal(anyhow::anyhow!("{e}")))?,
                display_name,
                password_hash,
                status,
                locked_until,
                mfa_enabled,
            })
        },
    )
    .transpose()
}

/// Records a failed attempt (counting it against the account, when there is one),
/// commits that record, waits the growing delay, and returns the error to answer with.
async fn fail_sign_in(
    mut tx: TenantTx,
    client: &ClientInfo,
    user: Option<UserId>,
    action: &str,
    details: serde_json::Value,
    error: impl FnOnce() -> ApiError,
) -> Result<ApiError, ApiError> {
    let failures = match user {
        Some(user) => Some(lockout::record_failure(&mut tx, user).await?),
        None => None,
    };
    let mut details = details;
    details["failures"] = json!(failures.map(|(count, _)| count));
    let event = user_event(
        tx.tenant_id(),
        None,
        client,
        action,
        user.map(|u| u.to_string()),
        details,
    );
    record(&mut tx, event).await?;
    tx.commit().await?;
    let (count, locked_until) = failures.unwrap_or((0, None));
    tokio::time::sleep(lockout::delay_for(count)).await;
    Ok(locked_until.map_or_else(error, account_locked))
}

/// What the trail keeps of a failed password: the audit trail is append-only and can
/// never be erased, so it holds no typed address. A known account is named by its id
/// (the entry's target); for an unknown one the owner still sees which domain is being
/// tried, which is what tells credential stuffing from a colleague's typo.
fn failed_attempt_details(user: Option<UserId>, email: &str) -> serde_json::Value {
    match user {
        Some(_) => json!({}),
        None => json!({
            "knownUser": false,
            "emailDomain": email.rsplit_once('@').map(|(_, domain)| domain),
        }),
    }
}

fn account_locked(until: DateTime<Utc>) -> ApiError {
    ApiError::unauthorized(
        "account_locked",
        format!(
            "Too many failed sign-ins: this account is locked until {} UTC. Try again then, or ask an owner or admin for help.",
            until.format("%H:%M")
        ),
    )
}

fn invalid_credentials() -> ApiError {
    ApiError::unauthorized(
        "invalid_credentials",
        "The workspace, email or password is not right.",
    )
}

/// Signs in with workspace (subdomain), email and password.
#[utoipa::path(
    post, path = "/v1/auth/sign-in", tag = "auth", request_body = SignInRequest,
    responses(
        (status = 200, description = "Signed in", body = SessionTokens),
        (status = 401, description = "Wrong workspace, email or password", body = brokerdesk_core::error::ErrorBody),
        (status = 410, description = "The brokerage has been deleted", body = brokerdesk_core::error::ErrorBody),
        (status = 429, description = "Too many attempts from this address", body = brokerdesk_core::error::ErrorBody),
    )
)]
pub async fn sign_in(
    State(state): State<AppState>,
    AuthAttempt(client): AuthAttempt,
    Json(request): Json<SignInRequest>,
) -> Result<Json<SessionTokens>, ApiError> {
    let subdomain = Subdomain::parse(request.tenant.trim()).map_err(|_| invalid_credentials())?;
    let mut platform = state.db.begin_platform("sign-in").await?;
    let tenant = tenancy::find_active_by_subdomain(&mut platform, &subdomain).await?;
    // Deleted but not purged yet (the purge scrubs the name, after which it names nobody).
    let deleted = tenant.is_none()
        && tenancy::find_by_subdomain(&mut platform, &subdomain)
            .await?
            .is_some();
    platform.commit().await?;
    // An address that cannot be valid names nobody: it is answered (and audited) like
    // one that matches no member, so the answer says nothing about which part was wrong.
    let email = Email::parse(&request.email).ok();

    let Some(tenant_id) = tenant else {
        // Spend the time of a real check, so response times do not reveal workspaces.
        password::verify(request.password, None).await?;
        return Err(if deleted {
            lifecycle::deleted()
        } else {
            invalid_credentials()
        });
    };
    let mut tx = state
        .db
        .begin_tenant(TenantScope {
            tenant_id,
            actor: "sign-in".into(),
        })
        .await?;
    let user = match &email {
        Some(email) => stored_credentials(&mut tx, email.as_str()).await?,
        None => None,
    };
    if let Some(until) = user
        .as_ref()
        .and_then(|u| u.locked_until)
        .filter(|until| *until > Utc::now())
    {
        return Err(account_locked(until));
    }
    let stored_hash = user
        .as_ref()
        .filter(|u| u.status == "active")
        .and_then(|u| u.password_hash.clone());
    let matches = password::verify(request.password, stored_hash).await?;
    let user = match user {
        Some(user) if matches => user,
        other => {
            let user = other.map(|u| u.id);
            let details = failed_attempt_details(user, email.as_ref().map_or("", Email::as_str));
            return Err(fail_sign_in(
                tx,
                &client,
                user,
                "auth.sign_in_failed",
                details,
                invalid_credentials,
            )
            .await?);
        }
    };
    let (user_id, role, name) = (user.id, user.role, user.display_name);
    if user.mfa_enabled {
        // Only now, with the password proven, does the answer reveal that MFA is on.
        let Some(code) = request
            .mfa_code
            .as_deref()
            .filter(|code| !code.trim().is_empty())
        else {
            return Err(ApiError::unauthorized(
                "mfa_required",
                "Enter the code from your authenticator app.",
            ));
        };
        if !mfa::verify_second_factor(&mut tx, &state.master_key, user_id, code).await? {
            let wrong_code = || {
                ApiError::unauthorized(
                    "invalid_mfa_code",
                    "That code is not right, or was already used.",
                )
            };
            return Err(fail_sign_in(
                tx,
                &client,
                Some(user_id),
                "auth.mfa_failed",
                json!({}),
                wrong_code,
            )
            .await?);
        }
    }
    lockout::clear(&mut tx, user_id).await?;
    sqlx::query("update users set last_sign_in_at = now() where tenant_id = $1 and id = $2")
        .bind(tenant_id.as_uuid())
        .bind(user_id.as_uuid())
        .execute(tx.conn())
        .await?;
    let tokens = issue(&state, &mut tx, user_id, role, &client).await?;
    record(
        &mut tx,
        user_event(
            tenant_id,
            Some((user_id, &name)),
            &client,
            "auth.signed_in",
            None,
            json!({}),
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(Json(tokens))
}

/// Exchanges a refresh token for a new pair. Each refresh token works once; presenting
/// one that was already used ends the session it belongs to.
#[utoipa::path(
    post, path = "/v1/auth/refresh", tag = "auth", request_body = RefreshRequest,
    responses(
        (status = 200, description = "A new token pair", body = SessionTokens),
        (status = 401, description = "The refresh token is not valid, or was reused", body = brokerdesk_core::error::ErrorBody),
        (status = 410, description = "The brokerage has been deleted", body = brokerdesk_core::error::ErrorBody),
        (status = 429, description = "Too many attempts from this address", body = brokerdesk_core::error::ErrorBody),
    )
)]
pub async fn refresh(
    State(state): State<AppState>,
    _attempt: AuthAttempt,
    Json(request): Json<RefreshRequest>,
) -> Result<Json<SessionTokens>, ApiError> {
    let tenant_id: TenantId = sessions::tenant_of(&request.refresh_token)
        .ok_or_else(|| ApiError::unauthorized("invalid_refresh_token", "Sign in again."))?;
    let mut tx = state
        .db
        .begin_tenant(TenantScope {
            tenant_id,
            actor: "refresh".into(),
        })
        .await?;
    if lifecycle::is_deleted(&mut tx, tenant_id).await? {
        return Err(lifecycle::deleted());
    }
    match sessions::rotate(&mut tx, &request.refresh_token).await? {
        RefreshOutcome::Rotated {
            session_id,
            user_id,
            refresh_token,
        } => {
            let role: Option<(String, String)> =
                sqlx::query_as("select role, status from users where tenant_id = $1 and id = $2")
                    .bind(tenant_id.as_uuid())
                    .bind(user_id.as_uuid())
                    .fetch_optional(tx.conn())
                    .await?;
            let role = match role {
                Some((role, status)) if status == "active" => role
                    .parse::<Role>()
                    .map_err(|e| ApiError::Internal(anyhow::anyhow!("{e}")))?,
                _ => {
                    return Err(ApiError::unauthorized(
                        "invalid_refresh_token",
                        "Sign in again.",
                    ));
                }
            };
            let access_token = state.tokens.issue(tenant_id, user_id, role, session_id)?;
            tx.commit().await?;
            Ok(Json(SessionTokens {
                access_token,
                refresh_token,
                expires_in: ACCESS_TOKEN_SECONDS,
                tenant_id,
                user_id,
            }))
        }
        RefreshOutcome::ReuseDetected => {
            // The revocation must stick even though the request fails.
            tx.commit().await?;
            Err(ApiError::unauthorized(
                "refresh_token_reused",
                "This sign-in was used from somewhere else, so it has been ended for safety. Sign in again.",
            ))
        }
        RefreshOutcome::Invalid => Err(ApiError::unauthorized(
            "invalid_refresh_token",
            "Sign in again.",
        )),
    }
}

/// Ends the current session.
#[utoipa::path(
    post, path = "/v1/auth/sign-out", tag = "auth",
    responses((status = 204, description = "Signed out")),
    security(("bearer" = []))
)]
pub async fn sign_out(mut auth: Authenticated) -> Result<StatusCode, ApiError> {
    let session = auth.user.session_id;
    sessions::revoke(&mut auth.tx, session, "signed out").await?;
    auth.audit("auth.signed_out", None, json!({})).await?;
    auth.tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}
