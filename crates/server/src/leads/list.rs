//! The lead list: core's [`LeadListQuery`] as one SQL statement, with keyset pages.
//! Agents only ever see the leads assigned to them.
//!
//! Only the filters in use become SQL, so each statement's plan fits its real shape: a
//! search walks the trigram index of the search text (see the `lead_search` migration)
//! instead of scanning every row, and an unfiltered page walks its sort order's index.

use brokerdesk_core::leads::Lead;
use brokerdesk_core::leads::list::{LeadCursor, LeadListQuery, LeadPage, LeadSort};
use brokerdesk_core::permission::Permission;
use sqlx::{Postgres, QueryBuilder};
use uuid::Uuid;

use super::LeadActor;
use super::store::{LEAD_COLUMNS, LeadRow};
use crate::error::ApiError;

/// A sort order in SQL: the key (as text that casts back to the value it came from), the
/// order, the row compared with a cursor, how, and the cursor key's type.
struct Order {
    key: &'static str,
    order_by: &'static str,
    row: &'static str,
    after: &'static str,
    key_type: &'static str,
}

fn order(sort: LeadSort) -> Order {
    const UPDATED: &str =
        "to_char(updated_at at time zone 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')";
    const CREATED: &str =
        "to_char(created_at at time zone 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')";
    match sort {
        LeadSort::UpdatedDesc => Order {
            key: UPDATED,
            order_by: "updated_at desc, id desc",
            row: "(updated_at, id)",
            after: "<",
            key_type: "timestamptz",
        },
        LeadSort::CreatedDesc => Order {
            key: CREATED,
            order_by: "created_at desc, id desc",
            row: "(created_at, id)",
            after: "<",
            key_type: "timestamptz",
        },
        LeadSort::CreatedAsc => Order {
            key: CREATED,
            order_by: "created_at, id",
            row: "(created_at, id)",
            after: ">",
            key_type: "timestamptz",
        },
        LeadSort::NameAsc => Order {
            key: "lower(name)",
            order_by: "lower(name), id",
            row: "(lower(name), id)",
            after: ">",
            key_type: "text",
        },
    }
}

/// `%needle%` for LIKE, with the needle's own wildcards taken literally.
fn contains_pattern(needle: &str) -> String {
    let escaped = needle
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    format!("%{escaped}%")
}

/// The agent a caller is limited to: none for those who read every lead.
fn only_agent(auth: &impl LeadActor) -> Option<Uuid> {
    if auth.allows(Permission::ReadAllLeads) {
        None
    } else {
        // No member (an integration without ReadAllLeads) would see nothing.
        Some(auth.member().map_or(Uuid::nil(), |m| m.as_uuid()))
    }
}

/// `select … from leads where` the tenant, the caller's visibility and `query`'s
/// filters hold. The search has core's meaning (`Lead::matches_text`): the needle in the
/// name, emails, tags or notes, ignoring case, or its digits in a phone number; both
/// expressions are the ones the trigram indexes are built on.
fn select_matching<'q>(
    prefix: &str,
    columns: &str,
    tenant: Uuid,
    only_agent: Option<Uuid>,
    query: &'q LeadListQuery,
) -> QueryBuilder<'q, Postgres> {
    let mut sql = QueryBuilder::new(format!(
        "{prefix}select {columns} from leads where tenant_id = "
    ));
    sql.push_bind(tenant);
    let equals = |sql: &mut QueryBuilder<'q, Postgres>, column: &str, value: Option<Uuid>| {
        if let Some(value) = value {
            sql.push(format!(" and {column} = ")).push_bind(value);
        }
    };
    equals(&mut sql, "assigned_agent", only_agent);
    equals(&mut sql, "assigned_agent", query.agent.map(|a| a.as_uuid()));
    if let Some(stage) = query.stage {
        sql.push(" and stage = ").push_bind(stage.as_str());
    }
    if let Some(source) = query.source {
        sql.push(" and source = ").push_bind(source.as_str());
    }
    if let Some(tag) = &query.tag {
        sql.push(" and exists (select 1 from unnest(tags) t where lower(t) = lower(")
            .push_bind(tag.trim().to_owned())
            .push("))");
    }
    let ranges = [
        ("created_at", query.created_from, query.created_to),
        ("updated_at", query.updated_from, query.updated_to),
        ("last_activity_at", query.activity_from, query.activity_to),
    ];
    for (column, from, to) in ranges {
        if let Some(from) = from {
            sql.push(format!(" and {column} >= ")).push_bind(from);
        }
        if let Some(to) = to {
            sql.push(format!(" and {column} < ")).push_bind(to);
        }
    }
    if let Some(needle) = query.needle() {
        sql.push(" and (search_text like ")
            .push_bind(contains_pattern(&needle));
        if let Some(digits) = query.phone_digits() {
            sql.push(" or search_phones like ")
                .push_bind(contains_pattern(&digits));
        }
        sql.push(")");
    }
    sql
}

