//! Members and invitations.

use brokerdesk_core::identity::{ChangeRoleRequest, UserSummary};
use brokerdesk_core::ids::UserId;
use brokerdesk_core::invitation::{InvitationLink, InvitationSummary, InviteRequest};
use brokerdesk_core::role::Role;
use reqwest::Method;
use uuid::Uuid;

use crate::api::{ApiError, Authorised};

impl Authorised<'_> {
    pub async fn users(&self) -> Result<Vec<UserSummary>, ApiError> {
        self.get("v1/users").await
    }

    pub async fn change_role(&self, user: UserId, role: Role) -> Result<UserSummary, ApiError> {
        let path = format!("v1/users/{user}/role");
        self.call(Method::PATCH, &path, &ChangeRoleRequest { role })
            .await
    }

    pub async fn deactivate_user(&self, user: UserId) -> Result<UserSummary, ApiError> {
        self.post(&format!("v1/users/{user}/deactivate")).await
    }

    pub async fn reactivate_user(&self, user: UserId) -> Result<UserSummary, ApiError> {
        self.post(&format!("v1/users/{user}/reactivate")).await
    }

    pub async fn invitations(&self) -> Result<Vec<InvitationSummary>, ApiError> {
        self.get("v1/invitations").await
    }

    /// The answer holds the only copy of the invite link.
    pub async fn invite(&self, invite: &InviteRequest) -> Result<InvitationLink, ApiError> {
        self.call(Method::POST, "v1/invitations", invite).await
    }

    /// A fresh link; the previous one stops working.
    pub async fn resend_invitation(&self, invitation: Uuid) -> Result<InvitationLink, ApiError> {
        self.post(&format!("v1/invitations/{invitation}/resend"))
            .await
    }

    pub async fn revoke_invitation(&self, invitation: Uuid) -> Result<InvitationSummary, ApiError> {
        self.post(&format!("v1/invitations/{invitation}/revoke"))
            .await
    }
}
