//! The transaction list's index over the cache (see the cache migrations
//! `transaction_index` and `transaction_index_scores`): for every cached deal, a narrow
//! row of what the list filters and sorts on, with the points its own findings take off
//! its data-quality score, and the keys the roster matches its participants on. Both are
//! computed here from the deal's JSON, in the transaction that writes the deal, so they
//! are never out of step with it. What depends on the day, the status mapping, the
//! roster or other deals is judged by the list's query (judge.rs).

use brokerdesk_core::transactions::TransactionFields;
use brokerdesk_core::transactions::agents::{ParticipantKey, participant_keys};
use brokerdesk_core::transactions::health::{deal_findings, mls_key, quality_score};
use chrono::{DateTime, Utc};
use serde::Deserialize;
use sqlx::SqliteConnection;

use crate::sync::error::{StoreError, corrupt};

const STATE_KEY: &str = "transaction_index";
/// The state's value while the index is being built; none when it is complete.
const BUILDING: &str = "building";

/// The list's sort orders, each in the order the list sorts (deals without the key
/// last, the id breaking ties) so a window is a walk that stops at its end, and the MLS
/// numbers' (duplicates among open loops, and the window's deals' numbers). Made by the
/// app, not the migrations: dropped while a large pull appends rows (see [`begin_build`]).
const SORT_INDEXES: [(&str, &str); 6] = [
    (
        "transaction_index_closing_desc",
        "CREATE INDEX transaction_index_closing_desc
             ON transaction_index (closing_date IS NULL, closing_date DESC, id)",
    ),
    (
        "transaction_index_closing_asc",
        "CREATE INDEX transaction_index_closing_asc
             ON transaction_index (closing_date IS NULL, closing_date, id)",
    ),
    (
        "transaction_index_name",
        "CREATE INDEX transaction_index_name ON transaction_index (name_key, id)",
    ),
    (
        "transaction_index_price",
        "CREATE INDEX transaction_index_price
             ON transaction_index (price_key IS NULL, price_key DESC, id)",
    ),
    (
        "transaction_index_updated",
        "CREATE INDEX transaction_index_updated ON transaction_index (updated_key DESC, id)",
    ),
    (
        "transaction_index_mls",
        "CREATE INDEX transaction_index_mls ON transaction_index (mls_key)",
    ),
];
/// Deals per multi-row insert: 11 bindings each (4 per agent key), far below SQLite's
/// limit.
const INSERT_CHUNK: usize = 100;

/// The envelope of a cached deal the index reads besides its fields.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Envelope {
    updated_at: DateTime<Utc>,
}

/// One deal's rows in `transaction_index` and `transaction_agent_key`.
pub(crate) struct IndexRow {
    id: String,
    status: Option<String>,
    closing_date: Option<String>,
    transaction_type: Option<String>,
    name_key: String,
    price_key: Option<f64>,
    updated_key: String,
    search: String,
    mls_number: Option<String>,
    mls_key: Option<String>,
    deal_penalty: u8,
    agent_keys: Vec<ParticipantKey>,
}

impl IndexRow {
    /// The rows of deal `id`, whose cached record is `data`.
    pub(crate) fn of(id: &str, data: &str) -> Result<Self, StoreError> {
        // The record's fields are flattened beside its envelope; reading them apart
        // costs less than serde's flattening, which buffers the whole record first.
        let fields: TransactionFields = serde_json::from_str(data).map_err(corrupt)?;
        let envelope: Envelope = serde_json::from_str(data).map_err(corrupt)?;
        Ok(Self {
            id: id.to_owned(),
            status: fields.status.clone(),
            closing_date: fields.closing_date.map(|d| d.to_string()),
            transaction_type: fields.transaction_type.clone(),
            name_key: fields.name.to_lowercase(),
            price_key: fields.price().map(|p| {
                use rust_decimal::prelude::ToPrimitive;
                p.to_f64().unwrap_or(0.0)
            }),
            updated_key: updated_key(envelope.updated_at),
            search: fields.search_text(),
            mls_key: fields.mls_number.as_deref().map(mls_key),
            mls_number: fields.mls_number.clone(),
            deal_penalty: 100 - quality_score(&deal_findings(&fields)),
            agent_keys: participant_keys(&fields),
        })
    }
}

