//! The plan's transaction quota, checked here before deals are queued, so the user hears
//! it at once rather than as refused edits after the next sync (the server checks each
//! create again). Only owners and admins write deals, and they read all of them, so the
//! cache counts the tenant's deals as of the last sync plus those queued here.

use brokerdesk_core::admin_edit::EditInvalid;
use brokerdesk_core::plan::QuotaResource;
use brokerdesk_core::sync::SyncEntity;

use crate::sync::error::StoreError;
use crate::sync::records::LocalStore;

/// Refuses `adding` new deals the plan, as last synced, has no room for. `what` names
/// them in the refusal when some would fit ("rows of the file"), so it can say how many
/// are over.
pub(crate) async fn check_room(
    store: &LocalStore,
    adding: u64,
    what: &str,
) -> Result<(), StoreError> {
    let Some(usage) = store.tenant().await?.and_then(|t| t.plan_usage) else {
        return Ok(());
    };
    let current = store.count(SyncEntity::Transaction).await?;
    usage
        .plan
        .check_quota(QuotaResource::Transactions, current, adding)
        .map_err(|exceeded| {
            let over = (exceeded.current + exceeded.adding).saturating_sub(exceeded.limit);
            let message = if adding > 1 {
                format!(
                    "{exceeded} {over} of the {adding} new {what} are over the limit; nothing was queued."
                )
            } else {
                exceeded.to_string()
            };
            StoreError::InvalidEdit(EditInvalid {
                code: "quota_exceeded",
                message,
            })
        })
}
