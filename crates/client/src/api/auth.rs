//! A member's sign-in and sign-out, over REST. Keeping the refresh token, restoring a
//! session and refreshing it belong to the session layer above.

use brokerdesk_core::identity::{SessionTokens, SignInRequest};
use reqwest::Method;

use super::{ApiClient, ApiError, Authorised};

impl ApiClient {
    /// An account with MFA and no code in `request` gets `mfa_required`.
    pub async fn sign_in(&self, request: &SignInRequest) -> Result<SessionTokens, ApiError> {
        let request = self.request(Method::POST, "v1/auth/sign-in")?.json(request);
        self.read_json(request, &[]).await
    }
}

impl Authorised<'_> {
    /// Ends the session this token belongs to, on the server.
    pub async fn sign_out(&self) -> Result<(), ApiError> {
        self.call_for_no_content(Method::POST, "v1/auth/sign-out")
            .await
    }
}
