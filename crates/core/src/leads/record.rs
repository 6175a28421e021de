//! The lead record: its fields, the names they go by on the wire, and the rules that
//! span fields. `changes.rs` holds the changes a user or a device may make to one.

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;
use ts_rs::TS;

use crate::ids::{LeadId, UserId};

macro_rules! text_enum {
    ($(#[$doc:meta])* $name:ident { $($variant:ident => $text:literal,)+ }) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        #[serde(rename_all = "snake_case")]
        pub enum $name {
            $($variant,)+
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant,)+];

            /// The name stored in the database and sent on the wire.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text,)+
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl FromStr for $name {
            type Err = LeadInvalid;

            fn from_str(s: &str) -> Result<Self, LeadInvalid> {
                $name::ALL.iter().copied().find(|v| v.as_str() == s).ok_or_else(|| {
                    LeadInvalid::new(
                        concat!("invalid_", stringify!($name)),
                        format!("{s:?} is not a known {}.", stringify!($name)),
                    )
                })
            }
        }
    };
}

text_enum!(
    /// Where the lead came from.
    LeadSource {
        Chatbot => "chatbot",
        AiCall => "ai_call",
        WebForm => "web_form",
        Import => "import",
        Manual => "manual",
    }
);

text_enum!(
    /// How far along the pipeline the lead is.
    LeadStage {
        New => "new",
        Contacted => "contacted",
        Qualified => "qualified",
        Nurture => "nurture",
        Appointment => "appointment",
        UnderContract => "under_contract",
        Closed => "closed",
        Lost => "lost",
    }
);

/// What the lead is looking for.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct LeadPreferences {
    #[serde(default)]
    pub areas: Vec<String>,
    #[serde(default)]
    pub property_type: Option<String>,
    #[serde(default)]
    pub beds: Option<u8>,
    /// Half baths count, so this is a decimal (2.5).
    #[serde(default)]
    #[ts(type = "string | null")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub baths: Option<Decimal>,
    /// In the lead's words: "this spring", "within 6 months".
    #[serde(default)]
    pub timeframe: Option<String>,
}

/// A lead as the API and the cache hold it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Lead {
    pub id: LeadId,
    pub name: String,
    /// Lower-cased, without duplicates.
    pub emails: Vec<String>,
    /// E.164, without duplicates.
    pub phones: Vec<String>,
    pub source: LeadSource,
    pub source_detail: Option<String>,
    pub stage: LeadStage,
    pub assigned_agent: Option<UserId>,
    #[ts(type = "string | null")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub budget_min: Option<Decimal>,
    #[ts(type = "string | null")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub budget_max: Option<Decimal>,
    pub preferences: LeadPreferences,
    pub tags: Vec<String>,
    pub notes: String,
    /// An IANA time zone, e.g. `America/Denver`: when the lead may be called. None means
    /// the brokerage's own time zone.
    pub time_zone: Option<String>,
    #[ts(type = "string")]
    pub created_at: DateTime<Utc>,
    #[ts(type = "string")]
    pub updated_at: DateTime<Utc>,
    #[ts(type = "string | null")]
    pub last_activity_at: Option<DateTime<Utc>>,
    /// The tenant clock value of the write that last touched the lead.
    #[ts(type = "number")]
    pub version: i64,
}

/// A field a user may change. The names are the wire names of [`Lead`]'s fields, which
/// is how sync mutations and conflicts name them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub enum LeadField {
    Name,
    Emails,
    Phones,
    Source,
    SourceDetail,
    Stage,
    AssignedAgent,
    BudgetMin,
    BudgetMax,
    Preferences,
    Tags,
    Notes,
    TimeZone,
}

