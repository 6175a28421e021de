//! Retention: how long each kind of record is kept before the server's scheduler purges
//! it, the legal minimums no policy may go below, legal holds that stop a purge, and the
//! dry run's sentence ("142 conversations older than 24 months") the app shows before a
//! policy is saved. The rules are here so the server's purge, its dry run and the app's
//! form all read one definition; the server turns them into SQL.

mod minimums;
mod sentence;

use chrono::{DateTime, Months, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use crate::ids::{LegalHoldId, UserId};
use crate::people::{TextInvalid, single_line};

pub use minimums::{
    BELOW_MINIMUM, CONSENT_MINIMUM_MONTHS, LeadPurgeRule, LegalMinimum, TRANSACTION_MINIMUM_MONTHS,
};
pub use sentence::dry_run_sentence;

/// The code of a policy or hold refused for its shape (not for a legal minimum).
pub const INVALID_RETENTION: &str = "invalid_retention";
/// The longest period a policy may name: 100 years. Longer is "keep forever".
pub const MAX_MONTHS: u32 = 1_200;
const MAX_REASON: usize = 500;

/// The kinds of record an owner sets a retention policy for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RetentionKind {
    /// Chatbot conversations and call transcripts, by when they started.
    Conversations,
    /// Leads in the closed or lost stage with no activity, with everything they hold.
    ClosedLeads,
    /// Accepted or revoked invitations, and the mail the server wrote.
    InvitationsAndMail,
    /// Deals, counted from their closing date.
    Transactions,
    /// Knowledge-base versions the chatbot no longer answers from.
    KbVersions,
}

impl RetentionKind {
    pub const ALL: [RetentionKind; 5] = [
        Self::Conversations,
        Self::ClosedLeads,
        Self::InvitationsAndMail,
        Self::Transactions,
        Self::KbVersions,
    ];

    /// The name stored in `retention_policies.kind` and used in the API's paths.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Conversations => "conversations",
            Self::ClosedLeads => "closed_leads",
            Self::InvitationsAndMail => "invitations_and_mail",
            Self::Transactions => "transactions",
            Self::KbVersions => "kb_versions",
        }
    }

    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.as_str() == name)
    }

    /// What the app calls the kind.
    pub fn label(self) -> &'static str {
        match self {
            Self::Conversations => "Chatbot conversations and call transcripts",
            Self::ClosedLeads => "Closed or lost leads with no activity",
            Self::InvitationsAndMail => "Invitations and mail",
            Self::Transactions => "Transactions",
            Self::KbVersions => "Knowledge-base versions no longer published",
        }
    }

    /// The records a purge of this kind deletes, in the order the sentence names them.
    pub fn records(self) -> &'static [PurgedRecord] {
        match self {
            Self::Conversations => &[PurgedRecord::Conversation, PurgedRecord::Call],
            Self::ClosedLeads => &[PurgedRecord::Lead],
            Self::InvitationsAndMail => &[PurgedRecord::Invitation, PurgedRecord::Mail],
            Self::Transactions => &[PurgedRecord::Transaction],
            Self::KbVersions => &[PurgedRecord::KbVersion],
        }
    }

    /// Refuses a period shorter than the law allows, or out of range. `None` is "keep
    /// forever", always allowed.
    pub fn validate(self, months: Option<u32>) -> Result<(), TextInvalid> {
        let Some(months) = months else {
            return Ok(());
        };
        if months == 0 || months > MAX_MONTHS {
            return Err(TextInvalid::new(
                INVALID_RETENTION,
                format!(
                    "A retention period is between 1 and {MAX_MONTHS} months; to keep records without end, choose \"keep forever\"."
                ),
            ));
        }
        match LegalMinimum::of(self) {
            Some(minimum) if months < minimum.months => Err(minimum.refusal()),
            _ => Ok(()),
        }
    }

    /// The moment before which a record of this kind is old enough to purge, under a
    /// policy of `months`.
    pub fn cutoff(months: u32, now: DateTime<Utc>) -> DateTime<Utc> {
        months_before(now, months)
    }
}

/// `now` less `months` calendar months (the 31st less a month is the last day of the
/// month before, as chrono clamps it).
pub fn months_before(now: DateTime<Utc>, months: u32) -> DateTime<Utc> {
    now.checked_sub_months(Months::new(months))
        .unwrap_or(DateTime::<Utc>::MIN_UTC)
}

/// The day before which a closed privacy request may go: the register keeps each for
/// 24 months after it closed (CCPA record keeping), a fixed rule, not an owner's policy.
pub fn privacy_request_cutoff(now: DateTime<Utc>) -> NaiveDate {
    months_before(now, crate::privacy::KEEP_MONTHS).date_naive()
}

/// One kind of record a purge deletes, as the dry run and the audit entry count it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PurgedRecord {
    Conversation,
    Call,
    Lead,
    Invitation,
    Mail,
    Transaction,
    KbVersion,
    PrivacyRequest,
}

