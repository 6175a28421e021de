//! The privacy-request register: what a brokerage's clients asked under the CCPA or the
//! GDPR (access, deletion, correction), when each answer is due, and the actions taken
//! for it (an erasure, an export), linked by their audit-trail entries.
//!
//! The register is itself the record the CCPA asks a business to keep for 24 months
//! (Cal. Code Regs. tit. 11, § 7101), so it holds the requester's name and contact.

mod deadline;

use chrono::{DateTime, Months, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::export::LEGACY_EXPORT_ACTION;
use crate::ids::PrivacyRequestId;
use crate::people::{Email, PersonName, TextInvalid};

pub use deadline::{Deadlines, PrivacyLaw, deadlines};

const CODE: &str = "invalid_privacy_request";
const MAX_NOTES: usize = 4_000;
/// How long a closed request stays in the register (CCPA record keeping).
pub const KEEP_MONTHS: u32 = 24;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PrivacyRequestKind {
    /// To know or access the personal data held.
    Access,
    Deletion,
    Correction,
}

/// How the request reached the brokerage.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PrivacyChannel {
    Email,
    Phone,
    WebForm,
    Mail,
    InPerson,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PrivacyRequestStatus {
    Received,
    /// Receipt confirmed to the requester; the answer is still due.
    Confirmed,
    Completed,
    /// Refused, for a reason the notes give (e.g. the identity could not be verified).
    Denied,
}

impl PrivacyRequestStatus {
    pub fn is_open(self) -> bool {
        matches!(self, Self::Received | Self::Confirmed)
    }
}

/// An action taken for a request: an audit-trail entry of the tenant.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct PrivacyAction {
    #[ts(type = "number")]
    pub audit_seq: i64,
    pub action: String,
    pub occurred_at: DateTime<Utc>,
}

/// The audit actions a request can point to: what answers access, deletion and
/// correction requests.
pub const LINKABLE_ACTIONS: [&str; 5] = [
    "lead.erased",
    "lead.updated",
    "leads.exported",
    LEGACY_EXPORT_ACTION,
    "export.downloaded",
];

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct PrivacyRequest {
    pub id: PrivacyRequestId,
    pub kind: PrivacyRequestKind,
    pub law: PrivacyLaw,
    pub requester_name: String,
    pub requester_email: Option<String>,
    pub channel: PrivacyChannel,
    #[ts(type = "string")]
    pub received_on: NaiveDate,
    pub deadlines: Deadlines,
    pub status: PrivacyRequestStatus,
    /// The day it was completed or denied.
    #[ts(type = "string | null")]
    pub closed_on: Option<NaiveDate>,
    pub notes: String,
    pub actions: Vec<PrivacyAction>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl PrivacyRequest {
    /// The next date something is owed: the confirmation while it is unconfirmed, then
    /// the answer; none once closed.
    pub fn next_due(&self) -> Option<NaiveDate> {
        match self.status {
            PrivacyRequestStatus::Received => Some(
                self.deadlines
                    .confirm_by
                    .unwrap_or(self.deadlines.respond_by),
            ),
            PrivacyRequestStatus::Confirmed => Some(self.deadlines.respond_by),
            PrivacyRequestStatus::Completed | PrivacyRequestStatus::Denied => None,
        }
    }

    /// The day retention may remove the closed request.
    pub fn keep_until(&self) -> Option<NaiveDate> {
        self.closed_on
            .map(|closed| closed + Months::new(KEEP_MONTHS))
    }
}

/// What a person enters to record a request.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NewPrivacyRequest {
    pub kind: PrivacyRequestKind,
    pub law: PrivacyLaw,
    pub requester_name: String,
    #[serde(default)]
    pub requester_email: Option<String>,
    pub channel: PrivacyChannel,
    #[ts(type = "string")]
    pub received_on: NaiveDate,
    #[serde(default)]
    pub notes: String,
}

impl NewPrivacyRequest {
    /// The request as stored; `today` bounds the received date, which cannot be later.
    pub fn into_request(
        self,
        id: PrivacyRequestId,
        today: NaiveDate,
        now: DateTime<Utc>,
    ) -> Result<PrivacyRequest, TextInvalid> {
        if self.received_on > today {
            return Err(TextInvalid::new(
                CODE,
                "The date received can't be in the future.",
            ));
        }
        let requester_email = match self.requester_email.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(email) => Some(Email::parse(email)?.into_string()),
        };
        Ok(PrivacyRequest {
            id,
            kind: self.kind,
            law: self.law,
            requester_name: PersonName::parse(&self.requester_name)?.into_string(),
            requester_email,
            channel: self.channel,
            received_on: self.received_on,
            deadlines: deadlines(self.law, self.received_on),
            status: PrivacyRequestStatus::Received,
            closed_on: None,
            notes: notes(self.notes)?,
            actions: Vec::new(),
            created_at: now,
            updated_at: now,
        })
    }
}

