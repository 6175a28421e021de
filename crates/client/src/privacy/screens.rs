//! What the register screen reads, from the cache: each request with where this
//! device's edits of it stand: open ones first, the soonest next deadline (a CCPA
//! confirmation, then the answer) first.

use brokerdesk_core::admin_view::Edited;
use brokerdesk_core::privacy::PrivacyRequest;
use brokerdesk_core::sync::SyncEntity;

use crate::sync::edited::edited;
use crate::sync::error::StoreError;
use crate::sync::records::LocalStore;

pub async fn privacy_requests(
    store: &LocalStore,
) -> Result<Vec<Edited<PrivacyRequest>>, StoreError> {
    let mut rows = edited::<PrivacyRequest>(store, SyncEntity::PrivacyRequest).await?;
    rows.sort_by_cached_key(|r| {
        let request = &r.record;
        (
            !request.status.is_open(),
            request.next_due().unwrap_or(request.deadlines.respond_by),
            request.id.to_string(),
        )
    });
    Ok(rows)
}
