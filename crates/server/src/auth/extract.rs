//! The `Authenticated` extractor: the only way a handler gets at tenant data. It
//! verifies the access token, opens a transaction scoped to the token's tenant, and
//! re-checks in that transaction that the session, the user and the tenant are live.

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::header;
use axum::http::request::Parts;
use brokerdesk_core::custom_domain::CustomDomain;
use brokerdesk_core::ids::{TenantId, UserId};
use brokerdesk_core::permission::{
    Permission, allowed_in_support_session, role_change_allowed_in_support_session,
};
use brokerdesk_core::plan::PlanTier;
use brokerdesk_core::role::Role;
use brokerdesk_core::subdomain::Subdomain;
use std::net::SocketAddr;
use uuid::Uuid;

use super::lifecycle;
use super::principal::{self, SupportActor};
use super::sessions::ClientInfo;
use crate::db::{TenantScope, TenantTx};
use crate::error::ApiError;
use crate::state::AppState;
use crate::tenancy::custom_domains;

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

/// Whether a request counts against the tenant's plan allowance of requests.
#[derive(Clone, Copy, PartialEq)]
enum Metering {
    Counted,
    Exempt,
}

impl FromRequestParts<AppState> for Authenticated {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        Self::authenticate(parts, state, Metering::Counted).await
    }
}

/// [`Authenticated`] for the sync long-poll, which every signed-in app keeps open all the
/// time: counted, its wake-ups alone would use most of a small plan's allowance. It is
/// as authenticated as any request; it is cheap for the server because it holds no
/// database connection while it waits, so it is not counted.
pub struct AuthenticatedLongPoll(pub Authenticated);

impl FromRequestParts<AppState> for AuthenticatedLongPoll {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        Authenticated::authenticate(parts, state, Metering::Exempt)
            .await
            .map(Self)
    }
}

