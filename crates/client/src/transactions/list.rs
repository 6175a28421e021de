//! Which cached deals a list query lets through, and in what order, chosen from the
//! list's index (index.rs) so a window costs what its rows do, not what the cache holds.
//!
//! Type, closing-date range, search and status group are conditions on the index's
//! columns (the status group written out from the brokerage's mapping and the day, as
//! core's `StatusMapping::group` decides it), and the sorts by closing date, name,
//! price and last change walk the index's sort orders. What needs the roster (agent,
//! office) or judges each deal (worst data quality first) is decided by core's rules
//! over the deals' judged fields, which are a fraction of the records' size; the SQL
//! conditions narrow those first.

use brokerdesk_core::transactions::TransactionFields;
use brokerdesk_core::transactions::health::quality_score;
use brokerdesk_core::transactions::status::{ARCHIVED, StatusGroup, StatusMapping};
use chrono::NaiveDate;
use std::cmp::Reverse;

use super::context::DealContext;
use super::query::{TransactionListQuery, TransactionSort};
use crate::sync::error::{StoreError, corrupt};
use crate::sync::records::LocalStore;

/// The deals of one window of the list, in order, and how many pass the filters.
pub(crate) struct Window {
    pub ids: Vec<String>,
    pub total: usize,
}

/// SQL conditions on `transaction_index i`, with their (text) arguments in order.
#[derive(Default)]
struct Conditions {
    sql: Vec<String>,
    args: Vec<String>,
}

impl Conditions {
    fn push(&mut self, condition: impl Into<String>, args: impl IntoIterator<Item = String>) {
        self.sql.push(condition.into());
        self.args.extend(args);
    }

    fn of(query: &TransactionListQuery, context: &DealContext) -> Self {
        let mut conditions = Self::default();
        if let Some(kind) = &query.transaction_type {
            conditions.push("i.transaction_type = ?", [kind.clone()]);
        }
        // A range leaves out deals with no closing date: null passes no comparison.
        if let Some(from) = query.closing_from {
            conditions.push("i.closing_date >= ?", [from.to_string()]);
        }
        if let Some(to) = query.closing_to {
            conditions.push("i.closing_date <= ?", [to.to_string()]);
        }
        if let Some(needle) = query.needle() {
            conditions.push("instr(i.search, ?) > 0", [needle]);
        }
        if let Some(wanted) = query.status_group {
            conditions.status_group(wanted, context.mapping(), context.today());
        }
        conditions
    }

    /// The deals `mapping` puts in `wanted` on `today`: mapped statuses by their group,
    /// ARCHIVED by its closing date, any other status (or none) as active.
    fn status_group(&mut self, wanted: StatusGroup, mapping: &StatusMapping, today: NaiveDate) {
        let (mut same, mut other): (Vec<String>, Vec<String>) = (Vec::new(), Vec::new());
        for (code, group) in &mapping.groups {
            if code.as_str() != ARCHIVED {
                let list = if *group == wanted {
                    &mut same
                } else {
                    &mut other
                };
                list.push(code.clone());
            }
        }
        let marks = |codes: &[String]| vec!["?"; codes.len()].join(", ");
        let archived = format!("'{ARCHIVED}'");
        let mut any_of = Vec::new();
        let mut args = Vec::new();
        if wanted == StatusGroup::Active {
            any_of.push("i.status is null".to_owned());
            any_of.push(format!(
                "(i.status <> {archived} and i.status not in ({}))",
                marks(&other)
            ));
            args.extend(other);
        } else {
            if !same.is_empty() {
                any_of.push(format!("i.status in ({})", marks(&same)));
                args.extend(same);
            }
            let closing = match wanted {
                StatusGroup::Closed => Some("i.closing_date < ?"),
                StatusGroup::Cancelled => Some("(i.closing_date is null or i.closing_date >= ?)"),
                _ => None,
            };
            if let Some(closing) = closing {
                any_of.push(format!("(i.status = {archived} and {closing})"));
                args.push(today.to_string());
            }
        }
        let condition = if any_of.is_empty() {
            "0".to_owned()
        } else {
            format!("({})", any_of.join(" or "))
        };
        self.push(condition, args);
    }

    fn where_clause(&self) -> String {
        if self.sql.is_empty() {
            "1".to_owned()
        } else {
            self.sql.join(" and ")
        }
    }
}

