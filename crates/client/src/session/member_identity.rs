//! Who a signed-in member is, for the window's header and permissions: asked of the
//! server (`/v1/me`) when it answers, and read from the tenant's cache when it does not,
//! so an offline start still knows the member's name, role and brokerage.

use brokerdesk_core::identity::{Me, TenantSummary, UserSummary};
use brokerdesk_core::sync::SyncEntity;

use super::Account;
use crate::sync::error::StoreError;
use crate::sync::records::LocalStore;

#[derive(Clone, Debug, PartialEq)]
pub struct MemberIdentity {
    pub user: UserSummary,
    pub tenant: TenantSummary,
}

impl From<Me> for MemberIdentity {
    fn from(me: Me) -> Self {
        Self {
            user: me.user,
            tenant: me.tenant,
        }
    }
}

impl MemberIdentity {
    /// The member's own user record and the tenant's profile as last synced; none when
    /// the cache has not received them yet (no sync has finished on this device).
    pub async fn from_cache(
        store: &LocalStore,
        account: &Account,
    ) -> Result<Option<Self>, StoreError> {
        let Some(snapshot) = store.tenant().await? else {
            return Ok(None);
        };
        let user_id = account.user_id.to_string();
        let mine = store
            .records::<serde_json::Value>(SyncEntity::User)
            .await?
            .into_iter()
            .find(|record| record["id"].as_str() == Some(user_id.as_str()));
        let Some(record) = mine else {
            return Ok(None);
        };
        let user = serde_json::from_value(record)
            .map_err(|e| StoreError::Corrupt(format!("the member's own user record: {e}")))?;
        Ok(Some(Self {
            user,
            tenant: snapshot.tenant,
        }))
    }
}
