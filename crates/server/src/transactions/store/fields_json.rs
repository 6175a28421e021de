//! Each deal's fields as the API serialises them, stored with its row (see the migration
//! `transaction_fields_json`), and the records a sync page sends made from them: the
//! stored JSON with the envelope (id, times, version) around it, byte for byte what
//! serialising the `Transaction` gives, without decoding 45 columns per deal.

use brokerdesk_core::transactions::{CustomField, Participant, TransactionFields};
use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::Value;
use serde_json::value::RawValue;
use sha2::{Digest, Sha256};
use std::sync::LazyLock;
use uuid::Uuid;

use crate::db::TenantTx;
use crate::error::ApiError;
use crate::sync::source::raw;

/// The fields' JSON of a deal, as `Transaction` flattens them into its record.
pub(super) fn of(fields: &TransactionFields) -> String {
    serde_json::to_string(fields).expect("a deal's fields serialise")
}

/// What a row's copy is stamped with when written at `version` by this build.
pub(super) fn stamp(version: i64) -> String {
    format!("{}:{version}", *SHAPE)
}

/// A hash of every key this build's serialisation of a deal holds, a participant's and
/// a custom field's included: a build that adds, drops or renames one no longer trusts
/// the copies older builds wrote.
static SHAPE: LazyLock<String> = LazyLock::new(|| {
    let sample = TransactionFields {
        participants: vec![Participant {
            name: String::new(),
            email: None,
            role: None,
        }],
        custom_fields: vec![CustomField {
            section: String::new(),
            field: String::new(),
            value: String::new(),
        }],
        ..TransactionFields::default()
    };
    let mut keys = Vec::new();
    collect_keys(
        &serde_json::to_value(&sample).expect("a deal's fields serialise"),
        &mut keys,
    );
    hex::encode(&Sha256::digest(keys.join(",").as_bytes())[..8])
});

fn collect_keys(value: &Value, keys: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, value) in map {
                keys.push(key.clone());
                collect_keys(value, keys);
            }
        }
        Value::Array(items) => items.iter().for_each(|item| collect_keys(item, keys)),
        _ => {}
    }
}

/// The envelope's members before the fields.
#[derive(Serialize)]
struct Head {
    id: Uuid,
}

/// The envelope's members after the fields.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Tail {
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
    version: i64,
}

/// A deal's record around its stored fields: `{"id":…,<fields>,"createdAt":…,…}`.
fn record(id: Uuid, fields: &str, tail: &Tail) -> Result<Box<RawValue>, ApiError> {
    let head = serde_json::to_string(&Head { id }).map_err(|e| ApiError::Internal(e.into()))?;
    let tail = serde_json::to_string(tail).map_err(|e| ApiError::Internal(e.into()))?;
    let members = fields
        .strip_prefix('{')
        .and_then(|f| f.strip_suffix('}'))
        .ok_or_else(|| {
            ApiError::Internal(anyhow::anyhow!(
                "deal {id}: stored fields are not an object"
            ))
        })?;
    let mut json = String::with_capacity(head.len() + fields.len() + tail.len());
    json.push_str(&head[..head.len() - 1]);
    if !members.is_empty() {
        json.push(',');
        json.push_str(members);
    }
    json.push(',');
    json.push_str(&tail[1..]);
    // Checked, so a damaged copy fails this request rather than every device's parse
    // of the page.
    RawValue::from_string(json).map_err(|e| ApiError::Internal(e.into()))
}

#[derive(sqlx::FromRow)]
struct Stored {
    id: Uuid,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
    version: i64,
    /// None when the row's copy is missing or stale.
    fields_json: Option<String>,
}

/// The records of the deals with these ids, as a sync page sends them: from their
/// stored fields where the copy is this build's and the row's version, otherwise (rows
/// written before the copy existed, or by other SQL) read from the columns.
pub async fn records(
    tx: &mut TenantTx,
    ids: &[Uuid],
) -> Result<Vec<(Uuid, Box<RawValue>)>, ApiError> {
    let rows: Vec<Stored> = sqlx::query_as(
        "select id, created_at, updated_at, version,
                case when fields_json_stamp = $3 || ':' || version then fields_json end
                    as fields_json
           from transactions where tenant_id = $1 and id = any($2)",
    )
    .bind(tx.tenant_id().as_uuid())
    .bind(ids)
    .bind(&*SHAPE)
    .fetch_all(tx.conn())
    .await?;
    let mut records = Vec::with_capacity(rows.len());
    let mut stale = Vec::new();
    for row in rows {
        match &row.fields_json {
            Some(fields) => {
                let tail = Tail {
                    created_at: row.created_at,
                    updated_at: row.updated_at,
                    version: row.version,
                };
                records.push((row.id, record(row.id, fields, &tail)?));
            }
            None => stale.push(row.id),
        }
    }
    if !stale.is_empty() {
        for deal in super::by_ids(tx, &stale).await? {
            records.push((deal.id.as_uuid(), raw(&deal)?));
        }
    }
    Ok(records)
}

/// Writes the copy of every deal of `tenant` whose copy is missing or stale, at the
/// row's version: for deals a seed wrote with SQL of its own (a bench's 50,000).
#[cfg(feature = "testing")]
pub async fn fill(conn: &mut sqlx::PgConnection, tenant: Uuid) -> Result<u64, sqlx::Error> {
    let sql = format!(
        "select {} from transactions
          where tenant_id = $1 and fields_json_stamp is distinct from $2 || ':' || version",
        super::COLUMNS
    );
    let rows: Vec<super::StoredRow> = sqlx::query_as(&sql)
        .bind(tenant)
        .bind(&*SHAPE)
        .fetch_all(&mut *conn)
        .await?;
    let (mut ids, mut versions, mut copies) = (Vec::new(), Vec::new(), Vec::new());
    for row in rows {
        let deal = row.into_transaction();
        ids.push(deal.id.as_uuid());
        versions.push(deal.version);
        copies.push(of(&deal.fields));
    }
    let filled = sqlx::query(
        "update transactions t set fields_json = r.copy, fields_json_stamp = $2 || ':' || t.version
           from unnest($3::uuid[], $4::int8[], $5::text[]) as r(id, version, copy)
          where t.tenant_id = $1 and t.id = r.id and t.version = r.version",
    )
    .bind(tenant)
    .bind(&*SHAPE)
    .bind(ids)
    .bind(versions)
    .bind(copies)
    .execute(conn)
    .await?;
    Ok(filled.rows_affected())
}