impl Authenticated {
    async fn authenticate(
        parts: &mut Parts,
        state: &AppState,
        metering: Metering,
    ) -> Result<Self, ApiError> {
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
        let Some(principal) = principal::load(&mut tx, &claims).await? else {
            // A purged tenant has no sessions left: say it is gone, not "sign in again".
            return Err(if lifecycle::is_deleted(&mut tx, claims.tid).await? {
                lifecycle::deleted()
            } else {
                session_ended()
            });
        };
        if principal.tenant_status == "deleted" {
            return Err(lifecycle::deleted());
        }
        if !principal.live {
            return Err(session_ended());
        }
        let named = TenantNames {
            id: claims.tid,
            subdomain: &principal.subdomain,
            custom_domain: principal.custom_domain.as_deref(),
        };
        if !host_agrees(parts, state, named).await? {
            return Err(ApiError::forbidden(
                "tenant_mismatch",
                "This address belongs to a different brokerage than the one you are signed in to.",
            ));
        }
        if lifecycle::is_write(&parts.method) && principal.tenant_status == "suspended" {
            return Err(ApiError::forbidden(
                "tenant_suspended",
                "This brokerage's account is suspended: you can sign in and read, but not make changes. Contact Brokerdesk support.",
            ));
        }
        if principal.tenant_status == "pending_deletion" {
            lifecycle::check_pending(parts, principal.deletion_due_at)?;
        }

        if metering == Metering::Counted {
            state
                .rate_limiter
                .check_tenant(claims.tid, principal.plan)
                .await?;
        }

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

/// What a request's Host header says about the tenant it is for.
#[derive(Debug, PartialEq)]
enum HostNames {
    /// `<label>.<base domain>`, where the label could be a tenant's subdomain.
    Subdomain(String),
    /// A name outside the base domain, which may be some tenant's verified custom domain.
    Other(String),
    /// No tenant: no Host, an IP address, a single-label name or the base domain itself.
    Nothing,
}

fn host_names(parts: &Parts, base_domain: Option<&str>) -> HostNames {
    let Some(host) = parts
        .headers
        .get(header::HOST)
        .and_then(|value| value.to_str().ok())
    else {
        return HostNames::Nothing;
    };
    let host = host.rsplit_once(':').map_or(host, |(name, port)| {
        if port.bytes().all(|b| b.is_ascii_digit()) {
            name
        } else {
            host
        }
    });
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    if let Some(base) = base_domain
        && let Some(label) = host
            .strip_suffix(base)
            .and_then(|rest| rest.strip_suffix('.'))
    {
        // Reserved labels (api, www, …) are the platform's own names, not tenants'.
        return match Subdomain::parse(label) {
            Ok(subdomain) => HostNames::Subdomain(subdomain.as_str().to_owned()),
            Err(_) => HostNames::Nothing,
        };
    }
    match CustomDomain::parse(&host) {
        Ok(domain) if Some(domain.as_str()) != base_domain => {
            HostNames::Other(domain.as_str().to_owned())
        }
        _ => HostNames::Nothing,
    }
}

/// False when the Host names a tenant other than the token's. The token stays
/// authoritative: a Host can only ever cause a refusal, never pick a tenant.
/// The names a caller's tenant answers to, for [`host_agrees`].
pub(crate) struct TenantNames<'a> {
    pub id: TenantId,
    pub subdomain: &'a str,
    pub custom_domain: Option<&'a str>,
}

/// Whether the Host header names the caller's tenant, or names none. Bearer tokens and
/// API keys alike: a credential of one brokerage sent to another's address is refused.
pub(crate) async fn host_agrees(
    parts: &Parts,
    state: &AppState,
    tenant: TenantNames<'_>,
) -> Result<bool, ApiError> {
    match host_names(parts, state.base_domain.as_deref()) {
        HostNames::Subdomain(label) => Ok(label == tenant.subdomain),
        HostNames::Other(host) if tenant.custom_domain == Some(host.as_str()) => Ok(true),
        HostNames::Other(host) => {
            // Only a verified custom domain names a tenant; any other name (the API's own
            // host name, a load balancer's) names none. The registry is platform data, so
            // this one read runs outside the tenant's transaction.
            let mut registry = state.db.begin_platform("host-check").await?;
            let owner = custom_domains::tenant_for_host(&mut registry, &host).await?;
            Ok(owner.is_none_or(|owner| owner == tenant.id))
        }
        HostNames::Nothing => Ok(true),
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::Request;

    fn names(host: Option<&str>) -> HostNames {
        let mut request = Request::builder();
        if let Some(host) = host {
            request = request.header(header::HOST, host);
        }
        let (parts, ()) = request.body(()).unwrap().into_parts();
        host_names(&parts, Some("brokerdesk.test"))
    }

    #[test]
    fn host_header_shapes_name_what_they_should() {
        let sub = |s: &str| HostNames::Subdomain(s.into());
        let other = |s: &str| HostNames::Other(s.into());
        let cases = [
            (Some("acme.brokerdesk.test"), sub("acme")),
            (Some("ACME.Brokerdesk.test:8443"), sub("acme")),
            (Some("acme.brokerdesk.test."), sub("acme")),
            (Some("api.brokerdesk.test"), HostNames::Nothing),
            (Some("a.b.brokerdesk.test"), HostNames::Nothing),
            (Some("brokerdesk.test"), HostNames::Nothing),
            (
                Some("homes.acme-realty.com"),
                other("homes.acme-realty.com"),
            ),
            (
                Some("Homes.Acme-Realty.com:443"),
                other("homes.acme-realty.com"),
            ),
            (Some("evilbrokerdesk.test"), other("evilbrokerdesk.test")),
            (Some("127.0.0.1:8080"), HostNames::Nothing),
            (Some("[::1]:8080"), HostNames::Nothing),
            (Some("localhost:8080"), HostNames::Nothing),
            (None, HostNames::Nothing),
        ];
        for (host, expected) in cases {
            assert_eq!(names(host), expected, "Host {host:?}");
        }
    }
}