/// An update time as the index keeps it: UTC, microseconds, fixed width.
pub(crate) fn updated_key(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(chrono::SecondsFormat::Micros, true)
}

/// Replaces the index rows of these deals, in the caller's transaction.
pub(crate) async fn put(conn: &mut SqliteConnection, rows: &[IndexRow]) -> Result<(), StoreError> {
    for chunk in rows.chunks(INSERT_CHUNK) {
        let index_sql = format!(
            "insert or replace into transaction_index (id, status, closing_date,
                 transaction_type, name_key, price_key, updated_key, search, mls_number,
                 mls_key, deal_penalty)
             values {}",
            vec!["(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"; chunk.len()].join(", ")
        );
        let mut insert = sqlx::query(&index_sql);
        for row in chunk {
            insert = insert
                .bind(&row.id)
                .bind(&row.status)
                .bind(&row.closing_date)
                .bind(&row.transaction_type)
                .bind(&row.name_key)
                .bind(row.price_key)
                .bind(&row.updated_key)
                .bind(&row.search)
                .bind(&row.mls_number)
                .bind(&row.mls_key)
                .bind(i64::from(row.deal_penalty));
        }
        insert.execute(&mut *conn).await?;
        let delete_sql = format!(
            "delete from transaction_agent_key where id in ({})",
            vec!["?"; chunk.len()].join(", ")
        );
        let mut delete = sqlx::query(&delete_sql);
        for row in chunk {
            delete = delete.bind(&row.id);
        }
        delete.execute(&mut *conn).await?;
        let keys: Vec<(&str, usize, &ParticipantKey)> = chunk
            .iter()
            .flat_map(|row| {
                let id = row.id.as_str();
                row.agent_keys
                    .iter()
                    .enumerate()
                    .map(move |(n, key)| (id, n, key))
            })
            .collect();
        for keys in keys.chunks(INSERT_CHUNK * 2) {
            let keys_sql = format!(
                "insert into transaction_agent_key (id, position, email, name_key) values {}",
                vec!["(?, ?, ?, ?)"; keys.len()].join(", ")
            );
            let mut insert = sqlx::query(&keys_sql);
            for (id, position, key) in keys {
                insert = insert
                    .bind(*id)
                    .bind(*position as i64)
                    .bind(&key.email)
                    .bind(&key.name);
            }
            insert.execute(&mut *conn).await?;
        }
    }
    Ok(())
}

/// Re-reads a deal's record and replaces its rows (a deal no longer cached has none),
/// after a write of the record other than a pulled page's.
pub(crate) async fn reindex(conn: &mut SqliteConnection, id: &str) -> Result<(), StoreError> {
    let data: Option<String> =
        sqlx::query_scalar("select data from records where entity = 'transaction' and id = ?")
            .bind(id)
            .fetch_optional(&mut *conn)
            .await?;
    match data {
        Some(data) => put(conn, &[IndexRow::of(id, &data)?]).await,
        None => {
            for table in ["transaction_index", "transaction_agent_key"] {
                sqlx::query(&format!("delete from {table} where id = ?"))
                    .bind(id)
                    .execute(&mut *conn)
                    .await?;
            }
            Ok(())
        }
    }
}

/// Whether the sort indexes are there (the rows always are, but after an upgrade).
pub(crate) async fn is_complete(conn: &mut SqliteConnection) -> Result<bool, StoreError> {
    let state: Option<String> = sqlx::query_scalar("select value from cache_meta where key = ?")
        .bind(STATE_KEY)
        .fetch_optional(conn)
        .await?;
    Ok(state.as_deref() != Some(BUILDING))
}

