//! The tenant's profile and plan usage, sent whole on the last page of each pull.

use async_trait::async_trait;
use brokerdesk_core::permission::Permission;
use brokerdesk_core::sync::TenantSnapshot;

use super::plan_usage::plan_usage;
use super::tenant_summary;
use crate::auth::Authenticated;
use crate::error::ApiError;
use crate::sync::source::TenantSnapshotSource as SnapshotSource;

pub struct TenantSnapshotSource;

#[async_trait]
impl SnapshotSource for TenantSnapshotSource {
    async fn snapshot(&self, auth: &mut Authenticated) -> Result<TenantSnapshot, ApiError> {
        let tenant = tenant_summary(&mut auth.tx).await?;
        let plan_usage = if auth.user.role.can(Permission::ViewPlanAndUsage) {
            Some(plan_usage(&mut auth.tx).await?)
        } else {
            None
        };
        Ok(TenantSnapshot { tenant, plan_usage })
    }
}
