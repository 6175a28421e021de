//! Demo retention: conversations kept 24 months, and a legal hold on one closed or lost
//! lead, so the Privacy page shows a policy and a hold from the start.

use brokerdesk_core::ids::UserId;
use brokerdesk_core::retention::{HoldSubject, RetentionKind};
use uuid::Uuid;

use crate::db::TenantTx;
use crate::error::ApiError;
use crate::retention::{self, holds};

pub async fn seed(tx: &mut TenantTx, owner: UserId) -> Result<(), ApiError> {
    retention::store_policy(tx, RetentionKind::Conversations, Some(24), owner).await?;
    let lead: Option<Uuid> = sqlx::query_scalar(
        "select id from leads where tenant_id = $1
          order by stage in ('closed', 'lost') desc, created_at, id limit 1",
    )
    .bind(tx.tenant_id().as_uuid())
    .fetch_optional(tx.conn())
    .await?;
    if let Some(lead) = lead {
        let reason = "Commission dispute with a co-op broker (matter 2026-114)";
        holds::insert(tx, HoldSubject::Lead, lead, reason, owner).await?;
    }
    Ok(())
}