/// A change of status or notes. Closing stamps the day; reopening clears it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct PrivacyRequestChanges {
    pub status: Option<PrivacyRequestStatus>,
    pub notes: Option<String>,
}

impl PrivacyRequestChanges {
    pub fn apply_to(
        self,
        request: &mut PrivacyRequest,
        today: NaiveDate,
    ) -> Result<(), TextInvalid> {
        if let Some(notes_text) = self.notes {
            request.notes = notes(notes_text)?;
        }
        if let Some(status) = self.status {
            if status == PrivacyRequestStatus::Denied && request.notes.trim().is_empty() {
                return Err(TextInvalid::new(
                    CODE,
                    "Say in the notes why the request is denied: the requester is owed the reason.",
                ));
            }
            request.closed_on = if status.is_open() {
                None
            } else {
                request.closed_on.or(Some(today))
            };
            request.status = status;
        }
        Ok(())
    }
}

fn notes(raw: String) -> Result<String, TextInvalid> {
    if raw.chars().count() > MAX_NOTES {
        return Err(TextInvalid::new(
            CODE,
            format!("Notes are limited to {MAX_NOTES} characters."),
        ));
    }
    if raw
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\t')
    {
        return Err(TextInvalid::new(
            CODE,
            "Notes can't hold control characters.",
        ));
    }
    Ok(raw.trim().to_owned())
}

/// Links an audit entry to a request.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct LinkPrivacyAction {
    #[ts(type = "number")]
    pub audit_seq: i64,
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn new(received_on: NaiveDate) -> NewPrivacyRequest {
        NewPrivacyRequest {
            kind: PrivacyRequestKind::Deletion,
            law: PrivacyLaw::Ccpa,
            requester_name: "  Dana Seller ".into(),
            requester_email: Some("Dana@Example.com".into()),
            channel: PrivacyChannel::Email,
            received_on,
            notes: String::new(),
        }
    }

    fn recorded() -> PrivacyRequest {
        let now = Utc.with_ymd_and_hms(2026, 12, 3, 9, 0, 0).unwrap();
        new(day(2026, 12, 2))
            .into_request(PrivacyRequestId::new(), day(2026, 12, 3), now)
            .unwrap()
    }

    #[test]
    fn a_recorded_request_is_normalised_with_its_deadlines() {
        let request = recorded();
        assert_eq!(request.requester_name, "Dana Seller");
        assert_eq!(request.requester_email.as_deref(), Some("dana@example.com"));
        assert_eq!(request.status, PrivacyRequestStatus::Received);
        assert_eq!(request.next_due(), Some(day(2026, 12, 16)), "confirm first");
    }

    #[test]
    fn bad_input_is_refused_with_the_register_code() {
        let future = new(day(2026, 12, 4)).into_request(
            PrivacyRequestId::new(),
            day(2026, 12, 3),
            Utc::now(),
        );
        assert_eq!(future.unwrap_err().code, CODE);
        let mut bad_email = new(day(2026, 12, 1));
        bad_email.requester_email = Some("x@example.org\r\nBcc: v@example.org".into());
        assert!(
            bad_email
                .into_request(PrivacyRequestId::new(), day(2026, 12, 3), Utc::now())
                .is_err()
        );
    }

    #[test]
    fn status_moves_the_next_deadline_and_closing_stamps_the_day() {
        let mut request = recorded();
        let confirm = PrivacyRequestChanges {
            status: Some(PrivacyRequestStatus::Confirmed),
            notes: None,
        };
        confirm.apply_to(&mut request, day(2026, 12, 4)).unwrap();
        assert_eq!(request.next_due(), Some(day(2027, 1, 16)));
        let deny = PrivacyRequestChanges {
            status: Some(PrivacyRequestStatus::Denied),
            notes: None,
        };
        assert!(
            deny.clone()
                .apply_to(&mut request, day(2026, 12, 5))
                .is_err(),
            "a denial needs its reason"
        );
        let complete = PrivacyRequestChanges {
            status: Some(PrivacyRequestStatus::Completed),
            notes: Some("Lead erased.".into()),
        };
        complete.apply_to(&mut request, day(2026, 12, 7)).unwrap();
        assert_eq!(request.next_due(), None);
        assert_eq!(request.closed_on, Some(day(2026, 12, 7)));
        assert_eq!(request.keep_until(), Some(day(2028, 12, 7)));
    }
}
