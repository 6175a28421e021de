//! The providers' keys a tenant has set, as anyone may see them: by their last four
//! characters only. The keys themselves are sealed and never leave the server.

use brokerdesk_core::settings::ProviderKeySummary;
use chrono::{DateTime, Utc};
use serde_json::json;

use crate::db::TenantTx;
use crate::error::ApiError;

/// Each provider key set, by its last four characters only.
pub async fn provider_key_summaries(
    tx: &mut TenantTx,
) -> Result<Vec<ProviderKeySummary>, ApiError> {
    let rows: Vec<(String, String, DateTime<Utc>)> = sqlx::query_as(
        "select provider, last_four, updated_at from provider_keys where tenant_id = $1 order by provider",
    )
    .bind(tx.tenant_id().as_uuid())
    .fetch_all(tx.conn())
    .await?;
    let summaries = rows
        .into_iter()
        .map(|(provider, last_four, updated_at)| {
            let provider = serde_json::from_value(json!(provider))
                .map_err(|e| ApiError::Internal(e.into()))?;
            Ok(ProviderKeySummary {
                provider,
                last_four,
                updated_at,
            })
        })
        .collect::<Result<_, ApiError>>()?;
    Ok(summaries)
}
