//! A page of the offline lead list: core's [`LeadListQuery`] answered from the lead index
//! (index.rs), with the same filters, search and order as the API's list.
//!
//! A search has two ways in, and which is quicker depends on how many leads it matches:
//! - through the trigram full-text index: its candidates come in table order, so
//!   reading them is close to sequential, and costs what their number does;
//! - by walking the sort order's index (which carries the equality and date filters,
//!   see index.rs) and reading the leads that pass those filters for the search
//!   text: random reads of the table, about 51 over the term's share of leads.
//!
//! A rare term has few candidates and a common one ("garcia" in a big brokerage) fills
//! a page in a short walk, so the full-text index is first asked for at most
//! [`RARE_TERM_HITS`] + 1 candidates, which costs little however common the term is,
//! and the answer picks the way. Either way every listed lead is checked against the
//! search text itself, so the full-text index only proposes candidates (it keeps no
//! positions).

use brokerdesk_core::leads::Lead;
use brokerdesk_core::leads::list::{LeadCursor, LeadListQuery, LeadPage, LeadSort};
use std::collections::BTreeSet;

use super::index::{self as lead_index, index_time};
use crate::sync::error::{StoreError, corrupt};
use crate::sync::records::LocalStore;

/// The most full-text candidates the lead list reads and sorts itself; above this it
/// walks the sort order instead. Where the two cost the same for 100,000 leads (a
/// sequential read of the candidates against about 51 × 100,000 / candidates random
/// reads, a random read costing several sequential ones).
const RARE_TERM_HITS: i64 = 5_000;

/// The SQL of one way into the list: what to read the leads from, and the conditions.
struct Plan {
    from: &'static str,
    conditions: Vec<String>,
    args: Vec<String>,
}

impl Plan {
    fn filter(&mut self, condition: &str, arg: Option<String>) {
        if let Some(arg) = arg {
            self.conditions.push(condition.to_owned());
            self.args.push(arg);
        }
    }

    /// The way into the list for `query`'s filters and search (its sort and cursor aside).
    async fn of(
        query: &LeadListQuery,
        conn: &mut sqlx::SqliteConnection,
    ) -> Result<Self, StoreError> {
        // Only the filters in use become SQL, so the planner can walk the sort's index
        // and stop at the page's end.
        let mut plan = Plan {
            from: "lead_index i",
            conditions: vec!["i.hidden = 0".to_owned()],
            args: Vec::new(),
        };
        plan.filter("i.stage = ?", query.stage.map(|s| s.as_str().to_owned()));
        plan.filter("i.agent = ?", query.agent.map(|a| a.to_string()));
        plan.filter("i.source = ?", query.source.map(|s| s.as_str().to_owned()));
        plan.filter(
            "instr(i.tags, ?) > 0",
            query
                .tag
                .as_deref()
                .map(|t| format!("|{}|", t.trim().to_ascii_lowercase())),
        );
        plan.filter("i.created_key >= ?", query.created_from.map(index_time));
        plan.filter("i.created_key < ?", query.created_to.map(index_time));
        plan.filter("i.updated_key >= ?", query.updated_from.map(index_time));
        plan.filter("i.updated_key < ?", query.updated_to.map(index_time));
        // A lead with no activity has a null key, which no comparison passes.
        plan.filter("i.activity_key >= ?", query.activity_from.map(index_time));
        plan.filter("i.activity_key < ?", query.activity_to.map(index_time));
        if let Some(needle) = query.needle() {
            let digits = query.phone_digits();
            if let Some(terms) = fts_terms(&needle, digits.as_deref())
                && lead_index::is_complete(&mut *conn).await?
                && full_text_hits(&mut *conn, &terms).await? <= RARE_TERM_HITS
            {
                // CROSS JOIN makes SQLite start from the full-text hits.
                plan.from = "lead_fts f cross join lead_index i on i.rowid = f.rowid";
                plan.filter("lead_fts match ?", Some(terms));
            }
            match digits {
                Some(digits) => {
                    plan.filter(
                        "(instr(i.search, ?) > 0 or instr(i.phones, ?) > 0)",
                        Some(needle),
                    );
                    plan.args.push(digits);
                }
                None => plan.filter("instr(i.search, ?) > 0", Some(needle)),
            }
        }
        Ok(plan)
    }
}