impl PurgedRecord {
    /// The noun for `count` of them, e.g. "1 call", "142 conversations".
    pub fn noun(self, count: u64) -> &'static str {
        let (one, many) = match self {
            Self::Conversation => ("conversation", "conversations"),
            Self::Call => ("call", "calls"),
            Self::Lead => ("closed or lost lead", "closed or lost leads"),
            Self::Invitation => ("invitation", "invitations"),
            Self::Mail => ("email", "emails"),
            Self::Transaction => ("transaction", "transactions"),
            Self::KbVersion => (
                "unpublished knowledge-base version",
                "unpublished knowledge-base versions",
            ),
            Self::PrivacyRequest => ("closed privacy request", "closed privacy requests"),
        };
        if count == 1 { one } else { many }
    }
}

/// A kind's policy as the app shows it: the current setting and the legal minimum.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct RetentionPolicy {
    pub kind: RetentionKind,
    pub label: String,
    /// How long records are kept; none: kept forever (the default, until an owner sets one).
    pub months: Option<u32>,
    /// The shortest period the law allows (1 when the law sets none).
    pub minimum_months: u32,
    /// Why the minimum is what it is, for the form's hint.
    pub minimum_reason: Option<String>,
    pub updated_at: Option<DateTime<Utc>>,
}

impl RetentionPolicy {
    /// The policy of `kind` set to `months` (none: keep forever).
    pub fn new(
        kind: RetentionKind,
        months: Option<u32>,
        updated_at: Option<DateTime<Utc>>,
    ) -> Self {
        let minimum = LegalMinimum::of(kind);
        Self {
            kind,
            label: kind.label().to_owned(),
            months,
            minimum_months: minimum.map_or(1, |m| m.months),
            minimum_reason: minimum.map(|m| m.reason.to_owned()),
            updated_at,
        }
    }
}

/// What an owner sets: a period in months, or `null` to keep forever.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SetRetentionPolicy {
    pub months: Option<u32>,
}

/// What a policy of `months` for `kind` would purge today.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DryRunRequest {
    pub kind: RetentionKind,
    pub months: u32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct PurgeCount {
    pub record: PurgedRecord,
    #[ts(type = "number")]
    pub count: u64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct DryRunResult {
    pub kind: RetentionKind,
    pub months: u32,
    /// What the purge would delete now; held records and held tenants excluded.
    pub counts: Vec<PurgeCount>,
    /// Leads old enough for the policy but kept for their consent records.
    #[ts(type = "number")]
    pub kept_for_consent: u64,
    /// E.g. "142 conversations and 3 calls older than 24 months".
    pub sentence: String,
}

impl DryRunResult {
    pub fn new(
        kind: RetentionKind,
        months: u32,
        counts: Vec<PurgeCount>,
        kept_for_consent: u64,
    ) -> Self {
        let sentence = dry_run_sentence(kind, months, &counts, kept_for_consent);
        Self {
            kind,
            months,
            counts,
            kept_for_consent,
            sentence,
        }
    }
}

/// What a legal hold stops the purge of.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum HoldSubject {
    Lead,
    Transaction,
}

impl HoldSubject {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Lead => "lead",
            Self::Transaction => "transaction",
        }
    }
}

/// A legal hold on one lead or transaction: no purge touches it while the hold stands.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct LegalHold {
    pub id: LegalHoldId,
    pub subject: HoldSubject,
    #[ts(type = "string")]
    pub subject_id: Uuid,
    /// Why, e.g. the matter or case number. Seen by owners and admins, never in the trail.
    pub reason: String,
    pub set_by: UserId,
    pub created_at: DateTime<Utc>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NewLegalHold {
    pub subject: HoldSubject,
    #[ts(type = "string")]
    pub subject_id: Uuid,
    pub reason: String,
}

impl NewLegalHold {
    /// The reason, trimmed, or why it is refused.
    pub fn validated_reason(&self) -> Result<String, TextInvalid> {
        hold_reason(&self.reason)
    }
}

/// A hold on a whole tenant, set by platform staff: nothing of the tenant is purged.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SetTenantHold {
    pub reason: String,
}

/// A hold's reason: one line, 1 to 500 characters.
pub fn hold_reason(text: &str) -> Result<String, TextInvalid> {
    let reason = text.trim();
    if reason.is_empty() || reason.chars().count() > MAX_REASON {
        return Err(TextInvalid::new(
            INVALID_RETENTION,
            format!(
                "Give the hold's reason (a matter or case number, say) in 1 to {MAX_REASON} characters."
            ),
        ));
    }
    single_line(INVALID_RETENTION, "The reason", reason)?;
    Ok(reason.to_owned())
}

#[cfg(test)]
mod tests;
