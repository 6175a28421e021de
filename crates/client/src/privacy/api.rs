//! The register's one online-only call: linking an audit entry, which the server checks
//! against its own trail.

use brokerdesk_core::ids::PrivacyRequestId;
use brokerdesk_core::privacy::{LinkPrivacyAction, PrivacyRequest};
use reqwest::Method;

use crate::api::{ApiError, Authorised};

impl Authorised<'_> {
    pub async fn link_privacy_action(
        &self,
        id: PrivacyRequestId,
        link: &LinkPrivacyAction,
    ) -> Result<PrivacyRequest, ApiError> {
        self.call(
            Method::POST,
            &format!("v1/privacy-requests/{id}/actions"),
            link,
        )
        .await
    }
}