impl LocalStore {
    /// A page of the cached leads, filtered, searched and sorted as the API's list is.
    /// Works offline. The cursor is this cache's own: pass it back to this method only.
    pub async fn lead_page(&self, query: &LeadListQuery) -> Result<LeadPage, StoreError> {
        let cursor = query.cursor()?;
        let limit = query.page_size() as i64;
        let (key, order_by, after) = match query.sort {
            LeadSort::UpdatedDesc => (
                "updated_key",
                "i.updated_key desc, i.id desc",
                "(i.updated_key, i.id) < (?, ?)",
            ),
            LeadSort::CreatedDesc => (
                "created_key",
                "i.created_key desc, i.id desc",
                "(i.created_key, i.id) < (?, ?)",
            ),
            LeadSort::CreatedAsc => (
                "created_key",
                "i.created_key, i.id",
                "(i.created_key, i.id) > (?, ?)",
            ),
            LeadSort::NameAsc => (
                "name_key",
                "i.name_key, i.id",
                "(i.name_key, i.id) > (?, ?)",
            ),
        };
        let mut conn = self.pool().acquire().await?;
        let mut plan = Plan::of(query, &mut conn).await?;
        if let Some(cursor) = &cursor {
            plan.conditions.push(after.to_owned());
            plan.args.push(cursor.key.clone());
            plan.args.push(cursor.id.to_string());
        }
        // The page is chosen from the index alone; only its rows then read their JSON.
        // CROSS JOIN keeps SQLite from starting at `records` (it fixes the join order).
        let outer_order = order_by
            .replace(&format!("i.{key}"), "p.sort_key")
            .replace("i.id", "p.id");
        let sql = format!(
            "select r.data, p.sort_key from
               (select i.id as id, i.{key} as sort_key from {}
                 where {} order by {order_by} limit {}) p
               cross join records r on r.entity = 'lead' and r.id = p.id
              order by {outer_order}",
            plan.from,
            plan.conditions.join(" and "),
            limit + 1
        );
        let mut select = sqlx::query_as::<_, (String, String)>(&sql);
        for arg in &plan.args {
            select = select.bind(arg);
        }
        let rows = select.fetch_all(&mut *conn).await?;
        let more = rows.len() as i64 > limit;
        let mut leads = Vec::with_capacity(rows.len());
        let mut next_cursor = None;
        for (data, key) in rows.into_iter().take(limit as usize) {
            let lead: Lead = serde_json::from_str(&data).map_err(corrupt)?;
            if more {
                next_cursor = Some(LeadCursor { key, id: lead.id }.encode());
            }
            leads.push(lead);
        }
        Ok(LeadPage { leads, next_cursor })
    }

    /// How many cached leads pass `query`'s filters and search (its sort and cursor
    /// aside): the total of an export's progress.
    pub async fn lead_count(&self, query: &LeadListQuery) -> Result<u64, StoreError> {
        let mut conn = self.pool().acquire().await?;
        let plan = Plan::of(query, &mut conn).await?;
        let sql = format!(
            "select count(*) from {} where {}",
            plan.from,
            plan.conditions.join(" and ")
        );
        let mut count = sqlx::query_scalar::<_, i64>(&sql);
        for arg in &plan.args {
            count = count.bind(arg);
        }
        Ok(count.fetch_one(&mut *conn).await?.max(0) as u64)
    }
}

/// How many candidates the full-text index has for `terms`, counting no further than
/// one past [`RARE_TERM_HITS`].
async fn full_text_hits(conn: &mut sqlx::SqliteConnection, terms: &str) -> Result<i64, StoreError> {
    Ok(sqlx::query_scalar(
        "select count(*) from (select 1 from lead_fts where lead_fts match ? limit ?)",
    )
    .bind(terms)
    .bind(RARE_TERM_HITS + 1)
    .fetch_one(conn)
    .await?)
}

/// The full-text query for leads that may contain the search text, or (when it has
/// digits) a phone number with those digits: every trigram of it. None when the text has
/// fewer than three characters, which the trigram index cannot narrow. Each trigram is
/// quoted, so the search's own punctuation is never query syntax.
pub(crate) fn fts_terms(needle: &str, digits: Option<&str>) -> Option<String> {
    let all_of = |text: &str| {
        let chars: Vec<char> = text.chars().collect();
        let trigrams: BTreeSet<String> = chars
            .windows(3)
            .map(|w| format!("\"{}\"", w.iter().collect::<String>().replace('"', "\"\"")))
            .collect();
        (!trigrams.is_empty()).then(|| {
            format!(
                "({})",
                trigrams.into_iter().collect::<Vec<_>>().join(" AND ")
            )
        })
    };
    let text = all_of(needle)?;
    Some(match digits.and_then(all_of) {
        Some(digits) => format!("{text} OR {digits}"),
        None => text,
    })
}

#[cfg(test)]
mod tests {
    use super::fts_terms;

    #[test]
    fn the_full_text_query_asks_for_every_trigram_quoted() {
        assert_eq!(
            fts_terms("garcia", None).as_deref(),
            Some(r#"("arc" AND "cia" AND "gar" AND "rci")"#)
        );
        assert_eq!(
            fts_terms("a\"b\"", None).as_deref(),
            Some(r#"("""b""" AND "a""b")"#)
        );
        assert_eq!(
            fts_terms("555 0199", Some("5550199")).as_deref(),
            Some(
                r#"(" 01" AND "019" AND "199" AND "5 0" AND "55 " AND "555") OR ("019" AND "199" AND "501" AND "550" AND "555")"#
            )
        );
        assert_eq!(fts_terms("ro", None), None);
        assert_eq!(fts_terms("été", None).as_deref(), Some(r#"("été")"#));
    }
}
