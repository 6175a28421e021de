//! Tenant API keys: the key format, and creating, listing and revoking keys. The route
//! handlers and the demo seed build on these; the `ApiKeyAuth` extractor checks keys.
//!
//! A key is `bd_live_<secret>_<tenant>`: 43 characters of base64url (256 random bits)
//! and then the tenant id as 32 lowercase hex digits. A request that carries a key has no
//! JWT, so the key itself must say which tenant-scoped transaction to look it up in: the
//! tenant is in the key, in clear, as it is in refresh tokens. That keeps the lookup under
//! row-level security, with no platform-wide table of keys that every tenant's secret
//! would pass through. Base64url may itself contain `_`, so the key is split by length,
//! never at an underscore. The secret comes first so that a key's first characters
//! (`bd_live_AbC1`, shown in lists) tell a tenant's keys apart.

pub mod http;
pub mod sync;
mod whoami;

use brokerdesk_core::api_key::{ApiKeySummary, CreatedApiKey, Scope, rotation_due};
use brokerdesk_core::ids::{ApiKeyId, TenantId, UserId};
use brokerdesk_core::permission::Permission;
use brokerdesk_core::plan::{PlanTier, catalogue};
use chrono::{DateTime, Utc};
use serde_json::json;
use uuid::Uuid;

use crate::auth::bearer_secret::{hash as token_hash, random_secret};
use crate::auth::extract::Authenticated;
use crate::db::TenantTx;
use crate::error::{ApiError, parse_stored};

const KEY_PREFIX: &str = "bd_live_";
const SECRET_CHARS: usize = 43;
const TENANT_CHARS: usize = 32;
/// How much of the secret the list shows: enough to tell keys apart, far too little to
/// guess the rest.
const SHOWN_SECRET_CHARS: usize = 4;

/// The tenant a presented key belongs to, if it has the shape of a key at all.
pub fn tenant_of(key: &str) -> Option<TenantId> {
    let rest = key.strip_prefix(KEY_PREFIX)?;
    if rest.len() != SECRET_CHARS + 1 + TENANT_CHARS || !rest.is_ascii() {
        return None;
    }
    let (secret, tenant) = rest.split_at(SECRET_CHARS);
    let tenant = tenant.strip_prefix('_')?;
    let secret_ok = secret
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    let tenant_ok = tenant
        .bytes()
        .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
    if !(secret_ok && tenant_ok) {
        return None;
    }
    tenant.parse().ok()
}

fn new_key(tenant: TenantId) -> String {
    format!(
        "{KEY_PREFIX}{}_{}",
        random_secret(),
        tenant.as_uuid().simple()
    )
}

fn shown_prefix(key: &str) -> String {
    key[..KEY_PREFIX.len() + SHOWN_SECRET_CHARS].to_owned()
}

/// The SHA-256 stored for a key, and what a presented key is looked up by.
pub fn key_hash(key: &str) -> String {
    token_hash(key)
}

/// Keys work only while the tenant's plan includes API access. Checked when a key is
/// created and on every request made with one, so a downgrade stops existing keys.
pub fn require_api_access(plan: PlanTier) -> Result<(), ApiError> {
    if plan.plan().features.api_access {
        return Ok(());
    }
    let cheapest = catalogue()
        .into_iter()
        .find(|p| p.features.api_access)
        .map_or_else(|| "a plan that does".to_owned(), |p| p.name);
    Err(ApiError::forbidden(
        "plan_feature_required",
        format!(
            "Your {} plan does not include API access, so API keys cannot be created or used. Upgrade to {cheapest} or above to connect the chatbot and AI calling.",
            plan.display_name()
        ),
    ))
}

pub struct NewApiKey<'a> {
    pub name: &'a str,
    pub scopes: &'a [Scope],
    pub expires_at: Option<DateTime<Utc>>,
    pub created_by: UserId,
}

