//! "May we call this lead on this number now?": the do-not-call list, the consent
//! ledger and the tenant's calling window, read together.

use chrono::{DateTime, NaiveTime, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{ConsentAction, ConsentChannel, ConsentEntry};
use crate::leads::{Lead, normalise_phone};
use crate::settings::TenantSettings;

/// What kind of call is about to be placed. The TCPA asks more of a call with an AI or
/// artificial voice than of a person dialling.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CallKind {
    AiVoice,
    Human,
}

/// Why a call may or may not be placed. Stable codes, for the UI and the calling service.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CallReason {
    /// Everything checked out.
    Allowed,
    /// The number is not one of the lead's.
    NotLeadsNumber,
    OnDoNotCallList,
    /// The latest call-consent entry for this number is a revocation.
    ConsentRevoked,
    /// An AI call needs written consent for this number, and there is none.
    NoWrittenConsent,
    OutsideCallingWindow,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct CallDecision {
    pub allowed: bool,
    pub reason: CallReason,
    /// Words for a person, e.g. "It is 21:30 in America/Denver; calls are allowed 08:00–21:00."
    pub message: String,
    /// The lead's local time the decision was made for (`HH:MM`) and its time zone.
    pub local_time: String,
    pub time_zone: String,
}

/// The query of the "may we call now?" check.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(rename_all = "camelCase")]
pub struct CallCheckQuery {
    pub phone: String,
    pub kind: CallKind,
}

/// The calling rules of a tenant, from its settings.
pub struct CallingRules<'a> {
    pub settings: &'a TenantSettings,
}

impl CallingRules<'_> {
    fn window(&self) -> (NaiveTime, NaiveTime) {
        let parse = |raw: &str, fallback: u32| {
            NaiveTime::parse_from_str(raw, "%H:%M")
                .unwrap_or_else(|_| NaiveTime::from_hms_opt(fallback, 0, 0).expect("valid hour"))
        };
        // Settings are validated when saved; the fallbacks are the TCPA's hours.
        (
            parse(&self.settings.calling_window.starts, 8),
            parse(&self.settings.calling_window.ends, 21),
        )
    }

    fn zone(&self, lead: &Lead) -> Tz {
        lead.time_zone
            .as_deref()
            .and_then(|z| z.parse().ok())
            .or_else(|| self.settings.timezone.parse().ok())
            .unwrap_or(chrono_tz::America::New_York)
    }

    /// May `lead` be called on `number` at `now`? `consents` are the lead's ledger (any
    /// order) and `dnc` the tenant's do-not-call numbers (E.164). The first rule that
    /// refuses gives the reason, in this order: the number, the do-not-call list,
    /// revocation, written consent, the calling window.
    pub fn may_call(
        &self,
        lead: &Lead,
        number: &str,
        kind: CallKind,
        consents: &[ConsentEntry],
        dnc: &[String],
        now: DateTime<Utc>,
    ) -> CallDecision {
        let zone = self.zone(lead);
        let local = now.with_timezone(&zone).time();
        let local_time = local.format("%H:%M").to_string();
        let decide = |reason: CallReason, message: String| CallDecision {
            allowed: reason == CallReason::Allowed,
            reason,
            message,
            local_time: local_time.clone(),
            time_zone: zone.name().to_owned(),
        };
        let Some(number) = normalise_phone(number)
            .ok()
            .filter(|n| lead.phones.contains(n))
        else {
            return decide(
                CallReason::NotLeadsNumber,
                format!("{number} is not one of this lead's phone numbers."),
            );
        };
        if self.settings.tcpa.honour_internal_dnc && dnc.contains(&number) {
            return decide(
                CallReason::OnDoNotCallList,
                format!("{number} is on the brokerage's do-not-call list."),
            );
        }
        let latest = consents
            .iter()
            .filter(|c| {
                c.lead_id == lead.id && c.channel == ConsentChannel::Call && c.covers == number
            })
            .max_by_key(|c| (c.captured_at, c.recorded_at, c.version));
        if latest.is_some_and(|c| c.action == ConsentAction::Revoked) {
            return decide(
                CallReason::ConsentRevoked,
                format!("The lead withdrew consent to calls on {number}."),
            );
        }
        let written = latest.is_some_and(|c| c.action == ConsentAction::Granted && c.written);
        if kind == CallKind::AiVoice
            && self.settings.tcpa.require_written_consent_for_ai_calls
            && !written
        {
            return decide(
                CallReason::NoWrittenConsent,
                format!(
                    "AI calls to {number} need the lead's written consent, which is not on record."
                ),
            );
        }
        let (starts, ends) = self.window();
        if local < starts || local >= ends {
            return decide(
                CallReason::OutsideCallingWindow,
                format!(
                    "It is {local_time} in {}; calls are allowed {}–{}.",
                    zone.name(),
                    starts.format("%H:%M"),
                    ends.format("%H:%M")
                ),
            );
        }
        decide(
            CallReason::Allowed,
            format!(
                "{number} may be called now ({local_time} in {}).",
                zone.name()
            ),
        )
    }
}
