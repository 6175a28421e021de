//! A tenant's custom domain: the claim with its TXT verification token (tenant data),
//! and, once verified, the registry entry that makes the domain name the tenant.

use brokerdesk_core::custom_domain::{
    CustomDomain, CustomDomainStatus, verification_record_name, verification_txt,
};
use brokerdesk_core::ids::TenantId;
use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::auth::bearer_secret::random_secret;
use crate::db::{PlatformTx, TenantTx};

/// The sync entity name of a claim, for its tombstone.
const ENTITY: &str = "custom_domain";

#[derive(Debug, sqlx::FromRow)]
pub struct Claim {
    pub id: Uuid,
    pub domain: String,
    verification_token: String,
    pub verified_at: Option<DateTime<Utc>>,
    created_at: DateTime<Utc>,
}

impl Claim {
    pub fn status(&self) -> CustomDomainStatus {
        CustomDomainStatus {
            record_name: verification_record_name(&self.domain),
            record_value: verification_txt(&self.verification_token),
            domain: self.domain.clone(),
            verified_at: self.verified_at,
            created_at: self.created_at,
        }
    }

    pub fn token(&self) -> &str {
        &self.verification_token
    }
}

const COLUMNS: &str = "id, domain, verification_token, verified_at, created_at";

pub async fn current(tx: &mut TenantTx) -> Result<Option<Claim>, sqlx::Error> {
    sqlx::query_as(&format!(
        "select {COLUMNS} from custom_domains where tenant_id = $1"
    ))
    .bind(tx.tenant_id().as_uuid())
    .fetch_optional(tx.conn())
    .await
}

/// Claims `domain` with a fresh token, replacing any earlier claim (and its verification).
pub async fn claim(
    tx: &mut TenantTx,
    domain: &CustomDomain,
    version: i64,
) -> Result<Claim, sqlx::Error> {
    remove(tx, version).await?;
    sqlx::query_as(&format!(
        "insert into custom_domains (tenant_id, id, domain, verification_token, version)
         values ($1, $2, $3, $4, $5) returning {COLUMNS}"
    ))
    .bind(tx.tenant_id().as_uuid())
    .bind(Uuid::now_v7())
    .bind(domain.as_str())
    .bind(random_secret())
    .bind(version)
    .fetch_one(tx.conn())
    .await
}

/// Another tenant already serves this domain.
#[derive(Debug)]
pub struct DomainTaken;

/// Records the verification and enters the domain in the registry, where a unique index
/// keeps one domain from ever naming two tenants.
pub async fn mark_verified(
    tx: &mut TenantTx,
    claim: &Claim,
    version: i64,
) -> Result<Result<Claim, DomainTaken>, sqlx::Error> {
    let registered = sqlx::query("update tenants set custom_domain = $2 where id = $1")
        .bind(tx.tenant_id().as_uuid())
        .bind(&claim.domain)
        .execute(tx.conn())
        .await;
    match registered {
        Err(sqlx::Error::Database(error)) if error.is_unique_violation() => {
            return Ok(Err(DomainTaken));
        }
        other => other?,
    };
    let verified = sqlx::query_as(&format!(
        "update custom_domains set verified_at = now(), version = $3
          where tenant_id = $1 and id = $2 returning {COLUMNS}"
    ))
    .bind(tx.tenant_id().as_uuid())
    .bind(claim.id)
    .bind(version)
    .fetch_one(tx.conn())
    .await?;
    Ok(Ok(verified))
}

/// Drops the claim and takes the domain out of the registry; `None` when there was none.
pub async fn remove(tx: &mut TenantTx, version: i64) -> Result<Option<Claim>, sqlx::Error> {
    let removed: Option<Claim> = sqlx::query_as(&format!(
        "delete from custom_domains where tenant_id = $1 returning {COLUMNS}"
    ))
    .bind(tx.tenant_id().as_uuid())
    .fetch_optional(tx.conn())
    .await?;
    if let Some(claim) = &removed {
        sqlx::query("update tenants set custom_domain = null where id = $1")
            .bind(tx.tenant_id().as_uuid())
            .execute(tx.conn())
            .await?;
        tx.record_tombstone(ENTITY, claim.id, version).await?;
    }
    Ok(removed)
}

/// The tenant a verified custom domain names, if any (`host` lower-cased, no port).
pub async fn tenant_for_host(
    tx: &mut PlatformTx,
    host: &str,
) -> Result<Option<TenantId>, sqlx::Error> {
    let id: Option<Uuid> = sqlx::query_scalar("select id from tenants where custom_domain = $1")
        .bind(host)
        .fetch_optional(tx.conn())
        .await?;
    Ok(id.map(TenantId::from_uuid))
}
