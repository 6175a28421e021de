//! Who is signed in, and the tenant's plan and usage.

use brokerdesk_core::identity::Me;
use brokerdesk_core::usage::PlanUsage;

use crate::api::{ApiError, Authorised};

impl Authorised<'_> {
    pub async fn me(&self) -> Result<Me, ApiError> {
        self.get("v1/me").await
    }

    pub async fn plan_usage(&self) -> Result<PlanUsage, ApiError> {
        self.get("v1/plan").await
    }
}
