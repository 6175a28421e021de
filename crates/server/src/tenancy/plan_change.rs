//! The owner's own change of plan (core's `plan::change` decides what fits): what the
//! tenant holds of each limit, counted in the change's transaction, and the change.

use brokerdesk_core::plan::PlanTier;
use brokerdesk_core::plan::change::{self, Footprint, PlanDirection, PlanOption};
use brokerdesk_core::settings::TenantSettings;
use serde_json::json;

use crate::auth::Authenticated;
use crate::db::TenantTx;
use crate::error::ApiError;

use super::custom_domains;
use super::plan_usage::seats;

/// What the tenant holds now of everything a plan limits.
pub async fn footprint(tx: &mut TenantTx) -> Result<Footprint, ApiError> {
    let (users, _) = seats(tx).await?;
    let settings = crate::settings::load_settings(tx).await?;
    let active_api_keys = crate::api_keys::list(tx)
        .await?
        .iter()
        .filter(|key| key.revoked_at.is_none())
        .count() as u64;
    Ok(Footprint {
        users,
        leads: crate::leads::store::count(tx).await?,
        storage_bytes: crate::kb::storage_bytes(tx).await?,
        transactions: crate::transactions::store::count(tx).await?,
        custom_domain: custom_domains::current(tx).await?.map(|claim| claim.domain),
        custom_branding: settings.branding != TenantSettings::default().branding,
        active_api_keys,
    })
}

/// Every plan with its direction from the tenant's plan and what would be over it.
pub async fn options(auth: &mut Authenticated) -> Result<Vec<PlanOption>, ApiError> {
    let footprint = footprint(&mut auth.tx).await?;
    Ok(change::options(auth.plan, &footprint))
}

/// Moves the tenant to `target`, or refuses with everything over it. The clock-row lock
/// `next_version` takes queues the tenant's other writers, so nothing added between the
/// count and the commit can slip past the new plan's limits.
pub async fn change_plan(auth: &mut Authenticated, target: PlanTier) -> Result<(), ApiError> {
    let from = auth.plan;
    if change::direction(from, target) == PlanDirection::Current {
        return Err(ApiError::validation(
            "plan_unchanged",
            format!("You are already on {}.", target.display_name()),
        ));
    }
    auth.tx.next_version().await?;
    let plan = target.plan();
    let over = change::excess(&plan, &footprint(&mut auth.tx).await?);
    if !over.is_empty() {
        return Err(ApiError::Conflict {
            code: "plan_does_not_fit",
            message: change::refusal_message(&plan, &over),
        });
    }
    let tenant = auth.tx.tenant_id();
    sqlx::query("update tenants set plan = $2, updated_at = now() where id = $1")
        .bind(tenant.as_uuid())
        .bind(target.as_str())
        .execute(auth.tx.conn())
        .await?;
    auth.plan = target;
    auth.audit(
        "plan.changed",
        Some(tenant.to_string()),
        json!({ "from": from.as_str(), "to": target.as_str() }),
    )
    .await
}
