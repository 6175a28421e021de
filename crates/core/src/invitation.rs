//! Wire types of invitations: how an owner or admin brings a new member into the
//! brokerage, and the mail outbox the invitation mail lands in when no SMTP server is
//! configured.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use crate::ids::UserId;
use crate::role::Role;

#[derive(Clone, Debug, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct InviteRequest {
    pub email: String,
    /// Only a role the inviter may assign (`Role::can_assign`).
    pub role: Role,
}

/// Where an invitation stands. `Expired` is pending but past its expiry: it can be resent.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum InvitationStatus {
    Pending,
    Expired,
    Accepted,
    Revoked,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct InvitationSummary {
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Uuid))]
    #[ts(type = "string")]
    pub id: Uuid,
    pub email: String,
    pub role: Role,
    pub status: InvitationStatus,
    pub invited_by: UserId,
    #[ts(type = "string")]
    pub created_at: DateTime<Utc>,
    #[ts(type = "string")]
    pub expires_at: DateTime<Utc>,
}

/// An invitation just created or resent, with the link that accepts it. The link holds
/// the only copy of the secret: the server keeps a hash, so it cannot be shown again
/// (resending makes a new one).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct InvitationLink {
    pub invitation: InvitationSummary,
    pub invite_url: String,
}

/// Accepting an invitation: the invitee picks the name others see and a password.
#[derive(Clone, Debug, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct AcceptInvitationRequest {
    /// The last part of the invite link, `bdi.…`.
    pub token: String,
    pub name: String,
    pub password: String,
}

/// A mail the server wrote to the tenant's outbox instead of sending it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct OutboxMail {
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Uuid))]
    #[ts(type = "string")]
    pub id: Uuid,
    pub to: String,
    pub subject: String,
    pub body: String,
    #[ts(type = "string")]
    pub created_at: DateTime<Utc>,
    #[ts(type = "string | null")]
    pub sent_at: Option<DateTime<Utc>>,
}
