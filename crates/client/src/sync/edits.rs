//! Local edits of synced records: each shows at once (optimistically) and is queued in
//! the outbox, in one transaction. The domains' offline edits are built on these.

use brokerdesk_core::sync::SyncEntity;
use brokerdesk_core::sync::push::{Mutation, MutationOp};
use serde::Serialize;
use serde_json::{Map, Value};
use sqlx::{Sqlite, Transaction};
use uuid::Uuid;

use super::error::StoreError;
use super::hook::hooks_of;
use super::outbox::{enqueue, enqueue_all};
use super::records::LocalStore;
use super::replay::{STATE_CREATED, record_changed};
use crate::cache::begin_write;

impl LocalStore {
    /// Shows a record created here and queues its create, in a transaction of its own
    /// (see [`create_record`]).
    pub(crate) async fn create_one(
        &self,
        entity: SyncEntity,
        id: &str,
        record: &impl Serialize,
        changes: Map<String, Value>,
    ) -> Result<(), StoreError> {
        let mut tx = begin_write(self.pool()).await?;
        create_record(&mut tx, entity, id, record, changes).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Queues the create of an event the server records and the cache never shows (an
    /// offline export's audit entry): nothing is written to the records, so an answer
    /// either way only takes it out of the outbox, and a refusal is listed like any
    /// refused edit.
    pub(crate) async fn queue_event(
        &self,
        entity: SyncEntity,
        changes: Map<String, Value>,
    ) -> Result<Uuid, StoreError> {
        let mutation = Mutation {
            mutation_id: Uuid::now_v7(),
            entity,
            op: MutationOp::Create,
            entity_id: Uuid::now_v7().to_string(),
            changes,
            base_version: None,
        };
        let mut tx = begin_write(self.pool()).await?;
        enqueue(&mut tx, &mutation, None).await?;
        tx.commit().await?;
        Ok(mutation.mutation_id)
    }

    /// Hides a cached record at once and queues its deletion (a revocation, for API keys
    /// and invitations). `missing` is the answer when the record is not cached.
    pub(crate) async fn delete_record(
        &self,
        entity: SyncEntity,
        id: &str,
        missing: StoreError,
    ) -> Result<(), StoreError> {
        let edit = LocalEdit::of(entity, id.to_owned(), MutationOp::Delete, Map::new());
        self.queue_edit(edit, missing, |_| Ok((None, ()))).await
    }

    /// Queues an edit of a cached record, in one transaction: `view` turns the record as
    /// the user sees it now into what they see after the edit (none hides it, for a
    /// delete), which is written with the outbox entry. `missing` is the answer when
    /// the record is not cached.
    pub(crate) async fn queue_edit<T>(
        &self,
        edit: LocalEdit,
        missing: StoreError,
        view: impl FnOnce(&str) -> Result<(Option<String>, T), StoreError>,
    ) -> Result<T, StoreError> {
        let mut tx = begin_write(self.pool()).await?;
        let result = queue_edit_in(&mut tx, edit, missing, view).await?;
        tx.commit().await?;
        Ok(result)
    }
}

/// [`LocalStore::queue_edit`] in the caller's transaction, for work that queues many
/// edits at once and must be whole or absent (an import).
pub(crate) async fn queue_edit_in<T>(
    tx: &mut Transaction<'_, Sqlite>,
    mut edit: LocalEdit,
    missing: StoreError,
    view: impl FnOnce(&str) -> Result<(Option<String>, T), StoreError>,
) -> Result<T, StoreError> {
    let (version, data, state) = load(tx, edit.entity.as_str(), &edit.id)
        .await?
        .ok_or(missing)?;
    let (shown, result) = view(&data)?;
    edit.base_version = (state != STATE_CREATED).then_some(version);
    edit.record(tx, shown.as_deref()).await?;
    Ok(result)
}

/// An edit of a record the server already has (or will have, once its create is sent).
pub(crate) struct LocalEdit {
    entity: SyncEntity,
    id: String,
    op: MutationOp,
    changes: Map<String, Value>,
    /// Set from the cached record when the edit is queued.
    base_version: Option<i64>,
}

impl LocalEdit {
    pub(crate) fn of(
        entity: SyncEntity,
        id: String,
        op: MutationOp,
        changes: Map<String, Value>,
    ) -> Self {
        Self {
            entity,
            id,
            op,
            changes,
            base_version: None,
        }
    }

    /// Shows the edit at once and queues it, in the caller's transaction. `data` is the
    /// record as it now reads; none hides it (a pending delete). The first local edit of
    /// a synced record keeps the server's copy as its shadow, for a rollback.
    async fn record(
        self,
        tx: &mut Transaction<'_, Sqlite>,
        data: Option<&str>,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "update records set data = coalesce(?, data), deleted = ?, state = max(state, 1),
                    shadow = case when state = 0 then data else shadow end
              where entity = ? and id = ?",
        )
        .bind(data)
        .bind(data.is_none())
        .bind(self.entity.as_str())
        .bind(&self.id)
        .execute(&mut **tx)
        .await?;
        record_changed(tx, self.entity.as_str(), &self.id).await?;
        let mutation = Mutation {
            mutation_id: Uuid::now_v7(),
            entity: self.entity,
            op: self.op,
            entity_id: self.id,
            changes: self.changes,
            base_version: self.base_version,
        };
        enqueue(tx, &mutation, None).await
    }
}

/// A change (or a new record's fields) as a mutation's `changes`.
pub(crate) fn as_map(changes: &impl Serialize) -> Map<String, Value> {
    match serde_json::to_value(changes).expect("a change serialises") {
        Value::Object(map) => map,
        _ => Map::new(),
    }
}

async fn load(
    tx: &mut Transaction<'_, Sqlite>,
    entity: &str,
    id: &str,
) -> Result<Option<(i64, String, i64)>, StoreError> {
    Ok(sqlx::query_as(
        "select version, data, state from records where entity = ? and id = ? and deleted = 0",
    )
    .bind(entity)
    .bind(id)
    .fetch_optional(&mut **tx)
    .await?)
}

/// Shows a record created here at once and queues its create, in the caller's
/// transaction: `record` is the record as the user sees it until the server's copy
/// arrives, `changes` what the mutation sends.
pub(crate) async fn create_record(
    tx: &mut Transaction<'_, Sqlite>,
    entity: SyncEntity,
    id: &str,
    record: &impl Serialize,
    changes: Map<String, Value>,
) -> Result<(), StoreError> {
    create_records(
        tx,
        entity,
        vec![NewRecord::of(id.to_owned(), record, changes)],
    )
    .await
}

/// A record created here: what [`create_records`] shows and queues.
pub(crate) struct NewRecord {
    id: String,
    /// The record as the user sees it until the server's copy arrives, in JSON.
    data: String,
    /// What its create sends.
    changes: Map<String, Value>,
}

impl NewRecord {
    pub(crate) fn of(id: String, record: &impl Serialize, changes: Map<String, Value>) -> Self {
        let data = serde_json::to_string(record).expect("a record serialises");
        Self { id, data, changes }
    }
}

/// Records per chunk of statements in [`create_records`]: 5 bindings each.
const CREATE_CHUNK: usize = 200;

/// Shows records created here at once and queues their creates, in this order, in the
/// caller's transaction. A chunk of records takes a few statements (the records, the
/// domains' rows kept in step with them, the outbox), not a few per record: an import
/// of 10,000 loops spent most of its time sending single statements to SQLite's thread.
pub(crate) async fn create_records(
    tx: &mut Transaction<'_, Sqlite>,
    entity: SyncEntity,
    mut created: Vec<NewRecord>,
) -> Result<(), StoreError> {
    for chunk in created.chunks_mut(CREATE_CHUNK) {
        let sql = format!(
            "insert into records (entity, id, version, data, state) values {}",
            vec!["(?, ?, 0, ?, ?)"; chunk.len()].join(", ")
        );
        let mut insert = sqlx::query(&sql);
        for record in chunk.iter() {
            insert = insert
                .bind(entity.as_str())
                .bind(&record.id)
                .bind(&record.data)
                .bind(STATE_CREATED);
        }
        insert.execute(&mut **tx).await?;
        let written: Vec<(&str, &str)> = chunk
            .iter()
            .map(|record| (record.id.as_str(), record.data.as_str()))
            .collect();
        for hook in hooks_of(entity.as_str()) {
            hook.records_written(tx, &written).await?;
        }
        let mutations: Vec<Mutation> = chunk
            .iter_mut()
            .map(|record| Mutation {
                mutation_id: Uuid::now_v7(),
                entity,
                op: MutationOp::Create,
                entity_id: record.id.clone(),
                changes: std::mem::take(&mut record.changes),
                base_version: None,
            })
            .collect();
        let queued: Vec<(&Mutation, Option<&str>)> = mutations
            .iter()
            .zip(chunk.iter())
            .map(|(mutation, record)| (mutation, Some(record.data.as_str())))
            .collect();
        enqueue_all(tx, &queued).await?;
    }
    Ok(())
}
