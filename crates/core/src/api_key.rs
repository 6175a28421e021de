//! Tenant API keys: what a key may do (its scopes), when it is due for rotation, and the
//! wire types of the key-management API. The chatbot and the AI calling service use
//! these keys; the secret itself is shown once at creation and never stored.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;
use ts_rs::TS;

use crate::ids::{ApiKeyId, TenantId, UserId};

/// Keys older than this are flagged for rotation in the list (not refused: a key that
/// stops working without warning breaks a brokerage's website chatbot).
pub const ROTATION_AGE_DAYS: i64 = 90;

/// What an integration may do with a key. The names are stored as they appear on the
/// wire, and the `api_keys.scopes` CHECK constraint lists the same names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Scope {
    /// Post leads (the chatbot's and the calling service's contacts).
    #[serde(rename = "leads:ingest")]
    LeadsIngest,
    /// Post chatbot conversations.
    #[serde(rename = "conversations:ingest")]
    ConversationsIngest,
    /// Post AI call records.
    #[serde(rename = "calls:ingest")]
    CallsIngest,
    /// Search the published knowledge base.
    #[serde(rename = "kb:read")]
    KbRead,
}

impl Scope {
    pub const ALL: [Scope; 4] = [
        Scope::LeadsIngest,
        Scope::ConversationsIngest,
        Scope::CallsIngest,
        Scope::KbRead,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Scope::LeadsIngest => "leads:ingest",
            Scope::ConversationsIngest => "conversations:ingest",
            Scope::CallsIngest => "calls:ingest",
            Scope::KbRead => "kb:read",
        }
    }
}

impl fmt::Display for Scope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error(
    "unknown scope {0:?}: expected leads:ingest, conversations:ingest, calls:ingest or kb:read"
)]
pub struct UnknownScope(pub String);

impl FromStr for Scope {
    type Err = UnknownScope;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Scope::ALL
            .into_iter()
            .find(|scope| scope.as_str() == s)
            .ok_or_else(|| UnknownScope(s.to_owned()))
    }
}

/// Whether the list should prompt the owner to replace a key. Only keys that still work
/// are due: a revoked or expired key needs no replacing.
pub fn rotation_due(
    created_at: DateTime<Utc>,
    expires_at: Option<DateTime<Utc>>,
    revoked_at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> bool {
    let live = revoked_at.is_none() && expires_at.is_none_or(|at| at > now);
    live && now - created_at > Duration::days(ROTATION_AGE_DAYS)
}

#[derive(Clone, Debug, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct CreateApiKeyRequest {
    /// What the key is for, e.g. `Website chatbot`.
    pub name: String,
    pub scopes: Vec<Scope>,
    /// When the key stops working; none for a key that works until revoked.
    #[ts(type = "string | null")]
    #[serde(default)]
    pub expires_at: Option<DateTime<Utc>>,
}

/// A key as the list shows it: never the secret, only its first characters.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ApiKeySummary {
    pub id: ApiKeyId,
    pub name: String,
    /// The key's first characters, e.g. `bd_live_AbC1`, to tell keys apart.
    pub prefix: String,
    pub scopes: Vec<Scope>,
    pub created_by: UserId,
    #[ts(type = "string")]
    pub created_at: DateTime<Utc>,
    #[ts(type = "string | null")]
    pub last_used_at: Option<DateTime<Utc>>,
    #[ts(type = "string | null")]
    pub expires_at: Option<DateTime<Utc>>,
    #[ts(type = "string | null")]
    pub revoked_at: Option<DateTime<Utc>>,
    /// Older than [`ROTATION_AGE_DAYS`] and still working: time to issue a new key.
    pub rotation_due: bool,
}

/// The answer to creating a key: the only time the full key is ever shown.
#[derive(Clone, Debug, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct CreatedApiKey {
    /// The full key. Brokerdesk keeps only a hash of it, so it cannot be shown again.
    pub key: String,
    pub api_key: ApiKeySummary,
}

/// What an integration learns about the key it calls with.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct IntegrationIdentity {
    pub tenant_id: TenantId,
    pub tenant_name: String,
    pub key_id: ApiKeyId,
    pub key_name: String,
    pub scopes: Vec<Scope>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scopes_round_trip_through_text_and_json() {
        for scope in Scope::ALL {
            assert_eq!(scope.as_str().parse::<Scope>(), Ok(scope));
            assert_eq!(serde_json::to_value(scope).unwrap(), scope.as_str());
        }
        assert!("leads:write".parse::<Scope>().is_err());
        assert!(serde_json::from_str::<Scope>("\"admin\"").is_err());
    }

    #[test]
    fn only_old_working_keys_are_due_for_rotation() {
        let now = Utc::now();
        let old = now - Duration::days(ROTATION_AGE_DAYS + 1);
        let recent = now - Duration::days(ROTATION_AGE_DAYS - 1);
        assert!(rotation_due(old, None, None, now));
        assert!(!rotation_due(recent, None, None, now));
        assert!(!rotation_due(old, None, Some(now), now), "revoked");
        assert!(
            !rotation_due(old, Some(now - Duration::days(1)), None, now),
            "expired"
        );
        assert!(rotation_due(old, Some(now + Duration::days(1)), None, now));
    }
}
