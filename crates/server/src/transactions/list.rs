//! The deal list: filters as one SQL statement, newest change first, in keyset pages
//! as the lead list pages. An agent's list holds only the deals they take part in.
//!
//! The status group is core's rule in SQL: the statuses the tenant's mapping puts in the
//! group, plus, for active, every status the mapping does not name (and none); ARCHIVED
//! is closed once its closing date has passed and cancelled otherwise.

use brokerdesk_core::ids::RosterAgentId;
use brokerdesk_core::transactions::Transaction;
use brokerdesk_core::transactions::agents::name_key;
use brokerdesk_core::transactions::status::{ARCHIVED, StatusGroup, StatusMapping};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use sqlx::{Postgres, QueryBuilder};
use uuid::Uuid;

use super::Visibility;
use super::store::{COLUMNS, StoredRow};
use crate::auth::Authenticated;
use crate::error::ApiError;
use crate::settings::load_settings;

pub const DEFAULT_PAGE: u32 = 50;
pub const MAX_PAGE: u32 = 500;

#[derive(Clone, Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(rename_all = "camelCase", default)]
pub struct TransactionListQuery {
    /// `active`, `pending`, `closed` or `cancelled`, by the tenant's status groups.
    #[param(value_type = Option<String>)]
    pub group: Option<StatusGroup>,
    /// Dotloop's transaction type, e.g. `LISTING_FOR_SALE`.
    #[serde(rename = "type")]
    pub transaction_type: Option<String>,
    /// A roster agent: the deals a participant matches by email or name.
    #[param(value_type = Option<Uuid>)]
    pub agent: Option<RosterAgentId>,
    /// Closing on or after this day.
    pub closing_from: Option<NaiveDate>,
    /// Closing on or before this day.
    pub closing_to: Option<NaiveDate>,
    /// Words in the name, address or MLS number, ignoring case.
    pub q: Option<String>,
    /// The previous page's `nextCursor`.
    pub after: Option<String>,
    /// At most 500; 50 when left out.
    pub limit: Option<u32>,
}

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct TransactionPage {
    pub transactions: Vec<Transaction>,
    /// Pass as `after` for the next page; none on the last page.
    pub next_cursor: Option<String>,
}

fn bad_cursor() -> ApiError {
    ApiError::validation(
        "invalid_cursor",
        "The page cursor is not one this list gave; start again from the first page.",
    )
}

/// A cursor is the last row's change time and id: `2026-12-03T10:00:00.000001Z_<uuid>`.
fn read_cursor(after: &str) -> Result<(DateTime<Utc>, Uuid), ApiError> {
    let (at, id) = after.split_once('_').ok_or_else(bad_cursor)?;
    let at = DateTime::parse_from_rfc3339(at).map_err(|_| bad_cursor())?;
    Ok((
        at.with_timezone(&Utc),
        id.parse().map_err(|_| bad_cursor())?,
    ))
}

/// `%needle%` for LIKE, with the needle's own wildcards taken literally.
fn contains_pattern(needle: &str) -> String {
    let escaped = needle
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    format!("%{}%", escaped.to_lowercase())
}

fn push_group(
    sql: &mut QueryBuilder<'_, Postgres>,
    group: StatusGroup,
    mapping: &StatusMapping,
    today: NaiveDate,
) {
    let in_group: Vec<String> = mapping
        .groups
        .iter()
        .filter(|(_, g)| **g == group)
        .map(|(status, _)| status.clone())
        .collect();
    sql.push(" and (status = any(")
        .push_bind(in_group)
        .push(")");
    if group == StatusGroup::Active {
        let named: Vec<String> = mapping.groups.keys().cloned().collect();
        sql.push(" or status is null or (status <> ")
            .push_bind(ARCHIVED)
            .push(" and not status = any(")
            .push_bind(named)
            .push("))");
    }
    match group {
        StatusGroup::Closed => {
            sql.push(" or (status = ")
                .push_bind(ARCHIVED)
                .push(" and closing_date < ")
                .push_bind(today)
                .push(")");
        }
        StatusGroup::Cancelled => {
            sql.push(" or (status = ")
                .push_bind(ARCHIVED)
                .push(" and (closing_date is null or closing_date >= ")
                .push_bind(today)
                .push("))");
        }
        StatusGroup::Active | StatusGroup::Pending => {}
    }
    sql.push(")");
}