/// The index's order for a sort it can walk; none for the one that judges each deal.
/// Each ends with the id, so a window never repeats or skips a deal.
fn index_order(sort: TransactionSort) -> Option<&'static str> {
    Some(match sort {
        TransactionSort::ClosingDesc => "i.closing_date is null, i.closing_date desc, i.id",
        TransactionSort::ClosingAsc => "i.closing_date is null, i.closing_date, i.id",
        TransactionSort::NameAsc => "i.name_key, i.id",
        TransactionSort::PriceDesc => "i.price_key is null, i.price_key desc, i.id",
        TransactionSort::UpdatedDesc => "i.updated_key desc, i.id",
        TransactionSort::QualityAsc => return None,
    })
}

/// The window `query` asks for.
pub(crate) async fn window(
    store: &LocalStore,
    query: &TransactionListQuery,
    context: &DealContext,
) -> Result<Window, StoreError> {
    let conditions = Conditions::of(query, context);
    let judged =
        query.agent.is_some() || query.office.is_some() || index_order(query.sort).is_none();
    if judged {
        return judged_window(store, query, context, &conditions).await;
    }
    let order = index_order(query.sort).unwrap_or("i.id");
    let filter = conditions.where_clause();
    let sql = format!(
        "select i.id from transaction_index i where {filter} order by {order} limit ? offset ?"
    );
    let mut select = sqlx::query_scalar::<_, String>(&sql);
    for arg in &conditions.args {
        select = select.bind(arg);
    }
    let ids = select
        .bind(query.window() as i64)
        .bind(i64::from(query.offset))
        .fetch_all(store.pool())
        .await?;
    let sql = format!("select count(*) from transaction_index i where {filter}");
    let mut count = sqlx::query_scalar::<_, i64>(&sql);
    for arg in &conditions.args {
        count = count.bind(arg);
    }
    let total = count.fetch_one(store.pool()).await?.max(0) as usize;
    Ok(Window { ids, total })
}

/// A deal that passed the index's conditions, with its judged fields.
struct Judged {
    id: String,
    updated_key: String,
    fields: TransactionFields,
}

/// The window when the roster or each deal's findings decide it: the deals that pass
/// the index's conditions, judged by core's rules, filtered and sorted here.
async fn judged_window(
    store: &LocalStore,
    query: &TransactionListQuery,
    context: &DealContext,
    conditions: &Conditions,
) -> Result<Window, StoreError> {
    let sql = format!(
        "select i.id, i.updated_key, j.fields from transaction_index i
           join transaction_judged j on j.id = i.id where {}",
        conditions.where_clause()
    );
    let mut select = sqlx::query_as::<_, (String, String, String)>(&sql);
    for arg in &conditions.args {
        select = select.bind(arg);
    }
    let rows = select.fetch_all(store.pool()).await?;
    let mut listed = Vec::with_capacity(rows.len());
    for (id, updated_key, fields) in rows {
        let fields: TransactionFields = serde_json::from_str(&fields).map_err(corrupt)?;
        let passes = query.agent.is_none() && query.office.is_none() || {
            let agents: Vec<_> = context.matches(&fields).agent_ids().collect();
            let agent_ok = query.agent.is_none_or(|a| agents.contains(&a));
            let office_ok = query.office.is_none()
                || agents.iter().any(|&a| {
                    query.office_matches(context.agent(a).and_then(|a| a.office.as_deref()))
                });
            agent_ok && office_ok
        };
        if passes {
            listed.push(Judged {
                id,
                updated_key,
                fields,
            });
        }
    }
    sort(&mut listed, query.sort, context);
    let total = listed.len();
    let ids = listed
        .into_iter()
        .skip(query.offset as usize)
        .take(query.window())
        .map(|deal| deal.id)
        .collect();
    Ok(Window { ids, total })
}

/// The orders of [`index_order`], and worst data quality first, over judged deals.
fn sort(listed: &mut [Judged], by: TransactionSort, context: &DealContext) {
    match by {
        TransactionSort::ClosingDesc => listed.sort_by_cached_key(|l| {
            let day = l.fields.closing_date;
            (day.is_none(), Reverse(day), l.id.clone())
        }),
        TransactionSort::ClosingAsc => listed.sort_by_cached_key(|l| {
            let day = l.fields.closing_date;
            (day.is_none(), day, l.id.clone())
        }),
        TransactionSort::NameAsc => {
            listed.sort_by_cached_key(|l| (l.fields.name.to_lowercase(), l.id.clone()))
        }
        TransactionSort::PriceDesc => listed.sort_by_cached_key(|l| {
            let price = l.fields.price();
            (price.is_none(), Reverse(price), l.id.clone())
        }),
        TransactionSort::QualityAsc => listed.sort_by_cached_key(|l| {
            let score = quality_score(&context.findings(&l.fields));
            (score, l.id.clone())
        }),
        TransactionSort::UpdatedDesc => {
            listed.sort_by_cached_key(|l| (Reverse(l.updated_key.clone()), l.id.clone()))
        }
    }
}