/// Stores a new key's hash and returns the key, which exists nowhere else afterwards.
pub async fn create(tx: &mut TenantTx, new: NewApiKey<'_>) -> Result<CreatedApiKey, ApiError> {
    let id = ApiKeyId::new();
    let key = new_key(tx.tenant_id());
    let scopes: Vec<&str> = new.scopes.iter().map(|s| s.as_str()).collect();
    let version = tx.next_version().await?;
    sqlx::query(
        "insert into api_keys (tenant_id, id, name, prefix, key_hash, scopes, created_by, expires_at, version)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(tx.tenant_id().as_uuid())
    .bind(id.as_uuid())
    .bind(new.name)
    .bind(shown_prefix(&key))
    .bind(key_hash(&key))
    .bind(&scopes)
    .bind(new.created_by.as_uuid())
    .bind(new.expires_at)
    .bind(version)
    .execute(tx.conn())
    .await?;
    let api_key = load(tx, id)
        .await?
        .ok_or_else(|| ApiError::Internal(anyhow::anyhow!("api key {id} vanished")))?;
    Ok(CreatedApiKey { key, api_key })
}

#[derive(sqlx::FromRow)]
struct KeyRow {
    id: Uuid,
    name: String,
    prefix: String,
    scopes: Vec<String>,
    created_by: Uuid,
    created_at: DateTime<Utc>,
    last_used_at: Option<DateTime<Utc>>,
    expires_at: Option<DateTime<Utc>>,
    revoked_at: Option<DateTime<Utc>>,
}

const KEY_COLUMNS: &str =
    "id, name, prefix, scopes, created_by, created_at, last_used_at, expires_at, revoked_at";

impl KeyRow {
    fn into_summary(self, now: DateTime<Utc>) -> Result<ApiKeySummary, ApiError> {
        Ok(ApiKeySummary {
            id: ApiKeyId::from_uuid(self.id),
            name: self.name,
            prefix: self.prefix,
            scopes: parse_scopes(&self.scopes)?,
            created_by: UserId::from_uuid(self.created_by),
            created_at: self.created_at,
            last_used_at: self.last_used_at,
            expires_at: self.expires_at,
            revoked_at: self.revoked_at,
            rotation_due: rotation_due(self.created_at, self.expires_at, self.revoked_at, now),
        })
    }
}

pub fn parse_scopes(stored: &[String]) -> Result<Vec<Scope>, ApiError> {
    stored.iter().map(|s| parse_stored(s)).collect()
}

/// Every key of the tenant, revoked ones included, newest first.
pub async fn list(tx: &mut TenantTx) -> Result<Vec<ApiKeySummary>, ApiError> {
    let rows: Vec<KeyRow> = sqlx::query_as(&format!(
        "select {KEY_COLUMNS} from api_keys where tenant_id = $1 order by created_at desc, id"
    ))
    .bind(tx.tenant_id().as_uuid())
    .fetch_all(tx.conn())
    .await?;
    let now = Utc::now();
    rows.into_iter().map(|row| row.into_summary(now)).collect()
}

/// The keys with these ids (their records, never a secret), for sync.
pub async fn by_ids(tx: &mut TenantTx, ids: &[Uuid]) -> Result<Vec<ApiKeySummary>, ApiError> {
    let rows: Vec<KeyRow> = sqlx::query_as(&format!(
        "select {KEY_COLUMNS} from api_keys where tenant_id = $1 and id = any($2)"
    ))
    .bind(tx.tenant_id().as_uuid())
    .bind(ids)
    .fetch_all(tx.conn())
    .await?;
    let now = Utc::now();
    rows.into_iter().map(|row| row.into_summary(now)).collect()
}

pub async fn load(tx: &mut TenantTx, id: ApiKeyId) -> Result<Option<ApiKeySummary>, ApiError> {
    let row: Option<KeyRow> = sqlx::query_as(&format!(
        "select {KEY_COLUMNS} from api_keys where tenant_id = $1 and id = $2"
    ))
    .bind(tx.tenant_id().as_uuid())
    .bind(id.as_uuid())
    .fetch_optional(tx.conn())
    .await?;
    row.map(|row| row.into_summary(Utc::now())).transpose()
}

/// Revokes a key at once, for a member allowed to manage keys; revoking a revoked key
/// changes nothing. The row stays, so the list and the audit trail still say what the
/// key was. Returns the key and the tenant version the revocation was made at. The
/// REST route and sync pushes both revoke through here.
pub async fn revoke_by(
    auth: &mut Authenticated,
    id: ApiKeyId,
) -> Result<(ApiKeySummary, i64), ApiError> {
    auth.require(Permission::ManageApiKeys)?;
    let version = auth.tx.next_version().await?;
    let no_such_key = || ApiError::NotFound("No such API key in this brokerage.".into());
    let existing = load(&mut auth.tx, id).await?.ok_or_else(no_such_key)?;
    if existing.revoked_at.is_some() {
        return Ok((existing, version));
    }
    sqlx::query(
        "update api_keys set revoked_at = now(), version = $3
          where tenant_id = $1 and id = $2 and revoked_at is null",
    )
    .bind(auth.tx.tenant_id().as_uuid())
    .bind(id.as_uuid())
    .bind(version)
    .execute(auth.tx.conn())
    .await?;
    auth.audit(
        "api_key.revoked",
        Some(id.to_string()),
        json!({ "name": existing.name }),
    )
    .await?;
    let revoked = load(&mut auth.tx, id).await?.ok_or_else(no_such_key)?;
    Ok((revoked, version))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_name_their_tenant_and_are_unique() {
        let tenant = TenantId::new();
        let (a, b) = (new_key(tenant), new_key(tenant));
        assert_ne!(a, b);
        assert_eq!(a.len(), KEY_PREFIX.len() + SECRET_CHARS + 1 + TENANT_CHARS);
        assert_eq!(tenant_of(&a), Some(tenant));
        assert_eq!(shown_prefix(&a).len(), 12);
        assert!(a.starts_with(&shown_prefix(&a)));
        assert_ne!(key_hash(&a), key_hash(&b));
    }

    #[test]
    fn a_secret_full_of_underscores_still_parses() {
        let tenant = TenantId::new();
        let key = format!(
            "{KEY_PREFIX}{}_{}",
            "_".repeat(43),
            tenant.as_uuid().simple()
        );
        assert_eq!(tenant_of(&key), Some(tenant));
    }

    #[test]
    fn malformed_keys_name_no_tenant() {
        let tenant = TenantId::new().as_uuid();
        let secret = "A".repeat(43);
        for bad in [
            String::new(),
            "bd_live_".to_owned(),
            format!("bd_test_{secret}_{}", tenant.simple()),
            format!("bd_live_{secret}_{}", tenant.hyphenated()),
            format!(
                "bd_live_{secret}_{}",
                tenant.simple().to_string().to_uppercase()
            ),
            format!("bd_live_{secret}A_{}", tenant.simple()),
            format!("bd_live_{}_{}", &secret[1..], tenant.simple()),
            format!("bd_live_{}é_{}", &secret[2..], tenant.simple()),
            format!("bd_live_{secret}.{}", tenant.simple()),
            format!("bdr.{}.{secret}", tenant.simple()),
        ] {
            assert_eq!(tenant_of(&bad), None, "{bad}");
        }
    }

    #[test]
    fn the_migration_allows_exactly_the_core_scopes() {
        let sql = include_str!("../../migrations/20261122000004_api_keys.sql");
        let listed = sql
            .split("ARRAY[")
            .nth(1)
            .and_then(|rest| rest.split(']').next())
            .expect("the scopes check lists an array");
        let expected: Vec<String> = Scope::ALL.iter().map(|s| format!("'{s}'")).collect();
        assert_eq!(listed, expected.join(", "));
    }

    #[test]
    fn only_paid_plans_may_use_keys() {
        let refused = require_api_access(PlanTier::Free).unwrap_err();
        assert_eq!(refused.code(), "plan_feature_required");
        assert!(
            refused.to_string().contains("Upgrade to Starter"),
            "{refused}"
        );
        assert!(require_api_access(PlanTier::Starter).is_ok());
    }
}
