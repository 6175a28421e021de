//! What the user sees of a record, recomputed from the server's copy and the edits
//! still pending on it: after the server applied an edit (settle), refused one, or sent
//! a new copy of a record with edits pending (rebuild).

use serde_json::{Map, Value};
use sqlx::{Sqlite, SqliteConnection, Transaction};

use super::error::{StoreError, corrupt};
use super::hook::hooks_of;

/// A record's `state` in the cache: as the server has it, edited here, or made here.
pub(super) const STATE_SYNCED: i64 = 0;
pub(super) const STATE_EDITED: i64 = 1;
pub(super) const STATE_CREATED: i64 = 2;

/// Lays an edit on a record's JSON: the named fields take their new values.
fn overlay(record: &mut Value, changes: &str) -> Result<(), StoreError> {
    let changes: Map<String, Value> = serde_json::from_str(changes).map_err(corrupt)?;
    if let Value::Object(fields) = record {
        fields.extend(changes);
    }
    Ok(())
}

/// After the server applied an edit: the record's server copy now includes it. With no
/// edits left pending the record is in sync (the next pull brings the server's exact
/// copy and version); otherwise its shadow takes the edit, so a later refusal rolls back
/// to what the server really holds.
pub(super) async fn settle(
    tx: &mut Transaction<'_, Sqlite>,
    entity: &str,
    id: &str,
    op: &str,
    changes: &str,
    created: Option<&str>,
) -> Result<(), StoreError> {
    let still_pending: i64 = sqlx::query_scalar(
        "select count(*) from outbox where entity = ? and entity_id = ? and status = 'pending'",
    )
    .bind(entity)
    .bind(id)
    .fetch_one(&mut **tx)
    .await?;
    if still_pending == 0 {
        if op == "delete" {
            sqlx::query("delete from records where entity = ? and id = ?")
                .bind(entity)
                .bind(id)
                .execute(&mut **tx)
                .await?;
        } else {
            sqlx::query("update records set state = 0, shadow = null where entity = ? and id = ?")
                .bind(entity)
                .bind(id)
                .execute(&mut **tx)
                .await?;
        }
        return Ok(());
    }
    let shadow: Option<Option<String>> =
        sqlx::query_scalar("select shadow from records where entity = ? and id = ?")
            .bind(entity)
            .bind(id)
            .fetch_optional(&mut **tx)
            .await?;
    let new_shadow = match (op, shadow.flatten(), created) {
        ("create", _, Some(record)) => Some(record.to_owned()),
        ("update", Some(shadow), _) => {
            let mut value: Value = serde_json::from_str(&shadow).map_err(corrupt)?;
            overlay(&mut value, changes)?;
            Some(value.to_string())
        }
        _ => None,
    };
    if let Some(shadow) = new_shadow {
        sqlx::query("update records set shadow = ?, state = 1 where entity = ? and id = ?")
            .bind(shadow)
            .bind(entity)
            .bind(id)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

/// Recomputes what the user sees of a record: the server's copy (if any) with every
/// still-pending edit laid on top, in order.
pub(super) async fn rebuild(
    tx: &mut Transaction<'_, Sqlite>,
    entity: &str,
    id: &str,
) -> Result<(), StoreError> {
    let row: Option<(String, Option<String>, i64)> =
        sqlx::query_as("select data, shadow, state from records where entity = ? and id = ?")
            .bind(entity)
            .bind(id)
            .fetch_optional(&mut **tx)
            .await?;
    let base: Option<String> = match row {
        Some((data, _, STATE_SYNCED)) => Some(data),
        Some((_, shadow, STATE_EDITED)) => shadow,
        _ => None,
    };
    let pending: Vec<(String, String, Option<String>)> = sqlx::query_as(
        "select op, changes, created_record from outbox
          where entity = ? and entity_id = ? and status = 'pending' order by seq",
    )
    .bind(entity)
    .bind(id)
    .fetch_all(&mut **tx)
    .await?;
    let mut view: Option<Value> = base
        .as_deref()
        .map(serde_json::from_str)
        .transpose()
        .map_err(corrupt)?;
    let mut deleted = false;
    for (op, changes, created) in &pending {
        match (op.as_str(), created) {
            ("create", Some(record)) => view = Some(serde_json::from_str(record).map_err(corrupt)?),
            ("delete", _) => deleted = true,
            _ => {
                if let Some(record) = view.as_mut() {
                    overlay(record, changes)?;
                }
            }
        }
    }
    let Some(view) = view else {
        sqlx::query("delete from records where entity = ? and id = ?")
            .bind(entity)
            .bind(id)
            .execute(&mut **tx)
            .await?;
        // A refused create leaves nothing behind, in what the domains keep either.
        record_changed(tx, entity, id).await?;
        return Ok(());
    };
    let state = match (pending.is_empty(), base.is_some()) {
        (true, _) => STATE_SYNCED,
        (false, true) => STATE_EDITED,
        (false, false) => STATE_CREATED,
    };
    let shadow = if state == STATE_EDITED { base } else { None };
    sqlx::query(
        "update records set data = ?, shadow = ?, state = ?, deleted = ? where entity = ? and id = ?",
    )
    .bind(view.to_string())
    .bind(shadow)
    .bind(state)
    .bind(deleted)
    .bind(entity)
    .bind(id)
    .execute(&mut **tx)
    .await?;
    record_changed(tx, entity, id).await
}

/// Tells the hooks that follow `entity` that one of its records was written, in the
/// caller's transaction.
pub(super) async fn record_changed(
    conn: &mut SqliteConnection,
    entity: &str,
    id: &str,
) -> Result<(), StoreError> {
    for hook in hooks_of(entity) {
        hook.record_changed(&mut *conn, id).await?;
    }
    Ok(())
}
