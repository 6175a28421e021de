//! OAuth2 with Dotloop (authorization code only): the authorize URL and its `state`,
//! and the token endpoint (exchange, refresh, revoke) with HTTP Basic client auth.

use brokerdesk_core::ids::UserId;
use chrono::{DateTime, Duration, Utc};
use serde::Deserialize;

use super::config::{DotloopConfig, OAuthClient};
use super::connection::Tokens;
use super::upstream;
use crate::auth::bearer_secret;
use crate::db::{Database, TenantScope, TenantTx};
use crate::error::ApiError;

/// The prefix of a `state`: `bdo.<tenant>.<secret>`. The tenant part says which
/// tenant's transaction to look the state up in; only its hash is stored there.
const STATE_PREFIX: &str = "bdo";
const STATE_LIFETIME_MINUTES: i64 = 10;

/// Where the browser goes to let Brokerdesk read the Dotloop account.
pub fn authorize_url(
    config: &DotloopConfig,
    client: &OAuthClient,
    state: &str,
) -> Result<String, ApiError> {
    let url = reqwest::Url::parse_with_params(
        &format!("{}/oauth/authorize", config.auth_url),
        [
            ("response_type", "code"),
            ("client_id", client.client_id.as_str()),
            ("redirect_uri", client.redirect_uri.as_str()),
            ("state", state),
            // A person who declines comes back with `error=access_denied`, not a dead end.
            ("redirect_on_deny", "true"),
        ],
    )
    .map_err(|e| ApiError::Internal(anyhow::anyhow!("BROKERDESK_DOTLOOP_AUTH_URL: {e}")))?;
    Ok(url.into())
}

/// A new single-use `state` bound to the tenant and the user who asked.
pub async fn issue_state(tx: &mut TenantTx, user: UserId) -> Result<String, ApiError> {
    let state = bearer_secret::generate(STATE_PREFIX, tx.tenant_id());
    sqlx::query(
        "insert into dotloop_oauth_states (tenant_id, state_hash, user_id, expires_at)
         values ($1, $2, $3, now() + make_interval(mins => $4))",
    )
    .bind(tx.tenant_id().as_uuid())
    .bind(bearer_secret::hash(&state))
    .bind(user.as_uuid())
    .bind(STATE_LIFETIME_MINUTES as i32)
    .execute(tx.conn())
    .await?;
    Ok(state)
}

/// Why a callback's `state` was not accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StateRefused {
    /// Malformed, altered, already used, or another tenant's.
    Unknown,
    Expired,
}

/// A state taken back: the tenant's transaction it was found in, and who asked.
pub struct TakenState {
    pub tx: TenantTx,
    pub user: UserId,
}

/// Takes the state back, once: it is deleted whether or not it is still valid.
/// The deletion commits with `tx`; the caller commits even when the rest fails, so a
/// state is never accepted twice.
pub async fn take_state(
    db: &Database,
    state: &str,
) -> Result<Result<TakenState, StateRefused>, ApiError> {
    let Some(tenant) = bearer_secret::tenant_of(STATE_PREFIX, state) else {
        return Ok(Err(StateRefused::Unknown));
    };
    let mut tx = db
        .begin_tenant(TenantScope {
            tenant_id: tenant,
            actor: "dotloop-callback".into(),
        })
        .await?;
    let row: Option<(uuid::Uuid, DateTime<Utc>)> = sqlx::query_as(
        "delete from dotloop_oauth_states where tenant_id = $1 and state_hash = $2
         returning user_id, expires_at",
    )
    .bind(tenant.as_uuid())
    .bind(bearer_secret::hash(state))
    .fetch_optional(tx.conn())
    .await?;
    // Expired states of the tenant go too, so the table stays small.
    sqlx::query("delete from dotloop_oauth_states where tenant_id = $1 and expires_at < now()")
        .bind(tenant.as_uuid())
        .execute(tx.conn())
        .await?;
    match row {
        None => {
            tx.commit().await?;
            Ok(Err(StateRefused::Unknown))
        }
        Some((_, expires_at)) if expires_at < Utc::now() => {
            tx.commit().await?;
            Ok(Err(StateRefused::Expired))
        }
        Some((user, _)) => Ok(Ok(TakenState {
            tx,
            user: UserId::from_uuid(user),
        })),
    }
}

#[derive(Deserialize)]
struct TokenAnswer {
    access_token: String,
    refresh_token: String,
    /// Seconds; about 43,199 (12 hours).
    expires_in: i64,
}

/// How a token request went wrong.
#[derive(Debug)]
pub enum TokenError {
    /// Dotloop refused the code or refresh token (400/401): only a new connect helps.
    Refused,
    Unavailable(ApiError),
}

async fn token_request(
    http: &reqwest::Client,
    config: &DotloopConfig,
    client: &OAuthClient,
    form: &[(&str, &str)],
) -> Result<Tokens, TokenError> {
    let sent_at = Utc::now();
    let response = http
        .post(format!("{}/oauth/token", config.auth_url))
        .basic_auth(&client.client_id, Some(&client.client_secret))
        .form(form)
        .send()
        .await
        .map_err(|e| TokenError::Unavailable(upstream(e.without_url())))?;
    let status = response.status();
    if status == reqwest::StatusCode::BAD_REQUEST || status == reqwest::StatusCode::UNAUTHORIZED {
        return Err(TokenError::Refused);
    }
    if !status.is_success() {
        return Err(TokenError::Unavailable(upstream(format!(
            "token endpoint answered {status}"
        ))));
    }
    let answer: TokenAnswer = response
        .json()
        .await
        .map_err(|e| TokenError::Unavailable(upstream(e.without_url())))?;
    Ok(Tokens {
        access: answer.access_token,
        refresh: answer.refresh_token,
        // Counted from when the request left, so the token is never thought fresher.
        access_expires_at: sent_at + Duration::seconds(answer.expires_in),
    })
}

pub async fn exchange_code(
    http: &reqwest::Client,
    config: &DotloopConfig,
    client: &OAuthClient,
    code: &str,
) -> Result<Tokens, TokenError> {
    let form = [
        ("grant_type", "authorization_code"),
        ("code", code),
        ("redirect_uri", client.redirect_uri.as_str()),
    ];
    token_request(http, config, client, &form).await
}

pub async fn refresh(
    http: &reqwest::Client,
    config: &DotloopConfig,
    client: &OAuthClient,
    refresh_token: &str,
) -> Result<Tokens, TokenError> {
    let form = [
        ("grant_type", "refresh_token"),
        ("refresh_token", refresh_token),
    ];
    token_request(http, config, client, &form).await
}

/// Revokes the token at Dotloop; returns whether Dotloop confirmed it.
pub async fn revoke(
    http: &reqwest::Client,
    config: &DotloopConfig,
    client: &OAuthClient,
    access_token: &str,
) -> bool {
    let sent = http
        .post(format!("{}/oauth/token/revoke", config.auth_url))
        .basic_auth(&client.client_id, Some(&client.client_secret))
        .query(&[("token", access_token)])
        .send()
        .await;
    match sent {
        Ok(response) if response.status().is_success() => true,
        Ok(response) => {
            tracing::warn!(status = %response.status(), "Dotloop refused to revoke a token");
            false
        }
        Err(error) => {
            tracing::warn!(error = %error.without_url(), "Dotloop's revoke endpoint did not answer");
            false
        }
    }
}
