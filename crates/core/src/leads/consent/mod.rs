//! Consent to be contacted, the tenant's do-not-call list, and the one rule that reads
//! them: "may we call this lead on this number now?".
//!
//! Consent is a ledger. An entry records a grant or a revocation for one channel and one
//! exact phone number or email address; nothing is ever edited, so what the person agreed
//! to, and when, stays provable. The latest entry for a number decides, which makes a
//! revocation effective the moment it is written, and consent for one number says
//! nothing about another.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use crate::ids::LeadId;
use crate::leads::{LeadInvalid, normalise_phone};
use crate::people::Email;
mod calling;
pub use calling::{CallCheckQuery, CallDecision, CallKind, CallReason, CallingRules};

const MAX_CONSENT_TEXT: usize = 5_000;
const MAX_WHERE: usize = 2_000;
const MAX_EVIDENCE: usize = 512;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ConsentChannel {
    Call,
    Sms,
    Email,
}

impl ConsentChannel {
    pub fn as_str(self) -> &'static str {
        match self {
            ConsentChannel::Call => "call",
            ConsentChannel::Sms => "sms",
            ConsentChannel::Email => "email",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ConsentAction {
    Granted,
    Revoked,
}

impl ConsentAction {
    pub fn as_str(self) -> &'static str {
        match self {
            ConsentAction::Granted => "granted",
            ConsentAction::Revoked => "revoked",
        }
    }
}

/// How the consent was captured, as proof: the address and browser it came from.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase", default)]
pub struct ConsentEvidence {
    pub ip: Option<String>,
    pub user_agent: Option<String>,
}

/// A grant or revocation as someone reports it: the chatbot, a web form, an agent.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NewConsent {
    pub channel: ConsentChannel,
    pub action: ConsentAction,
    /// Prior express *written* consent (an e-signature, a ticked box with the
    /// disclosure), which AI and artificial-voice calls need.
    #[serde(default)]
    pub written: bool,
    /// The phone number (calls, SMS) or email address the entry covers.
    pub covers: String,
    /// The exact words the person agreed to; for a revocation, what they said.
    #[serde(default)]
    pub text: String,
    /// When the person gave or withdrew consent; now, when left out.
    #[ts(type = "string | null")]
    #[serde(default)]
    pub captured_at: Option<DateTime<Utc>>,
    /// Where: the page URL or the form's name.
    #[serde(default)]
    pub captured_where: Option<String>,
    #[serde(default)]
    pub evidence: ConsentEvidence,
}

/// One line of a lead's consent ledger, as stored.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ConsentEntry {
    #[ts(type = "string")]
    pub id: Uuid,
    pub lead_id: LeadId,
    pub channel: ConsentChannel,
    pub action: ConsentAction,
    pub written: bool,
    /// E.164 for a phone, lower case for an email.
    pub covers: String,
    pub text: String,
    #[ts(type = "string")]
    pub captured_at: DateTime<Utc>,
    pub captured_where: Option<String>,
    pub evidence: ConsentEvidence,
    /// Who wrote the entry: `user:<id>` or `api_key:<id>`.
    pub recorded_by: String,
    #[ts(type = "string")]
    pub recorded_at: DateTime<Utc>,
    #[ts(type = "number")]
    pub version: i64,
}

fn invalid(code: &'static str, message: impl Into<String>) -> LeadInvalid {
    LeadInvalid::new(code, message)
}

fn bounded(value: Option<String>, max: usize, what: &str) -> Result<Option<String>, LeadInvalid> {
    let value = value.map(|v| v.trim().to_owned()).filter(|v| !v.is_empty());
    if value.as_ref().is_some_and(|v| v.chars().count() > max) {
        return Err(invalid(
            "invalid_consent",
            format!("The {what} is limited to {max} characters."),
        ));
    }
    Ok(value)
}

