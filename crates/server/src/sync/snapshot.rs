//! The tenant's profile and plan usage, sent whole on the last page of each pull.

use brokerdesk_core::permission::Permission;
use brokerdesk_core::sync::TenantSnapshot;

use crate::auth::Authenticated;
use crate::error::ApiError;
use crate::plan_usage::plan_usage;
use crate::routes::me::tenant_summary;

pub async fn tenant(auth: &mut Authenticated) -> Result<TenantSnapshot, ApiError> {
    let tenant = tenant_summary(&mut auth.tx).await?;
    let plan_usage = if auth.user.role.can(Permission::ViewPlanAndUsage) {
        Some(plan_usage(&mut auth.tx).await?)
    } else {
        None
    };
    Ok(TenantSnapshot { tenant, plan_usage })
}
