//! A tenant's settings: how dates and times show, when calls may be placed, and its
//! branding. Validation lives here so the server and the desktop app agree on it.

use crate::transactions::status::StatusMapping;
use chrono::NaiveTime;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DateFormat {
    /// 12/31/2026
    MonthDayYear,
    /// 31/12/2026
    DayMonthYear,
    /// 2026-12-31
    YearMonthDay,
}

/// The hours, in the lead's own time zone, in which calls may be placed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct CallingWindow {
    /// `HH:MM`, inclusive.
    pub starts: String,
    /// `HH:MM`, exclusive.
    pub ends: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct TcpaOptions {
    /// AI or artificial-voice calls need prior express written consent.
    pub require_written_consent_for_ai_calls: bool,
    /// Numbers on the tenant's internal do-not-call list are never called.
    pub honour_internal_dnc: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Branding {
    /// `#RRGGBB`
    pub primary_colour: String,
    /// `#RRGGBB`
    pub accent_colour: String,
    /// An https URL, or none for the Brokerdesk logo.
    pub logo_url: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct TenantSettings {
    /// An IANA time zone, e.g. `America/New_York`.
    pub timezone: String,
    /// A BCP 47 tag, e.g. `en-US`.
    pub locale: String,
    pub date_format: DateFormat,
    pub calling_window: CallingWindow,
    pub tcpa: TcpaOptions,
    pub branding: Branding,
    /// Which group each Dotloop status counts in; documents saved before transactions
    /// existed read as the default mapping.
    #[serde(default)]
    pub transaction_status_groups: StatusMapping,
    /// The US state (two-letter USPS code, e.g. `CA`) whose fair-housing law the
    /// brokerage works under: the knowledge base's lint adds that state's rules. Absent
    /// (documents saved before it existed) is none: the federal rules alone.
    #[serde(default)]
    pub license_state: Option<String>,
}

impl Default for TenantSettings {
    /// What a new brokerage starts with: US Eastern, and calls 08:00 to 21:00, the
    /// hours the TCPA permits.
    fn default() -> Self {
        Self {
            timezone: "America/New_York".into(),
            locale: "en-US".into(),
            date_format: DateFormat::MonthDayYear,
            calling_window: CallingWindow {
                starts: "08:00".into(),
                ends: "21:00".into(),
            },
            tcpa: TcpaOptions {
                require_written_consent_for_ai_calls: true,
                honour_internal_dnc: true,
            },
            branding: Branding {
                primary_colour: "#1D4ED8".into(),
                accent_colour: "#0F766E".into(),
                logo_url: None,
            },
            transaction_status_groups: StatusMapping::default(),
            license_state: None,
        }
    }
}

/// The USPS codes of the states, the District of Columbia and the territories.
pub const USPS_STATE_CODES: [&str; 56] = [
    "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "FL", "GA", "HI", "ID", "IL", "IN", "IA", "KS",
    "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ", "NM", "NY",
    "NC", "ND", "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VT", "VA", "WA", "WV",
    "WI", "WY", "DC", "AS", "GU", "MP", "PR", "VI",
];

/// Something wrong with a settings field, naming the field so the UI can point at it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {problem}")]
pub struct InvalidSetting {
    pub field: &'static str,
    pub problem: String,
}

fn invalid(field: &'static str, problem: impl Into<String>) -> InvalidSetting {
    InvalidSetting {
        field,
        problem: problem.into(),
    }
}

fn parse_time(field: &'static str, raw: &str) -> Result<NaiveTime, InvalidSetting> {
    NaiveTime::parse_from_str(raw, "%H:%M")
        .map_err(|_| invalid(field, format!("{raw:?} is not a time like 08:00")))
}

fn check_colour(field: &'static str, raw: &str) -> Result<(), InvalidSetting> {
    let ok =
        raw.len() == 7 && raw.starts_with('#') && raw[1..].bytes().all(|b| b.is_ascii_hexdigit());
    if ok {
        Ok(())
    } else {
        Err(invalid(
            field,
            format!("{raw:?} is not a colour like #1D4ED8"),
        ))
    }
}

impl TenantSettings {
    pub fn validate(&self) -> Result<(), InvalidSetting> {
        self.timezone.parse::<chrono_tz::Tz>().map_err(|_| {
            invalid(
                "timezone",
                format!(
                    "{:?} is not a time zone such as America/Chicago",
                    self.timezone
                ),
            )
        })?;
        let locale_ok = {
            let mut parts = self.locale.split('-');
            let language = parts.next().unwrap_or_default();
            (2..=3).contains(&language.len())
                && language.bytes().all(|b| b.is_ascii_lowercase())
                && parts.all(|p| {
                    (2..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric())
                })
        };
        if !locale_ok {
            return Err(invalid(
                "locale",
                format!("{:?} is not a language tag such as en-US", self.locale),
            ));
        }
        let starts = parse_time("callingWindow.starts", &self.calling_window.starts)?;
        let ends = parse_time("callingWindow.ends", &self.calling_window.ends)?;
        if starts >= ends {
            return Err(invalid(
                "callingWindow",
                "the window must start before it ends, on the same day",
            ));
        }
        if let Some(state) = &self.license_state
            && !USPS_STATE_CODES.contains(&state.as_str())
        {
            return Err(invalid(
                "licenseState",
                format!("{state:?} is not a US state's two-letter postal code, such as CA"),
            ));
        }
        check_colour("branding.primaryColour", &self.branding.primary_colour)?;
        check_colour("branding.accentColour", &self.branding.accent_colour)?;
        if let Some(url) = &self.branding.logo_url
            && (!url.starts_with("https://")
                || url.len() > 2000
                || url.contains(char::is_whitespace))
        {
            return Err(invalid(
                "branding.logoUrl",
                "the logo must be an https:// address",
            ));
        }
        self.check_status_groups()
    }

    /// Each mapped status must be a Dotloop status code that may be mapped (not ARCHIVED,
    /// whose group follows its closing date), under the code itself, not a CSV label.
    fn check_status_groups(&self) -> Result<(), InvalidSetting> {
        const FIELD: &str = "transactionStatusGroups";
        let mut checked = StatusMapping {
            groups: Default::default(),
        };
        for (status, group) in &self.transaction_status_groups.groups {
            checked
                .set(status, *group)
                .map_err(|refused| invalid(FIELD, refused.message))?;
            if !checked.groups.contains_key(status) {
                return Err(invalid(
                    FIELD,
                    format!("{status:?} is a label; map the status code instead"),
                ));
            }
        }
        Ok(())
    }
}

/// Third-party services a tenant brings its own credentials for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Provider {
    Openai,
    Anthropic,
    Elevenlabs,
    Twilio,
    Vapi,
}

impl Provider {
    pub const ALL: [Provider; 5] = [
        Provider::Openai,
        Provider::Anthropic,
        Provider::Elevenlabs,
        Provider::Twilio,
        Provider::Vapi,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Provider::Openai => "openai",
            Provider::Anthropic => "anthropic",
            Provider::Elevenlabs => "elevenlabs",
            Provider::Twilio => "twilio",
            Provider::Vapi => "vapi",
        }
    }
}