impl NewConsent {
    /// Normalises what the entry covers (E.164, lower-cased email) and bounds the text.
    /// A grant must quote what was agreed to; a revocation need not.
    pub fn normalised(mut self, now: DateTime<Utc>) -> Result<Self, LeadInvalid> {
        self.covers = match self.channel {
            ConsentChannel::Call | ConsentChannel::Sms => normalise_phone(&self.covers)?,
            ConsentChannel::Email => Email::parse(&self.covers)
                .map_err(|refused| invalid("invalid_consent", refused.message))?
                .into_string(),
        };
        self.text = self.text.trim().to_owned();
        if self.action == ConsentAction::Granted && self.text.is_empty() {
            return Err(invalid(
                "invalid_consent",
                "A grant of consent must quote the exact text the person agreed to.",
            ));
        }
        if self.text.chars().count() > MAX_CONSENT_TEXT {
            return Err(invalid(
                "invalid_consent",
                format!("The consent text is limited to {MAX_CONSENT_TEXT} characters."),
            ));
        }
        if self.action == ConsentAction::Revoked {
            // Withdrawing consent is not consent of any kind.
            self.written = false;
        }
        let captured_at = self.captured_at.unwrap_or(now);
        if captured_at > now + chrono::Duration::minutes(5) {
            return Err(invalid(
                "invalid_consent",
                "Consent cannot be dated in the future.",
            ));
        }
        self.captured_at = Some(captured_at);
        self.captured_where = bounded(self.captured_where, MAX_WHERE, "place of capture")?;
        self.evidence.ip = bounded(self.evidence.ip, MAX_EVIDENCE, "IP address")?;
        self.evidence.user_agent = bounded(self.evidence.user_agent, MAX_EVIDENCE, "user agent")?;
        Ok(self)
    }
}

/// Where a consent mutation's changes name the lead the entry is for.
const MUTATION_LEAD_KEY: &str = "leadId";

impl NewConsent {
    /// The changes of the sync mutation that records this entry for `lead` (a device
    /// recording consent offline): the entry's fields and the lead's id.
    pub fn to_mutation_changes(&self, lead: LeadId) -> serde_json::Map<String, serde_json::Value> {
        let mut changes = match serde_json::to_value(self).expect("a consent serialises") {
            serde_json::Value::Object(map) => map,
            _ => unreachable!("a struct serialises as an object"),
        };
        changes.insert(MUTATION_LEAD_KEY.into(), lead.to_string().into());
        changes
    }

    /// Reads a consent mutation's changes back: the lead, and the entry.
    pub fn from_mutation_changes(
        changes: &serde_json::Map<String, serde_json::Value>,
    ) -> Result<(LeadId, NewConsent), LeadInvalid> {
        let mut fields = changes.clone();
        let lead = fields
            .remove(MUTATION_LEAD_KEY)
            .and_then(|v| serde_json::from_value::<LeadId>(v).ok())
            .ok_or_else(|| invalid("invalid_consent", "A consent entry must name its lead."))?;
        let consent = serde_json::from_value(serde_json::Value::Object(fields)).map_err(|e| {
            invalid(
                "invalid_consent",
                format!("The consent entry is invalid: {e}."),
            )
        })?;
        Ok((lead, consent))
    }
}

/// A number the brokerage has promised never to call.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct DncEntry {
    #[ts(type = "string")]
    pub id: Uuid,
    /// E.164.
    pub phone: String,
    pub reason: Option<String>,
    pub added_by: String,
    #[ts(type = "string")]
    pub added_at: DateTime<Utc>,
    #[ts(type = "number")]
    pub version: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NewDncEntry {
    pub phone: String,
    #[serde(default)]
    pub reason: Option<String>,
}

