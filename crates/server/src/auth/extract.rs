//! The `Authenticated` extractor: the only way a handler gets at tenant data. It
//! verifies the access token, opens a transaction scoped to the token's tenant, and
//! re-checks in that transaction that the session, the user and the tenant are live.

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use axum::http::{Method, header};
use brokerdesk_core::ids::UserId;
use brokerdesk_core::permission::{
    Permission, allowed_in_support_session, role_change_allowed_in_support_session,
};
use brokerdesk_core::plan::PlanTier;
use brokerdesk_core::role::Role;
use std::net::SocketAddr;
use uuid::Uuid;

use super::principal::{self, SupportActor};
use super::sessions::ClientInfo;
use crate::db::{TenantScope, TenantTx};
use crate::error::ApiError;
use crate::startup::AppState;

pub struct CurrentUser {
    /// The user, or the staff member in a support session.
    pub id: UserId,
    /// The role stored now, not the one in the token, so a demotion applies at once.
    pub role: Role,
    pub session_id: Uuid,
    pub display_name: String,
    /// Set when platform staff act in a support session.
    pub support: Option<SupportActor>,
}

pub struct Authenticated {
    pub tx: TenantTx,
    pub user: CurrentUser,
    pub client: ClientInfo,
    /// The tenant's plan, read with the session in this transaction.
    pub plan: PlanTier,
}

impl Authenticated {
    /// Refuses unless the user's role grants `permission` (the matrix in core).
    pub fn require(&self, permission: Permission) -> Result<(), ApiError> {
        if !self.user.role.can(permission) {
            return Err(ApiError::forbidden(
                "forbidden",
                format!("Your role ({}) does not allow this.", self.user.role),
            ));
        }
        if self.user.support.is_some() && !allowed_in_support_session(permission) {
            return Err(not_in_support());
        }
        Ok(())
    }

    /// Support sessions never change who owns a tenant.
    pub fn require_owner_change_allowed(&self, from: Role, to: Role) -> Result<(), ApiError> {
        if self.user.support.is_some() && !role_change_allowed_in_support_session(from, to) {
            return Err(not_in_support());
        }
        Ok(())
    }

    /// Re-checks the signed-in user's password before a sensitive change to their own
    /// account, so an unattended, signed-in app is not enough to make it.
    pub async fn confirm_password(&mut self, password: String) -> Result<(), ApiError> {
        let stored: Option<String> =
            sqlx::query_scalar("select password_hash from users where tenant_id = $1 and id = $2")
                .bind(self.tx.tenant_id().as_uuid())
                .bind(self.user.id.as_uuid())
                .fetch_one(self.tx.conn())
                .await?;
        if super::password::verify(password, stored).await? {
            Ok(())
        } else {
            Err(ApiError::unauthorized(
                "wrong_password",
                "The password is not right.",
            ))
        }
    }
}

fn not_in_support() -> ApiError {
    ApiError::forbidden(
        "not_allowed_in_support_session",
        "Platform support sessions cannot do this.",
    )
}

fn session_ended() -> ApiError {
    ApiError::unauthorized("session_ended", "Your session has ended. Sign in again.")
}

impl FromRequestParts<AppState> for Authenticated {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let token = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.strip_prefix("Bearer "))
            .ok_or_else(|| ApiError::unauthorized("not_signed_in", "Sign in to continue."))?;
        let claims = state.tokens.verify(token).ok_or_else(|| {
            ApiError::unauthorized("invalid_token", "Your sign-in is not valid or has expired.")
        })?;

        let mut tx = state
            .db
            .begin_tenant(TenantScope {
                tenant_id: claims.tid,
                actor: format!("user:{}", claims.sub),
            })
            .await?;
        let principal = principal::load(&mut tx, &claims)
            .await?
            .ok_or_else(session_ended)?;
        if !principal.live || principal.tenant_status == "deleted" {
            return Err(session_ended());
        }
        if let Some(named) = host_subdomain(parts, state.base_domain.as_deref())
            && named != principal.subdomain
        {
            return Err(ApiError::forbidden(
                "tenant_mismatch",
                "This address belongs to a different brokerage than the one you are signed in to.",
            ));
        }
        let writing = !matches!(parts.method, Method::GET | Method::HEAD | Method::OPTIONS);
        if writing && principal.tenant_status == "suspended" {
            return Err(ApiError::forbidden(
                "tenant_suspended",
                "This brokerage's account is suspended: you can sign in and read, but not make changes. Contact Brokerdesk support.",
            ));
        }

        state
            .rate_limiter
            .check_tenant(claims.tid, principal.plan)
            .await?;

        let span = tracing::Span::current();
        span.record("tenant", tracing::field::display(claims.tid));
        span.record("user", tracing::field::display(claims.sub));
        Ok(Self {
            tx,
            user: CurrentUser {
                id: claims.sub,
                role: principal.role,
                session_id: claims.sid,
                display_name: principal.display_name,
                support: principal.support,
            },
            client: client_info(parts),
            plan: principal.plan,
        })
    }
}

/// The tenant subdomain the Host header names, when it is `<label>.<base domain>`. The
/// token's tenant stays authoritative; the Host can only cause a refusal.
fn host_subdomain(parts: &Parts, base_domain: Option<&str>) -> Option<String> {
    let base = base_domain?;
    let host = parts.headers.get(header::HOST)?.to_str().ok()?;
    let host = host.rsplit_once(':').map_or(host, |(name, port)| {
        if port.bytes().all(|b| b.is_ascii_digit()) {
            name
        } else {
            host
        }
    });
    let label = host
        .to_ascii_lowercase()
        .strip_suffix(base)?
        .strip_suffix('.')?
        .to_owned();
    (!label.is_empty() && !label.contains('.')).then_some(label)
}

/// The caller's address and user agent, for sessions and the audit trail.
pub fn client_info(parts: &Parts) -> ClientInfo {
    ClientInfo {
        ip: parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|ConnectInfo(addr)| addr.ip().to_string()),
        user_agent: parts
            .headers
            .get(header::USER_AGENT)
            .and_then(|value| value.to_str().ok())
            .map(|agent| agent.chars().take(512).collect()),
    }
}