/// A stored provider key as the API shows it: never the key, only its last four
/// characters, so an owner can tell which key is in use.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ProviderKeySummary {
    pub provider: Provider,
    pub last_four: String,
    #[ts(type = "string")]
    pub updated_at: chrono::DateTime<chrono::Utc>,
}

#[derive(Clone, Debug, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct SetProviderKeyRequest {
    pub key: String,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::transactions::status::StatusGroup;

    #[test]
    fn the_defaults_are_valid() {
        assert_eq!(TenantSettings::default().validate(), Ok(()));
    }

    #[test]
    fn each_bad_field_is_named() {
        type BreakIt = fn(&mut TenantSettings);
        let cases: [(&str, BreakIt); 10] = [
            ("licenseState", |s| s.license_state = Some("ca".into())),
            ("licenseState", |s| s.license_state = Some("ZZ".into())),
            ("timezone", |s| s.timezone = "Mars/Olympus".into()),
            ("locale", |s| s.locale = "english".into()),
            ("callingWindow.starts", |s| {
                s.calling_window.starts = "8am".into()
            }),
            ("callingWindow", |s| s.calling_window.ends = "07:00".into()),
            ("branding.primaryColour", |s| {
                s.branding.primary_colour = "blue".into()
            }),
            ("branding.accentColour", |s| {
                s.branding.accent_colour = "#12345".into()
            }),
            ("branding.logoUrl", |s| {
                s.branding.logo_url = Some("http://example.com/logo.png".into())
            }),
            ("branding.logoUrl", |s| {
                s.branding.logo_url = Some("javascript:alert(1)".into())
            }),
        ];
        for (field, break_it) in cases {
            let mut settings = TenantSettings::default();
            break_it(&mut settings);
            assert_eq!(settings.validate().unwrap_err().field, field);
        }
    }

    #[test]
    fn the_license_state_is_optional_and_absent_in_old_documents() {
        let mut old = serde_json::to_value(TenantSettings::default()).unwrap();
        old.as_object_mut().unwrap().remove("licenseState");
        let read: TenantSettings = serde_json::from_value(old).unwrap();
        assert_eq!(read.license_state, None);
        let settings = TenantSettings {
            license_state: Some("MD".into()),
            ..TenantSettings::default()
        };
        assert_eq!(settings.validate(), Ok(()));
    }

    #[test]
    fn real_time_zones_and_tags_pass() {
        let settings = TenantSettings {
            timezone: "Pacific/Honolulu".into(),
            locale: "es-419".into(),
            ..TenantSettings::default()
        };
        assert_eq!(settings.validate(), Ok(()));
    }

    #[test]
    fn status_groups_take_codes_and_refuse_archived() {
        let mut settings = TenantSettings::default();
        settings
            .transaction_status_groups
            .groups
            .insert("WITHDRAWN".into(), StatusGroup::Closed);
        assert_eq!(settings.validate(), Ok(()));
        for bad in ["ARCHIVED", "Under Contract", "not a status!"] {
            let mut settings = TenantSettings::default();
            settings
                .transaction_status_groups
                .groups
                .insert(bad.into(), StatusGroup::Active);
            assert_eq!(
                settings.validate().unwrap_err().field,
                "transactionStatusGroups",
                "{bad}"
            );
        }
    }
}