impl NewDncEntry {
    pub fn normalised(mut self) -> Result<Self, LeadInvalid> {
        self.phone = normalise_phone(&self.phone)?;
        self.reason = bounded(self.reason, MAX_WHERE, "reason")?;
        Ok(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::leads::{Lead, LeadChanges};
    use crate::settings::TenantSettings;
    use chrono::TimeZone;

    const ANN: &str = "+14155552671";
    const OTHER: &str = "+14155550100";

    fn lead(zone: Option<&str>) -> Lead {
        let changes = LeadChanges {
            name: Some("Ann Lee".into()),
            phones: Some(vec![ANN.into(), OTHER.into()]),
            time_zone: Some(zone.map(str::to_owned)),
            ..LeadChanges::default()
        }
        .normalised()
        .unwrap();
        Lead::create(LeadId::new(), &changes, Utc::now()).unwrap()
    }

    fn entry(
        lead: &Lead,
        covers: &str,
        action: ConsentAction,
        written: bool,
        at: DateTime<Utc>,
    ) -> ConsentEntry {
        ConsentEntry {
            id: Uuid::now_v7(),
            lead_id: lead.id,
            channel: ConsentChannel::Call,
            action,
            written,
            covers: covers.into(),
            text: "I agree to be called by Acme Realty, including by AI voice.".into(),
            captured_at: at,
            captured_where: Some("https://acme.test/contact".into()),
            evidence: ConsentEvidence::default(),
            recorded_by: "api_key:test".into(),
            recorded_at: at,
            version: 1,
        }
    }

    fn utc(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, mo, d, h, mi, 0).unwrap()
    }

    /// Mid-afternoon in New York on an ordinary day.
    fn afternoon() -> DateTime<Utc> {
        utc(2026, 6, 10, 18, 0)
    }

    #[test]
    fn consent_revocation_dnc_and_numbers_decide_in_order() {
        let ann = lead(None);
        let granted = |at| entry(&ann, ANN, ConsentAction::Granted, true, at);
        let revoked = |at| entry(&ann, ANN, ConsentAction::Revoked, false, at);
        let earlier = utc(2026, 6, 1, 12, 0);
        let later = utc(2026, 6, 2, 12, 0);
        type Case = (
            &'static str,
            &'static str,
            CallKind,
            Vec<ConsentEntry>,
            Vec<String>,
            CallReason,
        );
        let cases: Vec<Case> = vec![
            (
                "written grant",
                ANN,
                CallKind::AiVoice,
                vec![granted(earlier)],
                vec![],
                CallReason::Allowed,
            ),
            (
                "same number written differently",
                "(415) 555-2671",
                CallKind::AiVoice,
                vec![granted(earlier)],
                vec![],
                CallReason::Allowed,
            ),
            (
                "no consent at all, AI",
                ANN,
                CallKind::AiVoice,
                vec![],
                vec![],
                CallReason::NoWrittenConsent,
            ),
            (
                "no consent, a person dialling",
                ANN,
                CallKind::Human,
                vec![],
                vec![],
                CallReason::Allowed,
            ),
            (
                "only unwritten consent, AI",
                ANN,
                CallKind::AiVoice,
                vec![entry(&ann, ANN, ConsentAction::Granted, false, earlier)],
                vec![],
                CallReason::NoWrittenConsent,
            ),
            (
                "revoked after the grant",
                ANN,
                CallKind::AiVoice,
                vec![granted(earlier), revoked(later)],
                vec![],
                CallReason::ConsentRevoked,
            ),
            (
                "revocation binds people too",
                ANN,
                CallKind::Human,
                vec![granted(earlier), revoked(later)],
                vec![],
                CallReason::ConsentRevoked,
            ),
            (
                "granted again after revoking",
                ANN,
                CallKind::AiVoice,
                vec![revoked(earlier), granted(later)],
                vec![],
                CallReason::Allowed,
            ),
            (
                "consent for another number",
                OTHER,
                CallKind::AiVoice,
                vec![granted(earlier)],
                vec![],
                CallReason::NoWrittenConsent,
            ),
            (
                "not the lead's number",
                "+12125550123",
                CallKind::Human,
                vec![],
                vec![],
                CallReason::NotLeadsNumber,
            ),
            (
                "garbage number",
                "call me",
                CallKind::Human,
                vec![],
                vec![],
                CallReason::NotLeadsNumber,
            ),
            (
                "on the DNC list despite consent",
                ANN,
                CallKind::AiVoice,
                vec![granted(earlier)],
                vec![ANN.into()],
                CallReason::OnDoNotCallList,
            ),
            (
                "another number on the DNC list",
                ANN,
                CallKind::AiVoice,
                vec![granted(earlier)],
                vec![OTHER.into()],
                CallReason::Allowed,
            ),
        ];
        let settings = TenantSettings::default();
        let rules = CallingRules {
            settings: &settings,
        };
        for (name, number, kind, consents, dnc, expected) in cases {
            let decision = rules.may_call(&ann, number, kind, &consents, &dnc, afternoon());
            assert_eq!(decision.reason, expected, "{name}: {}", decision.message);
            assert_eq!(decision.allowed, expected == CallReason::Allowed, "{name}");
        }
    }

    #[test]
    fn sms_or_email_consent_does_not_cover_calls_and_other_leads_do_not_count() {
        let ann = lead(None);
        let settings = TenantSettings::default();
        let rules = CallingRules {
            settings: &settings,
        };
        let mut sms = entry(
            &ann,
            ANN,
            ConsentAction::Granted,
            true,
            utc(2026, 6, 1, 12, 0),
        );
        sms.channel = ConsentChannel::Sms;
        let mut someone_else = entry(
            &ann,
            ANN,
            ConsentAction::Granted,
            true,
            utc(2026, 6, 1, 12, 0),
        );
        someone_else.lead_id = LeadId::new();
        for consents in [vec![sms], vec![someone_else]] {
            let decision =
                rules.may_call(&ann, ANN, CallKind::AiVoice, &consents, &[], afternoon());
            assert_eq!(decision.reason, CallReason::NoWrittenConsent);
        }
    }

    #[test]
    fn dnc_and_written_consent_follow_the_tenants_tcpa_options() {
        let ann = lead(None);
        let mut settings = TenantSettings::default();
        settings.tcpa.honour_internal_dnc = false;
        settings.tcpa.require_written_consent_for_ai_calls = false;
        let rules = CallingRules {
            settings: &settings,
        };
        let decision = rules.may_call(
            &ann,
            ANN,
            CallKind::AiVoice,
            &[],
            &[ANN.into()],
            afternoon(),
        );
        assert_eq!(decision.reason, CallReason::Allowed, "{}", decision.message);
    }

    /// The window is in the lead's zone (or the tenant's), across DST changes and
    /// zones with odd offsets. Start inclusive, end exclusive.
    #[test]
    fn the_calling_window_is_local_to_the_lead() {
        type Case = (
            &'static str,
            Option<&'static str>,
            &'static str,
            DateTime<Utc>,
            bool,
        );
        let cases: Vec<Case> = vec![
            // New York is UTC-5 in winter, UTC-4 in summer (DST from 2026-03-08 02:00).
            (
                "NY winter 07:59",
                None,
                "America/New_York",
                utc(2026, 1, 15, 12, 59),
                false,
            ),
            (
                "NY winter 08:00",
                None,
                "America/New_York",
                utc(2026, 1, 15, 13, 0),
                true,
            ),
            (
                "NY winter 20:59",
                None,
                "America/New_York",
                utc(2026, 1, 16, 1, 59),
                true,
            ),
            (
                "NY winter 21:00",
                None,
                "America/New_York",
                utc(2026, 1, 16, 2, 0),
                false,
            ),
            (
                "NY day before DST, 12:30 UTC is 07:30",
                None,
                "America/New_York",
                utc(2026, 3, 7, 12, 30),
                false,
            ),
            (
                "NY day after DST, 12:30 UTC is 08:30",
                None,
                "America/New_York",
                utc(2026, 3, 9, 12, 30),
                true,
            ),
            (
                "NY after DST ends, 12:30 UTC is 07:30 again",
                None,
                "America/New_York",
                utc(2026, 11, 2, 12, 30),
                false,
            ),
            (
                "NY on the fall-back day, 01:30 UTC is 21:30",
                None,
                "America/New_York",
                utc(2026, 11, 1, 1, 30),
                false,
            ),
            // The lead's own zone wins over the tenant's.
            (
                "lead in LA, 15:30 UTC is 08:30 PDT",
                Some("America/Los_Angeles"),
                "America/Los_Angeles",
                utc(2026, 6, 10, 15, 30),
                true,
            ),
            (
                "lead in LA, 14:30 UTC is 07:30 PDT (10:30 in NY)",
                Some("America/Los_Angeles"),
                "America/Los_Angeles",
                utc(2026, 6, 10, 14, 30),
                false,
            ),
            (
                "Arizona keeps no DST: 14:59 UTC is 07:59",
                Some("America/Phoenix"),
                "America/Phoenix",
                utc(2026, 7, 1, 14, 59),
                false,
            ),
            (
                "Arizona 15:00 UTC is 08:00",
                Some("America/Phoenix"),
                "America/Phoenix",
                utc(2026, 7, 1, 15, 0),
                true,
            ),
            (
                "Honolulu, 06:59 UTC next day is 20:59",
                Some("Pacific/Honolulu"),
                "Pacific/Honolulu",
                utc(2026, 6, 11, 6, 59),
                true,
            ),
            (
                "Honolulu, 07:00 UTC next day is 21:00",
                Some("Pacific/Honolulu"),
                "Pacific/Honolulu",
                utc(2026, 6, 11, 7, 0),
                false,
            ),
            (
                "Kolkata is UTC+5:30: 02:29 UTC is 07:59",
                Some("Asia/Kolkata"),
                "Asia/Kolkata",
                utc(2026, 6, 10, 2, 29),
                false,
            ),
            (
                "Kolkata 02:30 UTC is 08:00",
                Some("Asia/Kolkata"),
                "Asia/Kolkata",
                utc(2026, 6, 10, 2, 30),
                true,
            ),
            (
                "Lord Howe shifts 30 minutes for DST: 21:30 UTC in January is 08:30",
                Some("Australia/Lord_Howe"),
                "Australia/Lord_Howe",
                utc(2026, 1, 15, 21, 30),
                true,
            ),
            (
                "Lord Howe 21:30 UTC in July is 08:00",
                Some("Australia/Lord_Howe"),
                "Australia/Lord_Howe",
                utc(2026, 7, 15, 21, 30),
                true,
            ),
            (
                "Lord Howe 21:29 UTC in July is 07:59",
                Some("Australia/Lord_Howe"),
                "Australia/Lord_Howe",
                utc(2026, 7, 15, 21, 29),
                false,
            ),
        ];
        let settings = TenantSettings::default();
        let rules = CallingRules {
            settings: &settings,
        };
        for (name, zone, expected_zone, now, allowed) in cases {
            let lead = lead(zone);
            let decision = rules.may_call(&lead, ANN, CallKind::Human, &[], &[], now);
            assert_eq!(decision.allowed, allowed, "{name}: {}", decision.message);
            assert_eq!(decision.time_zone, expected_zone, "{name}");
            if !allowed {
                assert_eq!(decision.reason, CallReason::OutsideCallingWindow, "{name}");
            }
        }
    }

    #[test]
    fn a_narrower_tenant_window_applies() {
        let mut settings = TenantSettings::default();
        settings.calling_window.starts = "10:00".into();
        settings.calling_window.ends = "18:00".into();
        let rules = CallingRules {
            settings: &settings,
        };
        let lead = lead(None);
        let at = |h| utc(2026, 6, 10, h, 0); // EDT: h - 4
        assert!(
            !rules
                .may_call(&lead, ANN, CallKind::Human, &[], &[], at(13))
                .allowed
        );
        assert!(
            rules
                .may_call(&lead, ANN, CallKind::Human, &[], &[], at(14))
                .allowed
        );
        assert!(
            !rules
                .may_call(&lead, ANN, CallKind::Human, &[], &[], at(22))
                .allowed
        );
    }

    #[test]
    fn new_consent_is_normalised_and_grants_quote_their_text() {
        let now = afternoon();
        let grant = NewConsent {
            channel: ConsentChannel::Call,
            action: ConsentAction::Granted,
            written: true,
            covers: "(415) 555-2671".into(),
            text: "  I agree.  ".into(),
            captured_at: None,
            captured_where: Some("  ".into()),
            evidence: ConsentEvidence::default(),
        };
        let normalised = grant.clone().normalised(now).unwrap();
        assert_eq!(normalised.covers, ANN);
        assert_eq!(normalised.text, "I agree.");
        assert_eq!(normalised.captured_at, Some(now));
        assert_eq!(normalised.captured_where, None);
        let silent = NewConsent {
            text: " ".into(),
            ..grant.clone()
        };
        assert_eq!(silent.normalised(now).unwrap_err().code, "invalid_consent");
        let future = NewConsent {
            captured_at: Some(now + chrono::Duration::days(1)),
            ..grant.clone()
        };
        assert!(future.normalised(now).is_err());
        let revoke = NewConsent {
            action: ConsentAction::Revoked,
            text: String::new(),
            ..grant
        };
        assert!(!revoke.normalised(now).unwrap().written);
    }
}
