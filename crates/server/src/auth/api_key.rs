//! The `ApiKeyAuth` extractor for integration routes (the chatbot, AI calling): it reads
//! a tenant API key, opens a transaction scoped to the tenant the key names, and there
//! checks the key's hash, that it is neither revoked nor expired, that the tenant is
//! active, and that its plan includes API access. A key can only ever be found in its
//! own tenant's rows, so a key of tenant A never acts in tenant B.

use axum::extract::FromRequestParts;
use axum::http::header;
use axum::http::request::Parts;
use brokerdesk_core::api_key::Scope;
use brokerdesk_core::ids::ApiKeyId;
use brokerdesk_core::plan::PlanTier;
use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::extract::{TenantNames, client_info, host_agrees};
use super::lifecycle;
use super::sessions::ClientInfo;
use crate::api_keys::{self, key_hash, parse_scopes, require_api_access};
use crate::db::{TenantScope, TenantTx};
use crate::error::{ApiError, parse_stored};
use crate::state::AppState;

/// The header integrations may send the key in instead of `Authorization: Bearer`.
pub const API_KEY_HEADER: &str = "x-api-key";

/// The key a request was made with.
pub struct CallingKey {
    pub id: ApiKeyId,
    pub name: String,
    pub scopes: Vec<Scope>,
}

pub struct ApiKeyAuth {
    pub tx: TenantTx,
    pub key: CallingKey,
    pub client: ClientInfo,
    /// The tenant's plan, read with the key.
    pub plan: PlanTier,
}

impl CallingKey {
    /// Refuses unless the key was issued with `scope`.
    pub fn require_scope(&self, scope: Scope) -> Result<(), ApiError> {
        if self.scopes.contains(&scope) {
            Ok(())
        } else {
            Err(ApiError::forbidden(
                "missing_scope",
                format!("This API key does not have the {scope} scope. Create a key that does."),
            ))
        }
    }
}

impl ApiKeyAuth {
    /// Refuses unless the key was issued with `scope`.
    pub fn require_scope(&self, scope: Scope) -> Result<(), ApiError> {
        self.key.require_scope(scope)
    }
}

fn invalid_key() -> ApiError {
    ApiError::unauthorized(
        "invalid_api_key",
        "The API key is not valid: it is mistyped, revoked or expired. Create a new key in Brokerdesk under Settings → API keys.",
    )
}

/// The key from `Authorization: Bearer …` or, failing that, `X-Api-Key`.
fn presented_key(parts: &Parts) -> Option<&str> {
    let value_of = |name: &str| parts.headers.get(name).and_then(|v| v.to_str().ok());
    value_of(header::AUTHORIZATION.as_str())
        .and_then(|value| value.strip_prefix("Bearer "))
        .or_else(|| value_of(API_KEY_HEADER))
        .map(str::trim)
}

type KeyRow = (
    Uuid,
    String,
    Vec<String>,
    Option<DateTime<Utc>>,
    Option<DateTime<Utc>>,
    String,
    String,
    String,
    Option<String>,
    Option<DateTime<Utc>>,
);

impl FromRequestParts<AppState> for ApiKeyAuth {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let presented = presented_key(parts).ok_or_else(invalid_key)?;
        let tenant_id = api_keys::tenant_of(presented).ok_or_else(invalid_key)?;
        let mut tx = state
            .db
            .begin_tenant(TenantScope {
                tenant_id,
                actor: "api_key".into(),
            })
            .await?;
        let row: Option<KeyRow> = sqlx::query_as(
            "select k.id, k.name, k.scopes, k.revoked_at, k.expires_at, t.status, t.plan,
                    t.subdomain, t.custom_domain, t.deletion_due_at
               from api_keys k join tenants t on t.id = k.tenant_id
              where k.tenant_id = $1 and k.key_hash = $2",
        )
        .bind(tenant_id.as_uuid())
        .bind(key_hash(presented))
        .fetch_optional(tx.conn())
        .await?;
        let Some(row) = row else {
            // A purged tenant has no keys left: say it is gone, not "mistyped".
            return Err(if lifecycle::is_deleted(&mut tx, tenant_id).await? {
                lifecycle::deleted()
            } else {
                invalid_key()
            });
        };
        let (id, name, scopes, revoked_at, expires_at, tenant_status, plan, subdomain, domain, due) =
            row;
        if tenant_status == "deleted" {
            return Err(lifecycle::deleted());
        }
        let expired = expires_at.is_some_and(|at| at <= Utc::now());
        if revoked_at.is_some() || expired {
            return Err(invalid_key());
        }
        if tenant_status == "pending_deletion" {
            // Integrations may still read (the published knowledge base), not write.
            lifecycle::check_pending(parts, due)?;
        } else if tenant_status != "active" {
            return Err(ApiError::forbidden(
                "tenant_suspended",
                "This brokerage's account is suspended, so its API keys do not work. Contact Brokerdesk support.",
            ));
        }
        let named = TenantNames {
            id: tenant_id,
            subdomain: &subdomain,
            custom_domain: domain.as_deref(),
        };
        if !host_agrees(parts, state, named).await? {
            return Err(ApiError::forbidden(
                "tenant_mismatch",
                "This API key belongs to a different brokerage than the address it was sent to.",
            ));
        }
        let plan = parse_stored::<PlanTier>(&plan)?;
        require_api_access(plan)?;
        // Integrations share the tenant's allowance with its people.
        state.rate_limiter.check_tenant(tenant_id, plan).await?;

        // Operational metadata, not synced data: it does not bump the tenant clock, which
        // would queue every integration request of the tenant on one row lock. Writing
        // at most once a minute keeps a busy chatbot from rewriting the row each request.
        sqlx::query(
            "update api_keys set last_used_at = now()
              where tenant_id = $1 and id = $2
                and (last_used_at is null or last_used_at < now() - interval '1 minute')",
        )
        .bind(tenant_id.as_uuid())
        .bind(id)
        .execute(tx.conn())
        .await?;
        tx.set_actor(format!("api_key:{id}")).await?;

        tracing::Span::current().record("tenant", tracing::field::display(tenant_id));
        Ok(Self {
            tx,
            key: CallingKey {
                id: ApiKeyId::from_uuid(id),
                name,
                scopes: parse_scopes(&scopes)?,
            },
            client: client_info(parts),
            plan,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_may_do_only_what_its_scopes_say() {
        let key = CallingKey {
            id: ApiKeyId::new(),
            name: "Chatbot".into(),
            scopes: vec![Scope::LeadsIngest, Scope::KbRead],
        };
        assert!(key.require_scope(Scope::KbRead).is_ok());
        let refused = key.require_scope(Scope::CallsIngest).unwrap_err();
        assert_eq!(
            (refused.status(), refused.code()),
            (axum::http::StatusCode::FORBIDDEN, "missing_scope")
        );
        assert!(refused.to_string().contains("calls:ingest"), "{refused}");
    }
}
