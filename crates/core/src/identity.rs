//! Wire types of registration, sign-in, sessions and members.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use crate::ids::{TenantId, UserId};
use crate::plan::PlanTier;
use crate::role::Role;
use crate::tenant::TenantStatus;

#[derive(Clone, Debug, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct RegisterTenantRequest {
    pub company_name: String,
    pub subdomain: String,
    pub owner_email: String,
    pub owner_name: String,
    pub owner_password: String,
}

#[derive(Clone, Debug, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct SignInRequest {
    /// The brokerage's subdomain, e.g. `acme`.
    pub tenant: String,
    pub email: String,
    pub password: String,
    /// The authenticator code (or a recovery code), when the account has MFA. Without
    /// it, such an account gets 401 `mfa_required` once the password has been checked.
    #[serde(default)]
    pub mfa_code: Option<String>,
}

#[derive(Clone, Debug, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct RefreshRequest {
    pub refresh_token: String,
}

/// What a successful sign-in, registration or refresh returns. The refresh token is the
/// long-lived secret: the desktop app keeps it in the OS keychain, never in the webview.
#[derive(Clone, Debug, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct SessionTokens {
    pub access_token: String,
    pub refresh_token: String,
    /// Seconds until the access token expires.
    #[ts(type = "number")]
    pub expires_in: i64,
    pub tenant_id: TenantId,
    pub user_id: UserId,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct TenantSummary {
    pub id: TenantId,
    pub name: String,
    pub subdomain: String,
    pub plan: PlanTier,
    pub status: TenantStatus,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum UserStatus {
    Invited,
    Active,
    Deactivated,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct UserSummary {
    pub id: UserId,
    pub email: String,
    pub display_name: String,
    pub role: Role,
    pub status: UserStatus,
    #[ts(type = "string | null")]
    pub last_sign_in_at: Option<DateTime<Utc>>,
    pub mfa_enabled: bool,
}

/// The signed-in user and the tenant the request is served in.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Me {
    pub user: UserSummary,
    pub tenant: TenantSummary,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Uuid))]
    #[ts(type = "string")]
    pub session_id: Uuid,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct SessionSummary {
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Uuid))]
    #[ts(type = "string")]
    pub id: Uuid,
    #[ts(type = "string")]
    pub created_at: DateTime<Utc>,
    #[ts(type = "string")]
    pub last_used_at: DateTime<Utc>,
    pub ip: Option<String>,
    pub user_agent: Option<String>,
    /// The session this list was requested from.
    pub current: bool,
}

#[derive(Clone, Debug, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ChangeRoleRequest {
    pub role: Role,
}

#[derive(Clone, Debug, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ChangePasswordRequest {
    pub current_password: String,
    pub new_password: String,
}

/// What an authenticator app needs to start producing codes.
#[derive(Clone, Debug, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct MfaEnrolment {
    /// An `otpauth://` URL, for a QR code.
    pub otpauth_url: String,
    /// The same seed in base32, for typing in.
    pub secret: String,
}

#[derive(Clone, Debug, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct MfaCodeRequest {
    pub code: String,
}

/// Single-use codes for when the authenticator is lost. Shown once.
#[derive(Clone, Debug, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct RecoveryCodes {
    pub codes: Vec<String>,
}

#[derive(Clone, Debug, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct PasswordConfirmation {
    pub password: String,
}

#[derive(Clone, Debug, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct StaffSignInRequest {
    pub email: String,
    pub password: String,
    /// Staff always sign in with an authenticator code.
    pub mfa_code: String,
}

/// A staff access token. Staff have no refresh tokens: they sign in again.
#[derive(Clone, Debug, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct StaffToken {
    pub access_token: String,
    #[ts(type = "number")]
    pub expires_in: i64,
    pub display_name: String,
}

/// A tenant as platform staff see it: who it is, its plan and status and how much it
/// uses, and nothing of its data.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct StaffTenantView {
    pub tenant: TenantSummary,
    #[ts(type = "number")]
    pub users: i64,
    #[ts(type = "string")]
    pub created_at: DateTime<Utc>,
}

#[derive(Clone, Debug, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct OpenSupportSessionRequest {
    pub tenant_id: TenantId,
    /// Why staff need to look inside the tenant; at least 15 characters. The tenant's
    /// owner reads it in their audit trail.
    pub reason: String,
    pub ticket: Option<String>,
}

/// An open support session and the tenant-scoped token that acts within it.
#[derive(Clone, Debug, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct SupportSession {
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Uuid))]
    #[ts(type = "string")]
    pub id: Uuid,
    pub tenant_id: TenantId,
    pub staff_display: String,
    pub reason: String,
    pub ticket: Option<String>,
    #[ts(type = "string")]
    pub started_at: DateTime<Utc>,
    #[ts(type = "string")]
    pub expires_at: DateTime<Utc>,
    #[ts(type = "string | null")]
    pub ended_at: Option<DateTime<Utc>>,
}

#[derive(Clone, Debug, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct OpenedSupportSession {
    pub session: SupportSession,
    /// Acts inside the tenant until the session ends or expires (an hour at most).
    pub access_token: String,
}

/// What platform staff may change about a tenant. Fields left out stay as they are.
#[derive(Clone, Debug, Default, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct UpdateTenantRequest {
    pub plan: Option<PlanTier>,
    pub status: Option<TenantStatus>,
    /// A new trial end; send `clearTrial: true` to end the trial instead.
    #[ts(type = "string | null")]
    pub trial_ends_at: Option<DateTime<Utc>>,
    #[serde(default)]
    pub clear_trial: bool,
    /// Why; recorded in the platform trail and the tenant's own.
    pub reason: String,
}

#[derive(Clone, Debug, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct PasswordResetRequest {
    /// The brokerage's subdomain.
    pub tenant: String,
    pub email: String,
}

#[derive(Clone, Debug, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct CompletePasswordResetRequest {
    /// The token from the mailed link.
    pub token: String,
    pub new_password: String,
}
