//! What the Transactions page and `brokerdesk-cli transactions` read, from the cache:
//! a window of the filtered, sorted list, and one deal's detail with its participants
//! (matched to the roster), sides, loop health findings and data-quality score. Each
//! deal shows where this device's edits of it stand.

use brokerdesk_core::admin_view::Edited;
use brokerdesk_core::ids::{RosterAgentId, TransactionId};
use brokerdesk_core::leads::view::EditState;
use brokerdesk_core::sync::SyncEntity;
use brokerdesk_core::transactions::Transaction;
use brokerdesk_core::transactions::agents::{MatchedBy, Side, Sides};
use brokerdesk_core::transactions::health::{HealthFinding, quality_score};
use brokerdesk_core::transactions::status::StatusGroup;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::cmp::Reverse;
use ts_rs::TS;

use super::context::DealContext;
use super::query::{TransactionListQuery, TransactionRow, TransactionRowPage, TransactionSort};
use crate::sync::edited::edited;
use crate::sync::error::StoreError;
use crate::sync::records::LocalStore;

/// A participant of the deal, and the roster agent they were matched to, if any.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DealParticipant {
    pub participant: brokerdesk_core::transactions::Participant,
    pub agent: Option<RosterMatch>,
    /// In an agent's role (or without a role) and on no roster entry: another
    /// brokerage's agent, or one missing from the roster.
    pub unmatched_agent: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RosterMatch {
    pub agent_id: RosterAgentId,
    pub name: String,
    pub office: Option<String>,
    pub matched_by: MatchedBy,
    pub side: Option<Side>,
}

/// Everything the detail pane shows of one deal.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TransactionDetail {
    pub transaction: Transaction,
    pub edit: EditState,
    /// Wire names of the fields with edits the server has not taken yet.
    pub pending_fields: Vec<String>,
    pub status_group: StatusGroup,
    pub participants: Vec<DealParticipant>,
    pub sides: Sides,
    pub findings: Vec<HealthFinding>,
    pub quality_score: u8,
}

async fn cached(store: &LocalStore) -> Result<Vec<Edited<Transaction>>, StoreError> {
    edited::<Transaction>(store, SyncEntity::Transaction).await
}

/// A deal that passed the filters. Its findings are worked out for the rows of the
/// window only (or for all, to sort by data quality).
struct Listed {
    deal: Edited<Transaction>,
    group: StatusGroup,
    agents: Vec<RosterAgentId>,
}

/// The deals `query` lets through, judged, in its order.
fn listed(
    deals: Vec<Edited<Transaction>>,
    context: &DealContext,
    query: &TransactionListQuery,
) -> Vec<Listed> {
    let needle = query.needle();
    let mut listed: Vec<Listed> = deals
        .into_iter()
        .filter_map(|deal| {
            let fields = &deal.record.fields;
            let type_ok = query
                .transaction_type
                .as_deref()
                .is_none_or(|t| fields.transaction_type.as_deref() == Some(t));
            let search_ok = needle
                .as_deref()
                .is_none_or(|n| fields.search_text().contains(n));
            if !(type_ok && search_ok && query.closing_in_range(fields.closing_date)) {
                return None;
            }
            let group = context.group(fields);
            if query.status_group.is_some_and(|wanted| wanted != group) {
                return None;
            }
            let agents: Vec<RosterAgentId> = context.matches(fields).agent_ids().collect();
            let agent_ok = query.agent.is_none_or(|a| agents.contains(&a));
            let office_ok = query.office.is_none()
                || agents.iter().any(|&a| {
                    query.office_matches(context.agent(a).and_then(|a| a.office.as_deref()))
                });
            (agent_ok && office_ok).then_some(Listed {
                deal,
                group,
                agents,
            })
        })
        .collect();
    sort(&mut listed, query.sort, context);
    listed
}

fn fields(listed: &Listed) -> &brokerdesk_core::transactions::TransactionFields {
    &listed.deal.record.fields
}

