//! Who is signed in, the tenant's plan and usage, and the owner's change of plan.

use brokerdesk_core::identity::Me;
use brokerdesk_core::plan::change::{ChangePlanRequest, PlanOption};
use brokerdesk_core::tenant_deletion::{RequestTenantDeletion, TenantDeletionState};
use brokerdesk_core::usage::PlanUsage;
use reqwest::Method;

use crate::api::{ApiError, Authorised};

impl Authorised<'_> {
    pub async fn me(&self) -> Result<Me, ApiError> {
        self.get("v1/me").await
    }

    pub async fn plan_usage(&self) -> Result<PlanUsage, ApiError> {
        self.get("v1/plan").await
    }

    /// Every plan, with what the tenant holds over each: the server counts it, since
    /// the cache does not hold every figure (stored files, revoked keys' states).
    pub async fn plan_options(&self) -> Result<Vec<PlanOption>, ApiError> {
        self.get("v1/plan/options").await
    }

    /// The owner's own change of plan; a downgrade that does not fit is refused with
    /// the list of what to remove.
    pub async fn change_plan(&self, request: &ChangePlanRequest) -> Result<PlanUsage, ApiError> {
        self.call(Method::PUT, "v1/plan", request).await
    }

    /// Where the tenant's deletion stands (pending, its due date, held).
    pub async fn tenant_deletion(&self) -> Result<TenantDeletionState, ApiError> {
        self.get("v1/tenant/deletion").await
    }

    /// The owner asks for the brokerage to be deleted, with the password (and the
    /// authenticator code when two-step sign-in is on).
    pub async fn request_tenant_deletion(
        &self,
        request: &RequestTenantDeletion,
    ) -> Result<TenantDeletionState, ApiError> {
        self.call(Method::POST, "v1/tenant/deletion", request).await
    }

    /// The owner cancels a pending deletion.
    pub async fn cancel_tenant_deletion(&self) -> Result<TenantDeletionState, ApiError> {
        let request = self.request(Method::DELETE, "v1/tenant/deletion")?;
        self.client.send(request, &[]).await
    }
}
