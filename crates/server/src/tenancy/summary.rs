//! The tenant as its members see it: on `/v1/me`, in exports and on the last page of
//! every pull.

use brokerdesk_core::identity::TenantSummary;
use serde_json::json;

use crate::db::TenantTx;
use crate::error::{ApiError, parse_stored};

/// The tenant the transaction is scoped to, as members see it.
pub async fn tenant_summary(tx: &mut TenantTx) -> Result<TenantSummary, ApiError> {
    let (name, subdomain, plan, status): (String, String, String, String) =
        sqlx::query_as("select name, subdomain, plan, status from tenants where id = $1")
            .bind(tx.tenant_id().as_uuid())
            .fetch_one(tx.conn())
            .await?;
    Ok(TenantSummary {
        id: tx.tenant_id(),
        name,
        subdomain,
        plan: parse_stored(&plan)?,
        status: serde_json::from_value(json!(status)).map_err(|e| ApiError::Internal(e.into()))?,
    })
}
