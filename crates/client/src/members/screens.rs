//! What the members screen reads, from the cache: each member and invitation with where
//! this device's edits of it stand.

use brokerdesk_core::admin_view::Edited;
use brokerdesk_core::identity::UserSummary;
use brokerdesk_core::invitation::InvitationSummary;
use brokerdesk_core::sync::SyncEntity;

use crate::sync::edited::edited;
use crate::sync::error::StoreError;
use crate::sync::records::LocalStore;

/// The members, by name.
pub async fn members(store: &LocalStore) -> Result<Vec<Edited<UserSummary>>, StoreError> {
    let mut rows = edited::<UserSummary>(store, SyncEntity::User).await?;
    rows.sort_by_cached_key(|r| {
        (
            r.record.display_name.to_lowercase(),
            r.record.id.to_string(),
        )
    });
    Ok(rows)
}

/// The invitations, newest first.
pub async fn invitations(store: &LocalStore) -> Result<Vec<Edited<InvitationSummary>>, StoreError> {
    let mut rows = edited::<InvitationSummary>(store, SyncEntity::Invitation).await?;
    rows.sort_by_key(|r| std::cmp::Reverse(r.record.created_at));
    Ok(rows)
}
