//! The tenant's plan and what it uses of it, read inside the tenant's own transaction,
//! and the seat limit the writes that add members enforce.

use brokerdesk_core::plan::{PlanTier, QuotaResource};
use brokerdesk_core::tenant::TenantStatus;
use brokerdesk_core::usage::{PlanUsage, Usage};
use chrono::{DateTime, Utc};

use crate::db::TenantTx;
use crate::error::ApiError;

struct TenantPlan {
    tier: PlanTier,
    status: TenantStatus,
    trial_ends_at: Option<DateTime<Utc>>,
}

async fn tenant_plan(tx: &mut TenantTx) -> Result<TenantPlan, ApiError> {
    let (plan, status, trial_ends_at): (String, String, Option<DateTime<Utc>>) =
        sqlx::query_as("select plan, status, trial_ends_at from tenants where id = $1")
            .bind(tx.tenant_id().as_uuid())
            .fetch_one(tx.conn())
            .await?;
    let unreadable = |what: String| ApiError::Internal(anyhow::anyhow!(what));
    Ok(TenantPlan {
        tier: plan.parse().map_err(|e| unreadable(format!("{e}")))?,
        status: serde_json::from_value(serde_json::Value::String(status))
            .map_err(|e| unreadable(format!("tenant status: {e}")))?,
        trial_ends_at,
    })
}

/// Seats taken (active and invited members) and, of those, the invited.
pub(super) async fn seats(tx: &mut TenantTx) -> Result<(u64, u64), ApiError> {
    let (taken, invited): (i64, i64) = sqlx::query_as(
        "select count(*) filter (where status in ('active', 'invited')),
                count(*) filter (where status = 'invited')
           from users where tenant_id = $1",
    )
    .bind(tx.tenant_id().as_uuid())
    .fetch_one(tx.conn())
    .await?;
    Ok((taken.max(0) as u64, invited.max(0) as u64))
}

pub async fn plan_usage(tx: &mut TenantTx) -> Result<PlanUsage, ApiError> {
    let plan = tenant_plan(tx).await?;
    let (users, invited_users) = seats(tx).await?;
    Ok(PlanUsage {
        plan: plan.tier.plan(),
        status: plan.status,
        trial_ends_at: plan.trial_ends_at,
        usage: Usage {
            users,
            invited_users,
            leads: crate::leads::store::count(tx).await?,
            ai_calls_this_month: crate::leads::activity::calls_this_month(tx).await?,
            // The knowledge base's original files are what the tenant stores.
            storage_bytes: crate::kb::storage_bytes(tx).await?,
        },
    })
}

/// Refuses unless the plan has a seat for one more member.
///
/// Call it after `tx.next_version()`: the clock-row lock that takes queues the tenant's
/// other writers until this transaction ends, so no concurrent invitation can take the
/// seat between this count and the commit. Without the lock two invitations could each
/// count the same free seat.
pub async fn ensure_seat_available(tx: &mut TenantTx) -> Result<(), ApiError> {
    let tier = tenant_plan(tx).await?.tier;
    let (taken, _) = seats(tx).await?;
    tier.plan().check_quota(QuotaResource::Users, taken, 1)?;
    Ok(())
}
