//! The transaction list's index over the cache (see the cache migration
//! `transaction_index`): for every cached deal, a narrow row of what the list filters
//! and sorts on, and the deal's fields without what no judgement reads (its custom
//! fields, tags and address), for the filters and the sort that need the roster, the
//! status mapping or the day. Both are computed here from the deal's JSON, in the
//! transaction that writes the deal, so they are never out of step with it.

use brokerdesk_core::transactions::{PropertyAddress, TransactionFields};
use chrono::{DateTime, Utc};
use serde::Deserialize;
use sqlx::SqliteConnection;

use crate::sync::error::{StoreError, corrupt};

const STATE_KEY: &str = "transaction_index";
/// Rows per multi-row insert: 9 bindings each, far below SQLite's limit.
const INSERT_CHUNK: usize = 100;

/// The envelope of a cached deal the index reads besides its fields.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Envelope {
    updated_at: DateTime<Utc>,
}

/// One deal's rows in `transaction_index` and `transaction_judged`.
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
    judged: String,
}

impl IndexRow {
    /// The rows of deal `id`, whose cached record is `data`.
    pub(crate) fn of(id: &str, data: &str) -> Result<Self, StoreError> {
        // The record's fields are flattened beside its envelope; reading them apart
        // costs less than serde's flattening, which buffers the whole record first.
        let mut fields: TransactionFields = serde_json::from_str(data).map_err(corrupt)?;
        let envelope: Envelope = serde_json::from_str(data).map_err(corrupt)?;
        let search = fields.search_text();
        let row = Self {
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
            search,
            mls_number: fields.mls_number.clone(),
            judged: String::new(),
        };
        // Loop health, agent matching and the status group read none of these.
        fields.custom_fields = Vec::new();
        fields.tags = Vec::new();
        fields.address = PropertyAddress::default();
        Ok(Self {
            judged: serde_json::to_string(&fields).map_err(corrupt)?,
            ..row
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
                 transaction_type, name_key, price_key, updated_key, search, mls_number)
             values {}",
            vec!["(?, ?, ?, ?, ?, ?, ?, ?, ?)"; chunk.len()].join(", ")
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
                .bind(&row.mls_number);
        }
        insert.execute(&mut *conn).await?;
        let judged_sql = format!(
            "insert or replace into transaction_judged (id, fields) values {}",
            vec!["(?, ?)"; chunk.len()].join(", ")
        );
        let mut insert = sqlx::query(&judged_sql);
        for row in chunk {
            insert = insert.bind(&row.id).bind(&row.judged);
        }
        insert.execute(&mut *conn).await?;
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
            for table in ["transaction_index", "transaction_judged"] {
                sqlx::query(&format!("delete from {table} where id = ?"))
                    .bind(id)
                    .execute(&mut *conn)
                    .await?;
            }
            Ok(())
        }
    }
}

/// Writes the rows of cached deals that have none, when the migration that made the
/// index left it to the app (it cannot compute rows). Cheap when there is nothing to do.
pub(crate) async fn fill_if_new(conn: &mut SqliteConnection) -> Result<(), StoreError> {
    let state: Option<String> = sqlx::query_scalar("select value from cache_meta where key = ?")
        .bind(STATE_KEY)
        .fetch_optional(&mut *conn)
        .await?;
    if state.is_none() {
        return Ok(());
    }
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
    fn a_row_holds_what_the_list_compares_and_judged_fields_drop_the_bulk() {
        let data = r#"{"id":"d1","name":"12 Harbor RD","status":"SOLD",
            "closingDate":"2025-10-30","transactionType":"PURCHASE_OFFER",
            "address":{"streetNumber":"12","streetName":"Harbor Rd","city":"Portland"},
            "mlsNumber":"ME-1001","salePrice":"500000.00","currentPrice":"1",
            "tags":["Buyer"],"participants":[{"name":"Alice","email":null,"role":null}],
            "customFields":[{"section":"Lead Source","field":"Lead Source","value":"Zillow"}],
            "createdAt":"2025-08-14T00:00:00Z","updatedAt":"2025-11-02T10:30:00.123456Z",
            "version":3}"#;
        let row = IndexRow::of("d1", data).unwrap();
        assert_eq!(row.name_key, "12 harbor rd");
        assert_eq!(row.search, "12 harbor rd 12 harbor rd, portland me-1001");
        assert_eq!(row.closing_date.as_deref(), Some("2025-10-30"));
        assert_eq!(row.price_key, Some(500_000.0), "the sale price first");
        assert_eq!(row.updated_key, "2025-11-02T10:30:00.123456Z");
        let judged: TransactionFields = serde_json::from_str(&row.judged).unwrap();
        assert!(judged.custom_fields.is_empty() && judged.tags.is_empty());
        assert_eq!(judged.address, PropertyAddress::default());
        assert_eq!(judged.participants.len(), 1);
        assert_eq!(judged.status.as_deref(), Some("SOLD"));
        assert!(IndexRow::of("x", "{\"name\": 1}").is_err());
    }
}
