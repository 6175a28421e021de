//! The Overview, the app's home screen: what matters this week, read from the cache so
//! it works offline. New leads and their sources, GCI closed this month against the
//! same days last year, pending deals closing soon and those past their closing date,
//! agents near their cap, and the loops with health findings. Each part reads through
//! its domain's public functions, in the member's scope (an agent's cache holds their
//! own leads and deals; the reports apply core's permission matrix).

use brokerdesk_core::commissions::reports::Period;
use brokerdesk_core::commissions::reports::production::{DateBasis, GroupBy, ProductionQuery};
use brokerdesk_core::commissions::reports::run::{Compare, ProductionRequest, ReportScope};
use brokerdesk_core::ids::TransactionId;
use brokerdesk_core::transactions::status::StatusGroup;
use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use rust_decimal::Decimal;
use serde::Serialize;
use ts_rs::TS;

use crate::commissions::OfflineReports;
use crate::commissions::view::CapCard;
use crate::leads::screens::new_leads_by_source;
use crate::sync::error::StoreError;
use crate::sync::records::LocalStore;
use crate::transactions::query::{TransactionListQuery, TransactionRow, TransactionSort};
use crate::transactions::screens::transaction_rows;

/// Pending deals "closing soon" close within this many days.
const SOON_DAYS: i64 = 14;
/// An agent is "near" their cap from this share of it on (or once capped this year).
const NEAR_CAP_PERCENT: i64 = 75;
/// How many deals a list on the Overview names; its count covers them all.
const LISTED: u32 = 5;

#[derive(Clone, Debug, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SourceCount {
    /// The lead source's code (`web_form`), or null for leads without one.
    pub source: Option<String>,
    pub leads: u32,
}

#[derive(Clone, Debug, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DealLink {
    pub id: TransactionId,
    pub name: String,
    #[ts(type = "string | null")]
    pub closing_date: Option<NaiveDate>,
    pub agents: Vec<String>,
    pub findings: u32,
}

#[derive(Clone, Debug, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DealList {
    pub total: u32,
    pub deals: Vec<DealLink>,
}

#[derive(Clone, Debug, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct GciToDate {
    pub period: Period,
    #[ts(type = "string")]
    pub gci: Decimal,
    #[ts(type = "string")]
    pub last_year_gci: Decimal,
    pub deals: u32,
}

#[derive(Clone, Debug, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Overview {
    #[ts(type = "string | null")]
    pub as_of: Option<DateTime<Utc>>,
    pub new_leads: Vec<SourceCount>,
    /// None for a member who may not see commission reports.
    pub gci_month_to_date: Option<GciToDate>,
    pub closing_soon: DealList,
    pub stale_pending: DealList,
    pub near_cap: Vec<CapCard>,
    pub with_findings: DealList,
}

async fn deals(
    store: &LocalStore,
    query: TransactionListQuery,
    today: NaiveDate,
    keep: impl Fn(&TransactionRow) -> bool,
) -> Result<DealList, StoreError> {
    let page = transaction_rows(store, &query, today).await?;
    let kept: Vec<&TransactionRow> = page.rows.iter().filter(|r| keep(r)).collect();
    Ok(DealList {
        total: if kept.len() == page.rows.len() {
            page.total
        } else {
            kept.len() as u32
        },
        deals: kept
            .into_iter()
            .take(LISTED as usize)
            .map(|r| DealLink {
                id: r.id,
                name: r.name.clone(),
                closing_date: r.closing_date,
                agents: r.agents.clone(),
                findings: r.findings,
            })
            .collect(),
    })
}

/// The Overview as of `now`, for the member `reports` were priced for (as of `now`'s
/// day). The caller passes the reports it holds: pricing the cache again for each visit
/// to the home screen would take about a second at 50,000 deals.
pub async fn overview(
    store: &LocalStore,
    reports: &OfflineReports,
    now: DateTime<Utc>,
) -> Result<Overview, StoreError> {
    let today = now.date_naive();
    let pending = |from, to, sort| TransactionListQuery {
        status_group: Some(StatusGroup::Pending),
        closing_from: from,
        closing_to: to,
        sort,
        limit: Some(LISTED),
        ..TransactionListQuery::default()
    };
    let sees_reports = reports.scope() != ReportScope::Nothing;
    Ok(Overview {
        as_of: store.last_synced_at().await?,
        new_leads: new_leads_by_source(store, now - Duration::days(7))
            .await?
            .into_iter()
            .map(|(source, leads)| SourceCount { source, leads })
            .collect(),
        gci_month_to_date: if sees_reports {
            Some(gci_month_to_date(reports, today)?)
        } else {
            None
        },
        closing_soon: deals(
            store,
            pending(
                Some(today),
                Some(today + Duration::days(SOON_DAYS)),
                TransactionSort::ClosingAsc,
            ),
            today,
            |_| true,
        )
        .await?,
        stale_pending: deals(
            store,
            pending(None, today.pred_opt(), TransactionSort::ClosingAsc),
            today,
            |_| true,
        )
        .await?,
        near_cap: near_cap(reports, today),
        with_findings: deals(
            store,
            TransactionListQuery {
                sort: TransactionSort::QualityAsc,
                limit: Some(200),
                ..TransactionListQuery::default()
            },
            today,
            |r| r.findings > 0,
        )
        .await?,
    })
}

/// Closed GCI from the first of the month to today, beside the same days last year.
fn gci_month_to_date(reports: &OfflineReports, today: NaiveDate) -> Result<GciToDate, StoreError> {
    let period = Period {
        from: today.with_day(1).expect("every month has a first"),
        to: today,
    };
    let answer = reports.production(&ProductionRequest {
        query: ProductionQuery {
            period,
            group_by: GroupBy::Year,
            basis: DateBasis::Closed,
        },
        compare: Some(Compare::PreviousYear),
    })?;
    Ok(GciToDate {
        period,
        gci: answer.report.total.gci,
        last_year_gci: answer
            .compared
            .map_or(Decimal::ZERO, |c| c.second_total.gci),
        deals: answer.report.total.deal_count,
    })
}

/// Agents at or past `NEAR_CAP_PERCENT` of their cap this cap year, nearest first.
fn near_cap(reports: &OfflineReports, today: NaiveDate) -> Vec<CapCard> {
    let names = reports.inputs().roster();
    let mut near: Vec<_> = reports
        .cap_progress(today)
        .into_iter()
        .filter(|p| {
            p.cap > Decimal::ZERO
                && p.counted * Decimal::ONE_HUNDRED >= p.cap * Decimal::from(NEAR_CAP_PERCENT)
        })
        .collect();
    near.sort_by_key(|p| std::cmp::Reverse(p.counted / p.cap));
    near.iter()
        .map(|p| {
            let name = names
                .iter()
                .find(|a| a.id == p.agent)
                .map_or_else(String::new, |a| a.name.clone());
            CapCard::new(p, name)
        })
        .collect()
}
