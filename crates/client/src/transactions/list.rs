//! Which cached deals a list query lets through, and in what order, chosen from the
//! list's index (index.rs) so a window costs what its rows do, not what the cache holds.
//!
//! Type, closing-date range and search are conditions on the index's columns; status
//! group, agent and office are core's rules written out as SQL over it (judge.rs), with
//! the brokerage's mapping, roster and the day. The sorts by closing date, name, price
//! and last change walk the index's sort orders; worst data quality first sorts by the
//! score judge.rs computes from the stored part and the day's.

use super::context::DealContext;
use super::judge::Judge;
use super::query::{TransactionListQuery, TransactionSort};
use crate::sync::error::StoreError;
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

    fn of(
        query: &TransactionListQuery,
        context: &DealContext,
        judge: &Judge,
    ) -> Result<Self, StoreError> {
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
            conditions.push(judge.in_group(wanted), []);
        }
        if let Some(agent) = query.agent {
            let (sql, args) = judge.matched_to(|id| id == agent)?;
            conditions.push(sql, args);
        }
        if query.office.is_some() {
            // A deal is in an office when one of its matched agents is.
            let in_office = context.agents_where(|a| query.office_matches(a.office.as_deref()));
            let (sql, args) = judge.matched_to(|id| in_office.contains(&id))?;
            conditions.push(sql, args);
        }
        Ok(conditions)
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
    let judge = Judge::new(context)?;
    let conditions = Conditions::of(query, context, &judge)?;
    let filter = conditions.where_clause();
    let (with, order, order_args) = match index_order(query.sort) {
        Some(order) => (String::new(), order.to_owned(), Vec::new()),
        None => {
            let (score, args) = judge.score();
            (judge.open_mls(), format!("{score}, i.id"), args)
        }
    };
    let sql = format!(
        "{with} select i.id from transaction_index i where {filter}
          order by {order} limit ? offset ?"
    );
    let mut select = sqlx::query_scalar::<_, String>(&sql);
    for arg in conditions.args.iter().chain(&order_args) {
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