async fn drop_sort_indexes(conn: &mut SqliteConnection) -> Result<(), StoreError> {
    for (name, _) in SORT_INDEXES {
        sqlx::query(&format!("drop index if exists {name}"))
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// Switches the index to being built, in the transaction of the page that starts a
/// pull bringing a large part of the tenant: pages then append rows without keeping
/// the sort indexes in step, which [`complete`] makes in one pass each.
pub(crate) async fn begin_build(conn: &mut SqliteConnection) -> Result<(), StoreError> {
    drop_sort_indexes(conn).await?;
    sqlx::query(
        "insert into cache_meta (key, value) values (?, ?)
         on conflict (key) do update set value = excluded.value",
    )
    .bind(STATE_KEY)
    .bind(BUILDING)
    .execute(conn)
    .await?;
    Ok(())
}

/// Completes an index being built, in the caller's transaction: the rows of cached
/// deals that have none (an upgrade that remade the index leaves them to the app, which
/// alone can compute them), then the sort indexes.
pub(crate) async fn complete(conn: &mut SqliteConnection) -> Result<(), StoreError> {
    let missing: Vec<(String, String)> = sqlx::query_as(
        "select r.id, r.data from records r
          where r.entity = 'transaction'
            and not exists (select 1 from transaction_index i where i.id = r.id)",
    )
    .fetch_all(&mut *conn)
    .await?;
    let rows = missing
        .iter()
        .map(|(id, data)| IndexRow::of(id, data))
        .collect::<Result<Vec<_>, _>>()?;
    put(conn, &rows).await?;
    // Whatever an older build left, the definitions are this build's.
    drop_sort_indexes(conn).await?;
    for (_, definition) in SORT_INDEXES {
        sqlx::query(definition).execute(&mut *conn).await?;
    }
    sqlx::query("delete from cache_meta where key = ?")
        .bind(STATE_KEY)
        .execute(conn)
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_row_holds_what_the_list_compares_and_what_the_deal_alone_costs_its_score() {
        let data = r#"{"id":"d1","name":"12 Harbor RD","status":"SOLD",
            "closingDate":"2025-10-30","transactionType":"PURCHASE_OFFER",
            "address":{"streetNumber":"12","streetName":"Harbor Rd","city":"Portland"},
            "mlsNumber":" me-1001","salePrice":"500000.00","currentPrice":"1",
            "tags":["Buyer"],"participants":[{"name":"Alice","email":null,"role":null},
                {"name":"Sam Seller","email":"SAM@x.test","role":"SELLER"},
                {"name":"Lee, Bo","email":" Bo@Acme.test ","role":"BUYING_AGENT"}],
            "customFields":[{"section":"Lead Source","field":"Lead Source","value":"Zillow"}],
            "createdAt":"2025-08-14T00:00:00Z","updatedAt":"2025-11-02T10:30:00.123456Z",
            "version":3}"#;
        let row = IndexRow::of("d1", data).unwrap();
        assert_eq!(row.name_key, "12 harbor rd");
        assert_eq!(row.search, "12 harbor rd 12 harbor rd, portland  me-1001");
        assert_eq!(row.closing_date.as_deref(), Some("2025-10-30"));
        assert_eq!(row.price_key, Some(500_000.0), "the sale price first");
        assert_eq!(row.updated_key, "2025-11-02T10:30:00.123456Z");
        assert_eq!(row.mls_key.as_deref(), Some("ME-1001"));
        assert_eq!(row.deal_penalty, 0);
        let keys: Vec<(Option<&str>, &str)> = row
            .agent_keys
            .iter()
            .map(|k| (k.email.as_deref(), k.name.as_str()))
            .collect();
        assert_eq!(
            keys,
            [(None, "alice"), (Some("bo@acme.test"), "bo lee")],
            "the seller may not be an agent"
        );
        let unpriced = data.replace(r#""salePrice":"500000.00","currentPrice":"1","#, "");
        let unpriced = IndexRow::of("d1", &unpriced.replace(r#"" me-1001""#, "null")).unwrap();
        assert_eq!(unpriced.mls_key, None);
        assert_eq!(unpriced.deal_penalty, 20 + 5, "no price, no MLS number");
        assert!(IndexRow::of("x", "{\"name\": 1}").is_err());
    }
}
