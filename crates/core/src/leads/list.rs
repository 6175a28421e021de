//! Listing leads: filters, sort orders and the keyset cursor, shared by the API's list
//! route and the desktop's offline list over the cache, so both answer the same question
//! the same way.

use chrono::{DateTime, SecondsFormat, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::ids::{LeadId, UserId};
use crate::leads::{Lead, LeadInvalid, LeadSource, LeadStage};

pub const DEFAULT_PAGE: u32 = 50;
pub const MAX_PAGE: u32 = 500;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum LeadSort {
    /// Most recently changed first.
    #[default]
    UpdatedDesc,
    CreatedDesc,
    CreatedAsc,
    /// A to Z, ignoring case.
    NameAsc,
}

/// Which leads, in which order, from where. Every filter is optional and they combine
/// with "and". `q` searches name, emails, phones (digits match however the number is
/// written), tags and notes.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams, utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(rename_all = "camelCase", default)]
pub struct LeadListQuery {
    pub stage: Option<LeadStage>,
    pub agent: Option<UserId>,
    pub source: Option<LeadSource>,
    pub tag: Option<String>,
    #[ts(type = "string | null")]
    pub created_from: Option<DateTime<Utc>>,
    /// Exclusive.
    #[ts(type = "string | null")]
    pub created_to: Option<DateTime<Utc>>,
    #[ts(type = "string | null")]
    pub updated_from: Option<DateTime<Utc>>,
    /// Exclusive.
    #[ts(type = "string | null")]
    pub updated_to: Option<DateTime<Utc>>,
    /// The last conversation or call; a lead with none is outside any activity range.
    #[ts(type = "string | null")]
    pub activity_from: Option<DateTime<Utc>>,
    /// Exclusive.
    #[ts(type = "string | null")]
    pub activity_to: Option<DateTime<Utc>>,
    pub q: Option<String>,
    pub sort: LeadSort,
    /// The `nextCursor` of the previous page.
    pub after: Option<String>,
    /// At most [`MAX_PAGE`]; [`DEFAULT_PAGE`] when left out.
    pub limit: Option<u32>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct LeadPage {
    pub leads: Vec<Lead>,
    /// Pass as `after` for the next page; none on the last page.
    pub next_cursor: Option<String>,
}

/// The position after a lead in a sort order: its sort key and id. Opaque to callers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LeadCursor {
    pub key: String,
    pub id: LeadId,
}

/// The key a lead sorts by; text that orders like the value for the timestamp sorts
/// (fixed-width RFC 3339 in UTC).
pub fn sort_key(lead: &Lead, sort: LeadSort) -> String {
    match sort {
        LeadSort::UpdatedDesc => timestamp_key(lead.updated_at),
        LeadSort::CreatedDesc | LeadSort::CreatedAsc => timestamp_key(lead.created_at),
        LeadSort::NameAsc => lead.name.to_lowercase(),
    }
}

pub fn timestamp_key(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Micros, true)
}

impl LeadCursor {
    pub fn after(lead: &Lead, sort: LeadSort) -> Self {
        Self {
            key: sort_key(lead, sort),
            id: lead.id,
        }
    }

    pub fn encode(&self) -> String {
        hex::encode(format!("{}\n{}", self.id, self.key))
    }

    pub fn decode(raw: &str) -> Result<Self, LeadInvalid> {
        let bad = || {
            LeadInvalid::new(
                "invalid_cursor",
                "The page cursor is not one this API gave out.",
            )
        };
        let text = String::from_utf8(hex::decode(raw).map_err(|_| bad())?).map_err(|_| bad())?;
        let (id, key) = text.split_once('\n').ok_or_else(bad)?;
        Ok(Self {
            key: key.to_owned(),
            id: id.parse().map_err(|_| bad())?,
        })
    }
}

impl LeadListQuery {
    pub fn page_size(&self) -> u32 {
        self.limit.unwrap_or(DEFAULT_PAGE).clamp(1, MAX_PAGE)
    }

