//! What every route that proves who someone is shares: the per-address limit on
//! attempts at a secret, and issuing a session's tokens once the proof is accepted.

use axum::http::request::Parts;
use brokerdesk_core::identity::SessionTokens;
use brokerdesk_core::ids::UserId;
use brokerdesk_core::role::Role;

use super::extract::client_info;
use super::sessions::{self, ClientInfo};
use super::tokens::ACCESS_TOKEN_SECONDS;
use crate::db::TenantTx;
use crate::error::ApiError;
use crate::state::AppState;

/// An unauthenticated attempt at a secret (sign-in, registration, refresh, password
/// reset): the caller's details, once the per-address limit has let it through.
pub struct AuthAttempt(pub ClientInfo);

impl axum::extract::FromRequestParts<AppState> for AuthAttempt {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let client = client_info(parts);
        state
            .rate_limiter
            .check_auth_attempt(client.ip.as_deref())
            .await?;
        Ok(AuthAttempt(client))
    }
}

/// Opens a session for `user` and returns its access and refresh tokens.
pub async fn issue(
    state: &AppState,
    tx: &mut TenantTx,
    user: UserId,
    role: Role,
    client: &ClientInfo,
) -> Result<SessionTokens, ApiError> {
    let session = sessions::create(tx, user, client).await?;
    Ok(SessionTokens {
        access_token: state.tokens.issue(tx.tenant_id(), user, role, session.id)?,
        refresh_token: session.refresh_token,
        expires_in: ACCESS_TOKEN_SECONDS,
        tenant_id: tx.tenant_id(),
        user_id: user,
    })
}