impl LeadField {
    pub const ALL: [LeadField; 13] = [
        LeadField::Name,
        LeadField::Emails,
        LeadField::Phones,
        LeadField::Source,
        LeadField::SourceDetail,
        LeadField::Stage,
        LeadField::AssignedAgent,
        LeadField::BudgetMin,
        LeadField::BudgetMax,
        LeadField::Preferences,
        LeadField::Tags,
        LeadField::Notes,
        LeadField::TimeZone,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            LeadField::Name => "name",
            LeadField::Emails => "emails",
            LeadField::Phones => "phones",
            LeadField::Source => "source",
            LeadField::SourceDetail => "sourceDetail",
            LeadField::Stage => "stage",
            LeadField::AssignedAgent => "assignedAgent",
            LeadField::BudgetMin => "budgetMin",
            LeadField::BudgetMax => "budgetMax",
            LeadField::Preferences => "preferences",
            LeadField::Tags => "tags",
            LeadField::Notes => "notes",
            LeadField::TimeZone => "timeZone",
        }
    }
}

/// Why a lead or a change to one is refused: a stable code and words for a person.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct LeadInvalid {
    pub code: &'static str,
    pub message: String,
}

impl LeadInvalid {
    pub(crate) fn new(code: &'static str, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
        }
    }
}

impl Lead {
    /// Rules that involve more than one field.
    pub fn check(&self) -> Result<(), LeadInvalid> {
        if let (Some(min), Some(max)) = (self.budget_min, self.budget_max)
            && min > max
        {
            return Err(LeadInvalid::new(
                "invalid_lead_budget",
                "The budget minimum is above the maximum.",
            ));
        }
        Ok(())
    }

    /// The current value of `field`, as it appears on the wire.
    pub fn field_value(&self, field: LeadField) -> serde_json::Value {
        let mut whole = serde_json::to_value(self).expect("a lead serialises");
        whole
            .get_mut(field.as_str())
            .map(serde_json::Value::take)
            .unwrap_or(serde_json::Value::Null)
    }

    /// What a free-text search reads besides phone numbers: the name, emails, tags and
    /// notes, space-separated (a list only when it has entries), lower-cased. The
    /// server's and the desktop's search indexes hold exactly this text, so a search
    /// means the same everywhere, a needle that spans two fields included.
    pub fn search_text(&self) -> String {
        search_text(&self.name, &self.emails, &self.tags, &self.notes)
    }

    /// Whether a free-text search matches the lead: a substring of its
    /// [`Lead::search_text`], or the search's digits in one of its phone numbers.
    pub fn matches_text(&self, needle: &str) -> bool {
        let needle = needle.trim().to_lowercase();
        if needle.is_empty() {
            return true;
        }
        self.search_text().contains(&needle)
            || search_digits(&needle).is_some_and(|d| self.phones.iter().any(|p| p.contains(&d)))
    }
}

/// [`Lead::search_text`] from the fields it reads, for an index that decodes only those
/// (the desktop's, from each pulled lead's JSON).
pub fn search_text<S: AsRef<str>>(name: &str, emails: &[S], tags: &[S], notes: &str) -> String {
    let mut parts = vec![name];
    for list in [emails, tags] {
        parts.extend(list.iter().map(AsRef::as_ref));
    }
    parts.push(notes);
    parts.join(" ").to_lowercase()
}

/// The digits of a search, for matching phone numbers however they are written; none
/// unless there are at least three, so "Unit 4" does not match every number with a 4.
pub fn search_digits(needle: &str) -> Option<String> {
    let digits: String = needle.chars().filter(char::is_ascii_digit).collect();
    (digits.len() >= 3).then_some(digits)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn enums_round_trip_through_their_stored_names() {
        for stage in LeadStage::ALL {
            assert_eq!(stage.as_str().parse::<LeadStage>().unwrap(), *stage);
            assert_eq!(serde_json::to_value(stage).unwrap(), json!(stage.as_str()));
        }
        for source in LeadSource::ALL {
            assert_eq!(source.as_str().parse::<LeadSource>().unwrap(), *source);
        }
        assert!("won".parse::<LeadStage>().is_err());
    }
}
