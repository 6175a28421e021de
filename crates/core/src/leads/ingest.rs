//! What the chatbot and the calling service post, with a tenant API key. Each post names
//! the person by contact details; the server finds the lead with the same (normalised)
//! email or phone and merges into it, or creates one.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::ids::LeadId;
use crate::leads::activity::{NewCall, NewConversation};
use crate::leads::consent::NewConsent;
use crate::leads::{LeadPreferences, LeadSource};

/// The header that makes a post safe to retry: the same key with the same body gets the
/// first answer again and changes nothing; with a different body it is refused.
pub const IDEMPOTENCY_HEADER: &str = "idempotency-key";
pub const MAX_IDEMPOTENCY_KEY: usize = 200;

/// The person, as an integration knows them. Emails and phones find an existing lead;
/// the other fields fill in what that lead does not have yet (an integration never
/// overwrites what an agent wrote), and tags and notes are added to.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct IngestContact {
    pub name: Option<String>,
    pub emails: Vec<String>,
    pub phones: Vec<String>,
    pub source: Option<LeadSource>,
    pub source_detail: Option<String>,
    pub preferences: Option<LeadPreferences>,
    pub tags: Vec<String>,
    /// Appended to the lead's notes.
    pub notes: Option<String>,
    pub time_zone: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct IngestLead {
    pub contact: IngestContact,
    /// Consent the person gave (or withdrew) while talking to the integration.
    #[serde(default)]
    pub consents: Vec<NewConsent>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct IngestConversation {
    pub contact: IngestContact,
    pub conversation: NewConversation,
    #[serde(default)]
    pub consents: Vec<NewConsent>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct IngestCall {
    pub contact: IngestContact,
    pub call: NewCall,
    #[serde(default)]
    pub consents: Vec<NewConsent>,
}

/// What a post did.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct IngestResult {
    pub lead_id: LeadId,
    /// True when no lead had these contact details, so one was made.
    pub created: bool,
    /// The conversation or call recorded, if the post carried one.
    #[ts(type = "string | null")]
    pub record_id: Option<uuid::Uuid>,
    pub consents_recorded: u32,
}