/// The statement of one page of `query` after `cursor`, with `prefix` before it (empty,
/// or `explain …` to measure the plan the app gets).
pub(crate) fn page_statement<'q>(
    prefix: &str,
    tenant: Uuid,
    only_agent: Option<Uuid>,
    query: &'q LeadListQuery,
    cursor: Option<&LeadCursor>,
) -> QueryBuilder<'q, Postgres> {
    let order = order(query.sort);
    let columns = format!("{LEAD_COLUMNS}, {} as sort_key", order.key);
    let mut sql = select_matching(prefix, &columns, tenant, only_agent, query);
    if let Some(cursor) = cursor {
        sql.push(format!(" and {} {} (", order.row, order.after))
            .push_bind(cursor.key.clone())
            .push(format!("::{}, ", order.key_type))
            .push_bind(cursor.id.as_uuid())
            .push(")");
    }
    sql.push(format!(" order by {} limit ", order.order_by))
        .push_bind(query.page_size() as i64 + 1);
    sql
}

pub async fn page(auth: &mut impl LeadActor, query: &LeadListQuery) -> Result<LeadPage, ApiError> {
    auth.require(Permission::ReadLeads)?;
    let cursor = query.cursor()?;
    let limit = query.page_size() as i64;
    let tenant = auth.tx().tenant_id().as_uuid();
    let mut sql = page_statement("", tenant, only_agent(auth), query, cursor.as_ref());
    #[derive(sqlx::FromRow)]
    struct Listed {
        #[sqlx(flatten)]
        row: LeadRow,
        sort_key: String,
    }
    let rows: Vec<Listed> = sql.build_query_as().fetch_all(auth.tx().conn()).await?;
    let more = rows.len() as i64 > limit;
    let mut leads = Vec::with_capacity(rows.len());
    let mut next_cursor = None;
    for listed in rows.into_iter().take(limit as usize) {
        let lead = listed.row.into_lead()?;
        if more {
            next_cursor = Some(
                LeadCursor {
                    key: listed.sort_key,
                    id: lead.id,
                }
                .encode(),
            );
        }
        leads.push(lead);
    }
    Ok(LeadPage { leads, next_cursor })
}

/// Every lead the caller may see that passes `query`'s filters, oldest first (an
/// export: the query's sort, cursor and page size do not apply).
pub async fn all_matching(
    auth: &mut impl LeadActor,
    query: &LeadListQuery,
) -> Result<Vec<Lead>, ApiError> {
    auth.require(Permission::ReadLeads)?;
    let tenant = auth.tx().tenant_id().as_uuid();
    let mut sql = select_matching("", LEAD_COLUMNS, tenant, only_agent(auth), query);
    sql.push(" order by created_at, id");
    let rows: Vec<LeadRow> = sql.build_query_as().fetch_all(auth.tx().conn()).await?;
    rows.into_iter().map(LeadRow::into_lead).collect()
}
