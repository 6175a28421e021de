//! Retention's REST calls.

use brokerdesk_core::ids::LegalHoldId;
use brokerdesk_core::retention::{
    DryRunRequest, DryRunResult, LegalHold, NewLegalHold, RetentionKind, RetentionPolicy,
    SetRetentionPolicy,
};
use reqwest::Method;

use crate::api::{ApiError, Authorised};

impl Authorised<'_> {
    pub async fn retention_policies(&self) -> Result<Vec<RetentionPolicy>, ApiError> {
        self.get("v1/retention/policies").await
    }

    pub async fn set_retention_policy(
        &self,
        kind: RetentionKind,
        months: Option<u32>,
    ) -> Result<RetentionPolicy, ApiError> {
        self.call(
            Method::PUT,
            &format!("v1/retention/policies/{}", kind.as_str()),
            &SetRetentionPolicy { months },
        )
        .await
    }

    pub async fn retention_dry_run(
        &self,
        request: &DryRunRequest,
    ) -> Result<DryRunResult, ApiError> {
        self.call(Method::POST, "v1/retention/dry-run", request)
            .await
    }

    pub async fn legal_holds(&self) -> Result<Vec<LegalHold>, ApiError> {
        self.get("v1/retention/holds").await
    }

    pub async fn set_legal_hold(&self, hold: &NewLegalHold) -> Result<LegalHold, ApiError> {
        self.call(Method::POST, "v1/retention/holds", hold).await
    }

    pub async fn release_legal_hold(&self, id: LegalHoldId) -> Result<(), ApiError> {
        self.call_for_no_content(Method::DELETE, &format!("v1/retention/holds/{id}"))
            .await
    }
}
