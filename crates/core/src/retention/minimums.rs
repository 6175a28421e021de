//! The legal minimums. A policy can never be shorter than these, and the lead purge
//! checks the consent rule lead by lead.
//!
//! - Transactions: 7 years (84 months) from closing. Brokers must keep transaction
//!   records 3 years in California, 4 in Texas and 5 in Florida; 7 covers them all.
//! - Consent records: 5 years (60 months) after the lead's last contact (the FTC's 2024
//!   amendment of the Telemarketing Sales Rule, 16 CFR 310.5). Consent entries are
//!   append-only and only go with their lead, so the rule is on the lead purge: a lead
//!   holding any consent entry is purged only once its last contact is 5 years past,
//!   however short the leads' policy. See [`LeadPurgeRule`].

use chrono::{DateTime, Utc};

use super::{RetentionKind, months_before};
use crate::people::TextInvalid;

/// The code of a policy refused for going below a legal minimum.
pub const BELOW_MINIMUM: &str = "retention_below_legal_minimum";
pub const TRANSACTION_MINIMUM_MONTHS: u32 = 84;
pub const CONSENT_MINIMUM_MONTHS: u32 = 60;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LegalMinimum {
    pub months: u32,
    pub reason: &'static str,
}

impl LegalMinimum {
    /// The minimum a policy of `kind` may not go below, when the law sets one.
    pub fn of(kind: RetentionKind) -> Option<Self> {
        match kind {
            RetentionKind::Transactions => Some(Self {
                months: TRANSACTION_MINIMUM_MONTHS,
                reason: "Transactions must be kept at least 7 years after closing (broker record keeping: California 3, Texas 4, Florida 5 years).",
            }),
            RetentionKind::Conversations
            | RetentionKind::ClosedLeads
            | RetentionKind::InvitationsAndMail
            | RetentionKind::KbVersions => None,
        }
    }

    pub(super) fn refusal(self) -> TextInvalid {
        TextInvalid::new(
            BELOW_MINIMUM,
            format!("{} Choose {} months or more.", self.reason, self.months),
        )
    }
}

/// Which closed or lost leads a purge may delete at `now` under a policy of `months`:
/// those whose last contact is before [`LeadPurgeRule::inactive_before`], and, when
/// they hold consent records, also before [`LeadPurgeRule::consent_kept_until`], so a
/// consent record is never deleted within 5 years of the lead's last contact.
///
/// A lead's last contact is the latest of its last change, its last activity (a
/// conversation, a call) and the last consent captured from it. The server's purge and
/// dry run bind these two cutoffs into one query.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LeadPurgeRule {
    pub inactive_before: DateTime<Utc>,
    pub consent_kept_until: DateTime<Utc>,
}

impl LeadPurgeRule {
    pub fn new(months: u32, now: DateTime<Utc>) -> Self {
        Self {
            inactive_before: months_before(now, months),
            consent_kept_until: months_before(now, CONSENT_MINIMUM_MONTHS),
        }
    }

    /// Whether a closed or lost lead last contacted at `last_contact` may be purged.
    pub fn allows(&self, last_contact: DateTime<Utc>, has_consent_records: bool) -> bool {
        last_contact < self.inactive_before
            && (!has_consent_records || last_contact < self.consent_kept_until)
    }
}
