//! Creating tenants and their users. The registration API (and the demo seed) build on
//! these, so the registry row, the tenant's clock and its first rows always appear
//! together in one transaction. The folder also holds the plan and its usage, custom
//! domains, and the tenant snapshot every pull ends with.

mod custom_domain_http;
pub mod custom_domains;
pub mod deletion;
pub mod http;
pub mod plan_change;
pub mod plan_usage;
mod summary;
pub mod sync;

pub use summary::tenant_summary;

use brokerdesk_core::ids::{TenantId, UserId};
use brokerdesk_core::role::Role;
use brokerdesk_core::subdomain::Subdomain;
use brokerdesk_core::tenant::PlanTier;

use crate::db::{PlatformTx, TenantScope, TenantTx};

pub struct NewTenant<'a> {
    pub name: &'a str,
    pub subdomain: &'a Subdomain,
    pub plan: PlanTier,
}

/// Registers a tenant and starts its clock, and hands back the same transaction scoped to
/// the new tenant, so the caller creates its first users before anything commits.
pub async fn create_tenant(
    mut tx: PlatformTx,
    tenant: NewTenant<'_>,
    actor: &str,
) -> Result<TenantTx, sqlx::Error> {
    let id = TenantId::new();
    sqlx::query("insert into tenants (id, name, subdomain, plan) values ($1, $2, $3, $4)")
        .bind(id.as_uuid())
        .bind(tenant.name)
        .bind(tenant.subdomain.as_str())
        .bind(tenant.plan.as_str())
        .execute(tx.conn())
        .await?;
    let mut tx = tx
        .into_tenant(TenantScope {
            tenant_id: id,
            actor: actor.to_owned(),
        })
        .await?;
    sqlx::query("insert into tenant_clock (tenant_id) values ($1)")
        .bind(id.as_uuid())
        .execute(tx.conn())
        .await?;
    Ok(tx)
}

/// The tenant registered under `subdomain`, if any.
pub async fn find_by_subdomain(
    tx: &mut PlatformTx,
    subdomain: &Subdomain,
) -> Result<Option<TenantId>, sqlx::Error> {
    let id: Option<uuid::Uuid> = sqlx::query_scalar("select id from tenants where subdomain = $1")
        .bind(subdomain.as_str())
        .fetch_optional(tx.conn())
        .await?;
    Ok(id.map(TenantId::from_uuid))
}

/// The tenant registered under `subdomain`, if it exists and is not deleted.
pub async fn find_active_by_subdomain(
    tx: &mut PlatformTx,
    subdomain: &Subdomain,
) -> Result<Option<TenantId>, sqlx::Error> {
    let id: Option<uuid::Uuid> =
        sqlx::query_scalar("select id from tenants where subdomain = $1 and status <> 'deleted'")
            .bind(subdomain.as_str())
            .fetch_optional(tx.conn())
            .await?;
    Ok(id.map(TenantId::from_uuid))
}

pub struct NewUser<'a> {
    pub email: &'a str,
    pub display_name: &'a str,
    pub role: Role,
}

pub async fn add_user(tx: &mut TenantTx, user: NewUser<'_>) -> Result<UserId, sqlx::Error> {
    let version = tx.next_version().await?;
    insert_user(tx, &user, "active", version).await
}

/// Adds someone who has been invited but not yet accepted: they take a seat, but cannot
/// sign in until the invitation is accepted. `version` is the transaction's clock value.
pub async fn add_invited_user(
    tx: &mut TenantTx,
    user: NewUser<'_>,
    version: i64,
) -> Result<UserId, sqlx::Error> {
    insert_user(tx, &user, "invited", version).await
}

async fn insert_user(
    tx: &mut TenantTx,
    user: &NewUser<'_>,
    status: &str,
    version: i64,
) -> Result<UserId, sqlx::Error> {
    let id = UserId::new();
    let tenant_id = tx.tenant_id();
    sqlx::query(
        "insert into users (tenant_id, id, email, display_name, role, status, version) values ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(tenant_id.as_uuid())
    .bind(id.as_uuid())
    .bind(user.email)
    .bind(user.display_name)
    .bind(user.role.as_str())
    .bind(status)
    .bind(version)
    .execute(tx.conn())
    .await?;
    Ok(id)
}

/// Stores an argon2id hash as the user's password.
pub async fn set_password_hash(
    tx: &mut TenantTx,
    user: UserId,
    hash: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("update users set password_hash = $3 where tenant_id = $1 and id = $2")
        .bind(tx.tenant_id().as_uuid())
        .bind(user.as_uuid())
        .bind(hash)
        .execute(tx.conn())
        .await?;
    Ok(())
}