fn sort(listed: &mut [Listed], by: TransactionSort, context: &DealContext) {
    // The id breaks ties, so a window never repeats or skips a deal.
    let id = |l: &Listed| l.deal.record.id.to_string();
    match by {
        TransactionSort::ClosingDesc => listed.sort_by_cached_key(|l| {
            let day = fields(l).closing_date;
            (day.is_none(), Reverse(day), id(l))
        }),
        TransactionSort::ClosingAsc => listed.sort_by_cached_key(|l| {
            let day = fields(l).closing_date;
            (day.is_none(), day, id(l))
        }),
        TransactionSort::NameAsc => {
            listed.sort_by_cached_key(|l| (fields(l).name.to_lowercase(), id(l)))
        }
        TransactionSort::PriceDesc => listed.sort_by_cached_key(|l| {
            let price = fields(l).price();
            (price.is_none(), Reverse(price), id(l))
        }),
        TransactionSort::QualityAsc => {
            listed.sort_by_cached_key(|l| (quality_score(&context.findings(fields(l))), id(l)))
        }
        TransactionSort::UpdatedDesc => {
            listed.sort_by_cached_key(|l| (Reverse(l.deal.record.updated_at), id(l)))
        }
    }
}

fn row(listed: Listed, context: &DealContext) -> TransactionRow {
    let Listed {
        deal,
        group,
        agents,
    } = listed;
    let findings = context.findings(&deal.record.fields);
    let fields = deal.record.fields;
    TransactionRow {
        id: deal.record.id,
        address: fields.address.one_line(),
        price: fields.price(),
        loop_view_id: fields.loop_view_id,
        name: fields.name,
        mls_number: fields.mls_number,
        status: fields.status,
        status_group: group,
        transaction_type: fields.transaction_type,
        closing_date: fields.closing_date,
        agents: agents
            .into_iter()
            .filter_map(|a| context.agent(a).map(|a| a.name.clone()))
            .collect(),
        quality_score: quality_score(&findings),
        findings: findings.len() as u32,
        edit: deal.edit,
    }
}

/// A window of the cached deals `query` lets through, in its order, as of `today`
/// (which decides stale pending deals and archived ones).
pub async fn transaction_rows(
    store: &LocalStore,
    query: &TransactionListQuery,
    today: NaiveDate,
) -> Result<TransactionRowPage, StoreError> {
    let deals = cached(store).await?;
    let context = DealContext::load(store, &deals, today).await?;
    let listed = listed(deals, &context, query);
    let total = listed.len();
    let start = (query.offset as usize).min(total);
    let end = start.saturating_add(query.window()).min(total);
    let rows = listed
        .into_iter()
        .skip(start)
        .take(end - start)
        .map(|l| row(l, &context))
        .collect();
    Ok(TransactionRowPage {
        rows,
        total: total as u32,
        next_offset: (end < total).then_some(end as u32),
    })
}

/// One cached deal with everything the detail pane shows.
pub async fn transaction_detail(
    store: &LocalStore,
    id: TransactionId,
    today: NaiveDate,
) -> Result<TransactionDetail, StoreError> {
    let deals = cached(store).await?;
    let context = DealContext::load(store, &deals, today).await?;
    let deal = deals
        .into_iter()
        .find(|d| d.record.id == id)
        .ok_or(StoreError::Missing("transaction"))?;
    let fields = &deal.record.fields;
    let matches = context.matches(fields);
    let participants = fields
        .participants
        .iter()
        .map(|participant| {
            let matched = matches
                .matched
                .iter()
                .find(|m| m.participant == *participant);
            DealParticipant {
                agent: matched.map(|m| {
                    let agent = context.agent(m.agent_id);
                    RosterMatch {
                        agent_id: m.agent_id,
                        name: agent.map_or_else(String::new, |a| a.name.clone()),
                        office: agent.and_then(|a| a.office.clone()),
                        matched_by: m.matched_by,
                        side: m.side,
                    }
                }),
                unmatched_agent: matches.unmatched.contains(participant),
                participant: participant.clone(),
            }
        })
        .collect();
    let findings = context.findings(fields);
    Ok(TransactionDetail {
        status_group: context.group(fields),
        sides: matches.sides(),
        quality_score: quality_score(&findings),
        findings,
        participants,
        edit: deal.edit,
        pending_fields: deal.pending_fields,
        transaction: deal.record,
    })
}
