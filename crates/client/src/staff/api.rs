//! What platform staff do with their staff token: find tenants, change a tenant's plan
//! or status, open and end support sessions, and hold pending deletions.

use brokerdesk_core::identity::{
    OpenSupportSessionRequest, OpenedSupportSession, StaffSignInRequest, StaffTenantView,
    StaffToken, UpdateTenantRequest,
};
use brokerdesk_core::ids::TenantId;
use brokerdesk_core::tenant_deletion::{DeletionHoldRequest, PendingDeletion};
use reqwest::Method;
use uuid::Uuid;

use crate::api::{ApiClient, ApiError, Authorised};

impl ApiClient {
    /// Staff always give an authenticator code, and get a short-lived token with no
    /// refresh: when it runs out they sign in again.
    pub async fn staff_sign_in(
        &self,
        request: &StaffSignInRequest,
    ) -> Result<StaffToken, ApiError> {
        let request = self
            .request(Method::POST, "v1/staff/sign-in")?
            .json(request);
        self.send(request, &[]).await
    }
}

impl Authorised<'_> {
    /// Tenants whose name or subdomain contains `query` (all of them when it is empty).
    pub async fn staff_tenants(&self, query: &str) -> Result<Vec<StaffTenantView>, ApiError> {
        let request = self
            .request(Method::GET, "v1/staff/tenants")?
            .query(&[("q", query)]);
        self.client.send(request, &[]).await
    }

    pub async fn update_tenant(
        &self,
        tenant: TenantId,
        update: &UpdateTenantRequest,
    ) -> Result<StaffTenantView, ApiError> {
        let path = format!("v1/staff/tenants/{tenant}");
        self.call(Method::PATCH, &path, update).await
    }

    pub async fn open_support_session(
        &self,
        request: &OpenSupportSessionRequest,
    ) -> Result<OpenedSupportSession, ApiError> {
        self.call(Method::POST, "v1/staff/support-sessions", request)
            .await
    }

    pub async fn end_support_session(
        &self,
        tenant: TenantId,
        session: Uuid,
    ) -> Result<(), ApiError> {
        let path = format!("v1/staff/tenants/{tenant}/support-sessions/{session}/end");
        self.call_for_no_content(Method::POST, &path).await
    }

    /// Tenants pending deletion, soonest first, with any hold.
    pub async fn pending_deletions(&self) -> Result<Vec<PendingDeletion>, ApiError> {
        self.get("v1/staff/deletions").await
    }

    /// Holds a pending deletion so it is not purged; the reason is recorded.
    pub async fn hold_deletion(&self, tenant: TenantId, reason: &str) -> Result<(), ApiError> {
        let path = format!("v1/staff/tenants/{tenant}/deletion-hold");
        let body = DeletionHoldRequest {
            reason: reason.to_owned(),
        };
        let request = self.request(Method::PUT, &path)?.json(&body);
        self.client
            .send::<serde::de::IgnoredAny>(request, &[])
            .await
            .map(drop)
    }

    pub async fn release_deletion_hold(&self, tenant: TenantId) -> Result<(), ApiError> {
        let path = format!("v1/staff/tenants/{tenant}/deletion-hold");
        self.call_for_no_content(Method::DELETE, &path).await
    }
}
