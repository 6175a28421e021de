//! Status groups: every Dotloop status counts as active, pending, closed or cancelled.
//! The default mapping is the one SkySlope Books uses; each brokerage may edit it.
//! ARCHIVED is special: a loop is archived both when it closed and when it died, so it
//! counts as closed only when its closing date has passed, and as cancelled otherwise.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use ts_rs::TS;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum StatusGroup {
    Active,
    Pending,
    Closed,
    Cancelled,
}

pub const ARCHIVED: &str = "ARCHIVED";
/// The code a CSV's "No Status" label becomes.
pub const NO_STATUS: &str = "NO_STATUS";

const DEFAULT_GROUPS: &[(&str, StatusGroup)] = &[
    ("NEW", StatusGroup::Active),
    ("PRE_LISTING", StatusGroup::Active),
    ("PRIVATE_LISTING", StatusGroup::Active),
    ("ACTIVE_LISTING", StatusGroup::Active),
    ("PRE_OFFER", StatusGroup::Active),
    (NO_STATUS, StatusGroup::Active),
    ("IN_PROGRESS", StatusGroup::Pending),
    ("UNDER_CONTRACT", StatusGroup::Pending),
    ("SOLD", StatusGroup::Closed),
    ("LEASED", StatusGroup::Closed),
    ("DONE", StatusGroup::Closed),
    ("WITHDRAWN", StatusGroup::Cancelled),
    ("TERMINATED", StatusGroup::Cancelled),
];

/// A CSV display label ("Under Contract", "No Status") or an API code, as the code.
pub fn status_code(label: &str) -> Option<String> {
    let code: String = label
        .trim()
        .chars()
        .map(|c| match c {
            ' ' | '-' => '_',
            c => c.to_ascii_uppercase(),
        })
        .collect();
    (!code.is_empty()).then_some(code)
}

/// A brokerage's status mapping. Statuses it does not name, and a loop with no status,
/// count as active: a loop nobody has classified is still open work. ARCHIVED is not
/// in the mapping, since its group depends on the closing date.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct StatusMapping {
    /// Status code → group.
    pub groups: BTreeMap<String, StatusGroup>,
}

impl Default for StatusMapping {
    fn default() -> Self {
        Self {
            groups: DEFAULT_GROUPS
                .iter()
                .map(|(status, group)| ((*status).to_owned(), *group))
                .collect(),
        }
    }
}

/// Why a mapping edit is refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct MappingInvalid {
    pub code: &'static str,
    pub message: String,
}

impl StatusMapping {
    /// Moves `status` (a code or a CSV label) to `group`.
    pub fn set(&mut self, status: &str, group: StatusGroup) -> Result<(), MappingInvalid> {
        let invalid = |message: String| MappingInvalid {
            code: "invalid_status_mapping",
            message,
        };
        let code = status_code(status).ok_or_else(|| invalid("Name a status.".into()))?;
        if code == ARCHIVED {
            return Err(invalid(
                "ARCHIVED counts as closed once its closing date has passed and as cancelled otherwise; it cannot be mapped.".into(),
            ));
        }
        if code.len() > 64 || !code.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            return Err(invalid(format!("{status:?} is not a Dotloop status.")));
        }
        self.groups.insert(code, group);
        Ok(())
    }

    /// The group of a loop with this status and closing date, as of `today`.
    pub fn group(
        &self,
        status: Option<&str>,
        closing_date: Option<NaiveDate>,
        today: NaiveDate,
    ) -> StatusGroup {
        match status {
            Some(ARCHIVED) => match closing_date {
                Some(closing) if closing < today => StatusGroup::Closed,
                _ => StatusGroup::Cancelled,
            },
            Some(status) => self
                .groups
                .get(status)
                .copied()
                .unwrap_or(StatusGroup::Active),
            None => StatusGroup::Active,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn default_groups_follow_skyslope() {
        let mapping = StatusMapping::default();
        let today = day(2025, 11, 1);
        let group = |status: &str| mapping.group(Some(status), None, today);
        assert_eq!(group("ACTIVE_LISTING"), StatusGroup::Active);
        assert_eq!(group("PRE_OFFER"), StatusGroup::Active);
        assert_eq!(group("UNDER_CONTRACT"), StatusGroup::Pending);
        assert_eq!(group("IN_PROGRESS"), StatusGroup::Pending);
        assert_eq!(group("SOLD"), StatusGroup::Closed);
        assert_eq!(group("LEASED"), StatusGroup::Closed);
        assert_eq!(group("WITHDRAWN"), StatusGroup::Cancelled);
        assert_eq!(group(NO_STATUS), StatusGroup::Active);
        assert_eq!(mapping.group(None, None, today), StatusGroup::Active);
    }

    #[test]
    fn archived_is_closed_only_after_a_past_closing_date() {
        let mapping = StatusMapping::default();
        let today = day(2025, 11, 1);
        let archived = |closing| mapping.group(Some(ARCHIVED), closing, today);
        assert_eq!(archived(Some(day(2025, 10, 30))), StatusGroup::Closed);
        assert_eq!(
            archived(Some(day(2025, 11, 1))),
            StatusGroup::Cancelled,
            "not yet passed"
        );
        assert_eq!(archived(Some(day(2025, 12, 1))), StatusGroup::Cancelled);
        assert_eq!(archived(None), StatusGroup::Cancelled);
    }

    #[test]
    fn csv_labels_become_codes() {
        assert_eq!(
            status_code("Active Listing").as_deref(),
            Some("ACTIVE_LISTING")
        );
        assert_eq!(
            status_code(" Under Contract ").as_deref(),
            Some("UNDER_CONTRACT")
        );
        assert_eq!(status_code("No Status").as_deref(), Some(NO_STATUS));
        assert_eq!(status_code("SOLD").as_deref(), Some("SOLD"));
        assert_eq!(status_code("  "), None);
    }

    #[test]
    fn a_brokerage_edits_its_mapping() {
        let mut mapping = StatusMapping::default();
        mapping.set("Pre Offer", StatusGroup::Pending).unwrap();
        let today = day(2025, 11, 1);
        assert_eq!(
            mapping.group(Some("PRE_OFFER"), None, today),
            StatusGroup::Pending
        );
        assert!(mapping.set("Archived", StatusGroup::Closed).is_err());
        assert!(mapping.set("DROP TABLE;", StatusGroup::Closed).is_err());
        let json = serde_json::to_string(&mapping).unwrap();
        assert_eq!(
            serde_json::from_str::<StatusMapping>(&json).unwrap(),
            mapping
        );
    }
}
