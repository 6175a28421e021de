//! The lead list: core's [`LeadListQuery`] as one SQL statement, with keyset pages.
//! Agents only ever see the leads assigned to them.

use brokerdesk_core::lead_list::{LeadCursor, LeadListQuery, LeadPage, LeadSort};
use brokerdesk_core::permission::Permission;
use uuid::Uuid;

use super::LeadActor;
use super::store::{LEAD_COLUMNS, LeadRow};
use crate::error::ApiError;

/// The SQL sort key of each order, as text that casts back to the value it came from,
/// with the order and the keyset comparison that go with it.
fn order(sort: LeadSort) -> (&'static str, &'static str, &'static str) {
    const UPDATED: &str =
        "to_char(updated_at at time zone 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')";
    const CREATED: &str =
        "to_char(created_at at time zone 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')";
    match sort {
        LeadSort::UpdatedDesc => (
            UPDATED,
            "updated_at desc, id desc",
            "(updated_at, id) < ($13::timestamptz, $14::uuid)",
        ),
        LeadSort::CreatedDesc => (
            CREATED,
            "created_at desc, id desc",
            "(created_at, id) < ($13::timestamptz, $14::uuid)",
        ),
        LeadSort::CreatedAsc => (
            CREATED,
            "created_at, id",
            "(created_at, id) > ($13::timestamptz, $14::uuid)",
        ),
        LeadSort::NameAsc => (
            "lower(name)",
            "lower(name), id",
            "(lower(name), id) > ($13::text, $14::uuid)",
        ),
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

pub async fn page(auth: &mut impl LeadActor, query: &LeadListQuery) -> Result<LeadPage, ApiError> {
    auth.require(Permission::ReadLeads)?;
    let only_agent = if auth.allows(Permission::ReadAllLeads) {
        None
    } else {
        // No member (an integration without ReadAllLeads) would see nothing.
        Some(auth.member().map_or(Uuid::nil(), |m| m.as_uuid()))
    };
    let cursor = query.cursor()?;
    let limit = query.page_size() as i64;
    let (key, order_by, after) = order(query.sort);
    let keyset = if cursor.is_some() { after } else { "true" };
    let sql = format!(
        "select {LEAD_COLUMNS}, {key} as sort_key from leads
          where tenant_id = $1
            and ($2::uuid is null or assigned_agent = $2)
            and ($3::text is null or stage = $3)
            and ($4::uuid is null or assigned_agent = $4)
            and ($5::text is null or source = $5)
            and ($6::text is null or exists (select 1 from unnest(tags) t where lower(t) = lower($6)))
            and ($7::timestamptz is null or created_at >= $7)
            and ($8::timestamptz is null or created_at < $8)
            and ($9::timestamptz is null or updated_at >= $9)
            and ($10::timestamptz is null or updated_at < $10)
            and ($11::text is null
                 or lower(name) like $11 or lower(notes) like $11
                 or array_to_string(emails, ' ') like $11
                 or lower(array_to_string(tags, ' ')) like $11
                 or ($12::text is not null and array_to_string(phones, ' ') like $12))
            and {keyset}
          order by {order_by} limit $15"
    );
    #[derive(sqlx::FromRow)]
    struct Listed {
        #[sqlx(flatten)]
        row: LeadRow,
        sort_key: String,
    }
    let rows: Vec<Listed> = sqlx::query_as(&sql)
        .bind(auth.tx().tenant_id().as_uuid())
        .bind(only_agent)
        .bind(query.stage.map(|s| s.as_str()))
        .bind(query.agent.map(|a| a.as_uuid()))
        .bind(query.source.map(|s| s.as_str()))
        .bind(query.tag.as_deref().map(str::trim))
        .bind(query.created_from)
        .bind(query.created_to)
        .bind(query.updated_from)
        .bind(query.updated_to)
        .bind(query.needle().map(|n| contains_pattern(&n)))
        .bind(query.phone_digits().map(|d| contains_pattern(&d)))
        .bind(cursor.as_ref().map(|c| c.key.clone()))
        .bind(cursor.as_ref().map(|c| c.id.as_uuid()))
        .bind(limit + 1)
        .fetch_all(auth.tx().conn())
        .await?;
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