/// The roster agent's email and name key, to match participants by.
async fn agent_keys(
    auth: &mut Authenticated,
    agent: RosterAgentId,
) -> Result<(String, String), ApiError> {
    let found: Option<(String, String)> = sqlx::query_as(
        "select lower(email), name from roster_agents where tenant_id = $1 and id = $2",
    )
    .bind(auth.tx.tenant_id().as_uuid())
    .bind(agent.as_uuid())
    .fetch_optional(auth.tx.conn())
    .await?;
    // An agent not on this roster matches no deal (another tenant's id included).
    Ok(found
        .map(|(email, name)| (email, name_key(&name)))
        .unwrap_or_default())
}

/// One page of the deals the caller may read that pass `query`'s filters.
pub async fn page(
    auth: &mut Authenticated,
    query: &TransactionListQuery,
) -> Result<TransactionPage, ApiError> {
    let visibility = Visibility::of_caller(auth).await?;
    let cursor = query.after.as_deref().map(read_cursor).transpose()?;
    let limit = query.limit.unwrap_or(DEFAULT_PAGE).clamp(1, MAX_PAGE) as usize;
    let agent = match query.agent {
        Some(agent) => Some(agent_keys(auth, agent).await?),
        None => None,
    };
    let mapping = match query.group {
        Some(_) => load_settings(&mut auth.tx).await?.transaction_status_groups,
        None => StatusMapping::default(),
    };

    let mut sql = QueryBuilder::new(format!(
        "select {COLUMNS} from transactions where tenant_id = "
    ));
    sql.push_bind(auth.tx.tenant_id().as_uuid());
    if let Some(emails) = visibility.emails() {
        sql.push(" and participant_emails && ")
            .push_bind(emails.to_vec());
    }
    if let Some(group) = query.group {
        push_group(&mut sql, group, &mapping, Utc::now().date_naive());
    }
    if let Some(kind) = &query.transaction_type {
        sql.push(" and transaction_type = ")
            .push_bind(kind.trim().to_uppercase());
    }
    if let Some((email, name)) = agent {
        sql.push(" and (participant_emails && ")
            .push_bind(vec![email])
            .push(" or participant_names && ")
            .push_bind(vec![name])
            .push(")");
    }
    if let Some(from) = query.closing_from {
        sql.push(" and closing_date >= ").push_bind(from);
    }
    if let Some(to) = query.closing_to {
        sql.push(" and closing_date <= ").push_bind(to);
    }
    if let Some(needle) = query.q.as_deref().map(str::trim).filter(|q| !q.is_empty()) {
        sql.push(" and search_text like ")
            .push_bind(contains_pattern(needle));
    }
    if let Some((at, id)) = cursor {
        sql.push(" and (updated_at, id) < (")
            .push_bind(at)
            .push(", ")
            .push_bind(id)
            .push(")");
    }
    sql.push(" order by updated_at desc, id desc limit ")
        .push_bind(limit as i64 + 1);
    let rows: Vec<StoredRow> = sql.build_query_as().fetch_all(auth.tx.conn()).await?;
    let more = rows.len() > limit;
    let transactions: Vec<Transaction> = rows
        .into_iter()
        .take(limit)
        .map(StoredRow::into_transaction)
        .collect();
    let next_cursor = transactions.last().filter(|_| more).map(|last| {
        format!(
            "{}_{}",
            last.updated_at
                .to_rfc3339_opts(chrono::SecondsFormat::Micros, true),
            last.id
        )
    });
    Ok(TransactionPage {
        transactions,
        next_cursor,
    })
}
