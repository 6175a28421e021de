//! The full export of what a tenant holds: its data, to take elsewhere or to keep. Secrets
//! never leave (password hashes, token hashes, provider keys beyond their last four).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::api_key::ApiKeySummary;
use crate::audit::AuditEntry;
use crate::custom_domain::CustomDomainStatus;
use crate::identity::{TenantSummary, UserSummary};
use crate::invitation::InvitationSummary;
use crate::leads::Lead;
use crate::leads::activity::{CallRecord, Conversation};
use crate::leads::consent::{ConsentEntry, DncEntry};
use crate::settings::{ProviderKeySummary, TenantSettings};
use crate::transactions::Transaction;

/// Names the shape, so a reader of an old file knows which fields to expect.
pub const TENANT_EXPORT_FORMAT: &str = "brokerdesk-tenant-export/2";

#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct TenantExport {
    pub format: String,
    pub exported_at: DateTime<Utc>,
    pub tenant: TenantSummary,
    pub settings: TenantSettings,
    pub custom_domain: Option<CustomDomainStatus>,
    pub users: Vec<UserSummary>,
    pub open_invitations: Vec<InvitationSummary>,
    pub api_keys: Vec<ApiKeySummary>,
    pub provider_keys: Vec<ProviderKeySummary>,
    pub leads: Vec<Lead>,
    pub consent_entries: Vec<ConsentEntry>,
    pub conversations: Vec<Conversation>,
    pub calls: Vec<CallRecord>,
    pub do_not_call: Vec<DncEntry>,
    /// Every deal, whoever takes part in it. Absent from files written before deals.
    #[serde(default)]
    pub transactions: Vec<Transaction>,
    /// The whole hash chain, including the entry recording this export.
    pub audit_trail: Vec<AuditEntry>,
}
