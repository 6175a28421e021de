//! The transaction list's question and answer: the filters of the Transactions page and
//! of `brokerdesk-cli transactions` (status group, type, agent, office, closing-date
//! range, a search over name, address and MLS number), the sort, and a window of rows,
//! so a virtualised table reads the rows it shows and no more.

use brokerdesk_core::ids::{RosterAgentId, TransactionId};
use brokerdesk_core::leads::view::EditState;
use brokerdesk_core::transactions::status::StatusGroup;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Rows a window holds when the query names no limit, and the most it may ask for.
pub const DEFAULT_WINDOW: u32 = 200;
pub const MAX_WINDOW: u32 = 1_000;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum TransactionSort {
    /// Latest closing first; deals without a closing date last.
    #[default]
    ClosingDesc,
    ClosingAsc,
    NameAsc,
    /// Highest price first; deals without a price last.
    PriceDesc,
    /// Worst data quality first: the loops to fix.
    QualityAsc,
    /// Last changed (here or in Dotloop) first.
    UpdatedDesc,
}

/// Which cached deals to list. Absent filters let everything through; the closing-date
/// range takes whole days, both ends included, and leaves out deals with no closing date.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct TransactionListQuery {
    /// Free text over name, address and MLS number.
    pub q: Option<String>,
    pub status_group: Option<StatusGroup>,
    /// Dotloop's transaction type code (`LISTING_FOR_SALE`).
    pub transaction_type: Option<String>,
    /// A roster agent matched to one of the deal's participants.
    pub agent: Option<RosterAgentId>,
    /// The office of a roster agent on the deal.
    pub office: Option<String>,
    #[ts(type = "string | null")]
    pub closing_from: Option<NaiveDate>,
    #[ts(type = "string | null")]
    pub closing_to: Option<NaiveDate>,
    pub sort: TransactionSort,
    /// The first row of the window, counted in the sorted, filtered list.
    pub offset: u32,
    pub limit: Option<u32>,
}

impl TransactionListQuery {
    /// The search text as the deals' search text holds it (lower case), if any.
    pub fn needle(&self) -> Option<String> {
        self.q
            .as_deref()
            .map(str::trim)
            .filter(|q| !q.is_empty())
            .map(str::to_lowercase)
    }

    pub fn window(&self) -> usize {
        self.limit.unwrap_or(DEFAULT_WINDOW).clamp(1, MAX_WINDOW) as usize
    }

    pub fn closing_in_range(&self, closing: Option<NaiveDate>) -> bool {
        if self.closing_from.is_none() && self.closing_to.is_none() {
            return true;
        }
        closing.is_some_and(|day| {
            self.closing_from.is_none_or(|from| day >= from)
                && self.closing_to.is_none_or(|to| day <= to)
        })
    }

    /// Offices compare without regard to case or surrounding spaces.
    pub fn office_matches(&self, office: Option<&str>) -> bool {
        match self.office.as_deref().map(str::trim) {
            None | Some("") => true,
            Some(wanted) => office.is_some_and(|o| o.trim().eq_ignore_ascii_case(wanted)),
        }
    }
}

/// One line of the transaction table.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TransactionRow {
    pub id: TransactionId,
    pub loop_view_id: Option<String>,
    pub name: String,
    /// On one line.
    pub address: String,
    pub mls_number: Option<String>,
    pub status: Option<String>,
    pub status_group: StatusGroup,
    pub transaction_type: Option<String>,
    /// Sale price, else the listing's current or original price.
    #[ts(type = "string | null")]
    pub price: Option<Decimal>,
    #[ts(type = "string | null")]
    pub closing_date: Option<NaiveDate>,
    /// The roster agents matched to its participants, by name.
    pub agents: Vec<String>,
    pub quality_score: u8,
    pub findings: u32,
    pub edit: EditState,
}

/// A window of the sorted, filtered list.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TransactionRowPage {
    pub rows: Vec<TransactionRow>,
    /// How many deals pass the filters.
    pub total: u32,
    /// Where the next window starts; none after the last.
    pub next_offset: Option<u32>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(d: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(2025, 10, d)
    }

    #[test]
    fn a_closing_range_includes_both_ends_and_leaves_out_undated_deals() {
        let query = TransactionListQuery {
            closing_from: day(10),
            closing_to: day(20),
            ..Default::default()
        };
        assert!(query.closing_in_range(day(10)));
        assert!(query.closing_in_range(day(20)));
        assert!(!query.closing_in_range(day(21)));
        assert!(!query.closing_in_range(day(9)));
        assert!(!query.closing_in_range(None));
        assert!(TransactionListQuery::default().closing_in_range(None));
    }

    #[test]
    fn the_window_is_bounded_and_the_needle_lower_cased() {
        let mut query = TransactionListQuery {
            q: Some("  Harbor ".into()),
            limit: Some(50_000),
            ..Default::default()
        };
        assert_eq!(query.needle().as_deref(), Some("harbor"));
        assert_eq!(query.window(), MAX_WINDOW as usize);
        query.limit = Some(0);
        assert_eq!(query.window(), 1);
        query.q = Some("  ".into());
        assert_eq!(query.needle(), None);
        query.office = Some(" downtown".into());
        assert!(query.office_matches(Some("Downtown ")));
        assert!(!query.office_matches(Some("Uptown")));
        assert!(!query.office_matches(None));
    }
}
