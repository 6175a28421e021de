//! What the Transactions page and `brokerdesk-cli transactions` read, from the cache:
//! a window of the filtered, sorted list, and one deal's detail with its participants
//! (matched to the roster), sides, loop health findings and data-quality score. Each
//! deal shows where this device's edits of it stand.

use brokerdesk_core::admin_view::Edited;
use brokerdesk_core::ids::{RosterAgentId, TransactionId};
use brokerdesk_core::leads::view::EditState;
use brokerdesk_core::sync::SyncEntity;
use brokerdesk_core::transactions::agents::{MatchedBy, Side, Sides};
use brokerdesk_core::transactions::health::{HealthFinding, quality_score};
use brokerdesk_core::transactions::status::StatusGroup;
use brokerdesk_core::transactions::{Transaction, TransactionFields};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::context::DealContext;
use super::list;
use super::query::{TransactionListQuery, TransactionRow, TransactionRowPage};
use crate::sync::edited::edited_by_ids;
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

fn row(deal: Edited<Transaction>, context: &DealContext) -> TransactionRow {
    let findings = context.findings(&deal.record.fields);
    let group = context.group(&deal.record.fields);
    let agents: Vec<String> = context
        .matches(&deal.record.fields)
        .agent_ids()
        .filter_map(|a| context.agent(a).map(|a| a.name.clone()))
        .collect();
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
        agents,
        quality_score: quality_score(&findings),
        findings: findings.len() as u32,
        edit: deal.edit,
    }
}

/// A window of the cached deals `query` lets through, in its order, as of `today`
/// (which decides stale pending deals and archived ones). The window is chosen from
/// the list's index (list.rs); only its deals are read whole.
pub async fn transaction_rows(
    store: &LocalStore,
    query: &TransactionListQuery,
    today: NaiveDate,
) -> Result<TransactionRowPage, StoreError> {
    let mut context = DealContext::load(store, today).await?;
    let window = list::window(store, query, &context).await?;
    let deals = edited_by_ids::<Transaction>(store, SyncEntity::Transaction, &window.ids).await?;
    let fields: Vec<&TransactionFields> = deals.iter().map(|d| &d.record.fields).collect();
    context.count_open_loops(store, &fields).await?;
    let rows: Vec<TransactionRow> = deals.into_iter().map(|d| row(d, &context)).collect();
    let end = query.offset as usize + rows.len();
    Ok(TransactionRowPage {
        rows,
        total: window.total as u32,
        next_offset: (end < window.total).then_some(end as u32),
    })
}

/// One cached deal with everything the detail pane shows.
pub async fn transaction_detail(
    store: &LocalStore,
    id: TransactionId,
    today: NaiveDate,
) -> Result<TransactionDetail, StoreError> {
    let mut context = DealContext::load(store, today).await?;
    let deal = edited_by_ids::<Transaction>(store, SyncEntity::Transaction, &[id.to_string()])
        .await?
        .pop()
        .ok_or(StoreError::Missing("transaction"))?;
    context
        .count_open_loops(store, &[&deal.record.fields])
        .await?;
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