    pub fn cursor(&self) -> Result<Option<LeadCursor>, LeadInvalid> {
        self.after.as_deref().map(LeadCursor::decode).transpose()
    }

    /// The search text, trimmed and lower-cased, when there is any.
    pub fn needle(&self) -> Option<String> {
        self.q
            .as_deref()
            .map(|q| q.trim().to_lowercase())
            .filter(|q| !q.is_empty())
    }

    /// The digits of the search text that phone numbers are matched on.
    pub fn phone_digits(&self) -> Option<String> {
        crate::leads::search_digits(self.q.as_deref()?)
    }

    /// The names of the filters in use (not their values, which may be personal data:
    /// a search for a name), for the audit entry of an export.
    pub fn filters_in_use(&self) -> Vec<&'static str> {
        [
            ("stage", self.stage.is_some()),
            ("agent", self.agent.is_some()),
            ("source", self.source.is_some()),
            ("tag", self.tag.is_some()),
            ("createdFrom", self.created_from.is_some()),
            ("createdTo", self.created_to.is_some()),
            ("updatedFrom", self.updated_from.is_some()),
            ("updatedTo", self.updated_to.is_some()),
            ("activityFrom", self.activity_from.is_some()),
            ("activityTo", self.activity_to.is_some()),
            ("q", self.needle().is_some()),
        ]
        .into_iter()
        .filter_map(|(name, used)| used.then_some(name))
        .collect()
    }

    /// Whether `lead` passes every filter: the rule itself, for checking the SQL that
    /// implements it and for small in-memory lists.
    pub fn matches(&self, lead: &Lead) -> bool {
        let within = |at: DateTime<Utc>, from: Option<DateTime<Utc>>, to: Option<DateTime<Utc>>| {
            from.is_none_or(|f| at >= f) && to.is_none_or(|t| at < t)
        };
        self.stage.is_none_or(|s| lead.stage == s)
            && self.agent.is_none_or(|a| lead.assigned_agent == Some(a))
            && self.source.is_none_or(|s| lead.source == s)
            && self
                .tag
                .as_ref()
                .is_none_or(|tag| lead.tags.iter().any(|t| t.eq_ignore_ascii_case(tag)))
            && within(lead.created_at, self.created_from, self.created_to)
            && within(lead.updated_at, self.updated_from, self.updated_to)
            && (self.activity_from.is_none() && self.activity_to.is_none()
                || lead
                    .last_activity_at
                    .is_some_and(|at| within(at, self.activity_from, self.activity_to)))
            && self.q.as_ref().is_none_or(|q| lead.matches_text(q))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_refuse_forgeries() {
        let cursor = LeadCursor {
            key: "ann lee\nwith a newline".into(),
            id: LeadId::new(),
        };
        assert_eq!(LeadCursor::decode(&cursor.encode()).unwrap(), cursor);
        for bad in [
            "zz",
            "",
            &hex::encode("no-newline"),
            &hex::encode("not-a-uuid\nkey"),
        ] {
            assert_eq!(
                LeadCursor::decode(bad).unwrap_err().code,
                "invalid_cursor",
                "{bad}"
            );
        }
    }

    #[test]
    fn timestamp_keys_sort_like_time() {
        let early = DateTime::from_timestamp(1_000_000_000, 5_000).unwrap();
        let late = DateTime::from_timestamp(1_000_000_000, 40_000).unwrap();
        assert!(timestamp_key(early) < timestamp_key(late));
    }

    #[test]
    fn phone_digits_need_three() {
        let q = |s: &str| LeadListQuery {
            q: Some(s.into()),
            ..Default::default()
        };
        assert_eq!(q("(415) 555").phone_digits().as_deref(), Some("415555"));
        assert_eq!(q("ann 12").phone_digits(), None);
        assert_eq!(q("  ").needle(), None);
    }
}
