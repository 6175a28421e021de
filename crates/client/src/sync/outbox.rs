//! The outbox: local edits waiting for the server, in the order they were made, and
//! what the server answered. An applied edit leaves; a refused one stays, with its
//! reason, until the user dismisses it, and its optimistic change is rolled back.

use brokerdesk_core::sync::SyncEntity;
use brokerdesk_core::sync::push::{Mutation, MutationOutcome, MutationResult};
use chrono::Utc;
use serde_json::Value;
use sqlx::{Sqlite, Transaction};
use uuid::Uuid;

use super::error::{StoreError, corrupt};
use super::records::LocalStore;
use super::replay::{rebuild, settle};
use crate::cache::begin_write;
pub use brokerdesk_core::sync::outbox::RejectedEdit;

/// How much is waiting or needs attention, for the sync status.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct OutboxCounts {
    pub pending: u64,
    pub rejected: u64,
    pub conflicts: u64,
}

impl LocalStore {
    /// The oldest pending edits, in the order they were made.
    pub async fn pending(&self, limit: usize) -> Result<Vec<Mutation>, StoreError> {
        type Row = (String, String, String, String, String, Option<i64>);
        let rows: Vec<Row> = sqlx::query_as(
            "select mutation_id, entity, entity_id, op, changes, base_version from outbox
              where status = 'pending' order by seq limit ?",
        )
        .bind(limit as i64)
        .fetch_all(self.pool())
        .await?;
        rows.into_iter()
            .map(
                |(mutation_id, entity, entity_id, op, changes, base_version)| {
                    Ok(Mutation {
                        mutation_id: mutation_id.parse().map_err(corrupt)?,
                        entity: entity.parse().map_err(corrupt)?,
                        op: serde_json::from_value(Value::String(op)).map_err(corrupt)?,
                        entity_id,
                        changes: serde_json::from_str(&changes).map_err(corrupt)?,
                        base_version,
                    })
                },
            )
            .collect()
    }

    /// Counts a send attempt on these mutations, so the status can show retries.
    pub async fn count_attempt(&self, mutations: &[Mutation]) -> Result<(), StoreError> {
        for mutation in mutations {
            sqlx::query("update outbox set attempts = attempts + 1 where mutation_id = ?")
                .bind(mutation.mutation_id.to_string())
                .execute(self.pool())
                .await?;
        }
        Ok(())
    }

    /// Records the server's answers, in one transaction: an applied edit leaves the
    /// outbox; a refused one stays, marked with the reason, and its optimistic change is
    /// rolled back (the record is rebuilt from the server's copy and the edits still
    /// pending).
    pub async fn acknowledge(&self, results: &[MutationResult]) -> Result<(), StoreError> {
        let mut tx = begin_write(self.pool()).await?;
        for result in results {
            let id = result.mutation_id.to_string();
            let entry: Option<(String, String, String, String, Option<String>)> = sqlx::query_as(
                "select entity, entity_id, op, changes, created_record from outbox
                  where mutation_id = ? and status = 'pending'",
            )
            .bind(&id)
            .fetch_optional(&mut *tx)
            .await?;
            let Some((entity, entity_id, op, changes, created)) = entry else {
                continue;
            };
            match &result.outcome {
                MutationOutcome::Applied { .. } => {
                    sqlx::query("delete from outbox where mutation_id = ?")
                        .bind(&id)
                        .execute(&mut *tx)
                        .await?;
                    settle(
                        &mut tx,
                        &entity,
                        &entity_id,
                        &op,
                        &changes,
                        created.as_deref(),
                    )
                    .await?;
                }
                MutationOutcome::Rejected { code, message } => {
                    sqlx::query(
                        "update outbox set status = 'rejected', reject_code = ?, reject_message = ?
                          where mutation_id = ?",
                    )
                    .bind(code)
                    .bind(message)
                    .bind(&id)
                    .execute(&mut *tx)
                    .await?;
                    rebuild(&mut tx, &entity, &entity_id).await?;
                }
            }
        }
        tx.commit().await?;
        Ok(())
    }

    pub async fn rejected(&self) -> Result<Vec<RejectedEdit>, StoreError> {
        type Row = (
            String,
            String,
            String,
            String,
            String,
            String,
            String,
            String,
        );
        let rows: Vec<Row> = sqlx::query_as(
            "select mutation_id, entity, entity_id, op, changes, coalesce(reject_code, ''),
                    coalesce(reject_message, ''), created_at
               from outbox where status = 'rejected' order by seq",
        )
        .fetch_all(self.pool())
        .await?;
        rows.into_iter()
            .map(
                |(mutation_id, entity, entity_id, op, changes, code, message, created_at)| {
                    Ok(RejectedEdit {
                        mutation_id: mutation_id.parse().map_err(corrupt)?,
                        entity: entity.parse().map_err(corrupt)?,
                        entity_id,
                        op,
                        changes: serde_json::from_str(&changes).map_err(corrupt)?,
                        code,
                        message,
                        created_at: created_at.parse().map_err(corrupt)?,
                    })
                },
            )
            .collect()
    }

    /// The user has seen a refused edit; forget it.
    pub async fn dismiss_rejected(&self, mutation_id: Uuid) -> Result<(), StoreError> {
        sqlx::query("delete from outbox where mutation_id = ? and status = 'rejected'")
            .bind(mutation_id.to_string())
            .execute(self.pool())
            .await?;
        Ok(())
    }

    pub async fn counts(&self) -> Result<OutboxCounts, StoreError> {
        let (pending, rejected): (i64, i64) = sqlx::query_as(
            "select count(*) filter (where status = 'pending'),
                    count(*) filter (where status = 'rejected') from outbox",
        )
        .fetch_one(self.pool())
        .await?;
        Ok(OutboxCounts {
            pending: pending as u64,
            rejected: rejected as u64,
            conflicts: self.count(SyncEntity::Conflict).await?,
        })
    }
}

/// Mutations per multi-row insert: 8 bindings each, far below SQLite's limit.
const ENQUEUE_CHUNK: usize = 200;

/// Queues one mutation; `created_record` is a create's whole record as first written.
pub(super) async fn enqueue(
    tx: &mut Transaction<'_, Sqlite>,
    mutation: &Mutation,
    created_record: Option<&str>,
) -> Result<(), StoreError> {
    enqueue_all(tx, &[(mutation, created_record)]).await
}

/// Queues mutations in this order, a statement per chunk of them.
pub(super) async fn enqueue_all(
    tx: &mut Transaction<'_, Sqlite>,
    mutations: &[(&Mutation, Option<&str>)],
) -> Result<(), StoreError> {
    let queued_at = Utc::now().to_rfc3339();
    for chunk in mutations.chunks(ENQUEUE_CHUNK) {
        let sql = format!(
            "insert into outbox (mutation_id, entity, entity_id, op, changes, base_version,
                 created_record, created_at)
             values {}",
            vec!["(?, ?, ?, ?, ?, ?, ?, ?)"; chunk.len()].join(", ")
        );
        let mut insert = sqlx::query(&sql);
        for (mutation, created_record) in chunk {
            let op = serde_json::to_value(mutation.op).expect("an op serialises");
            insert = insert
                .bind(mutation.mutation_id.to_string())
                .bind(mutation.entity.as_str())
                .bind(&mutation.entity_id)
                .bind(op.as_str().map(str::to_owned))
                .bind(serde_json::to_string(&mutation.changes).expect("changes serialise"))
                .bind(mutation.base_version)
                .bind(*created_record)
                .bind(&queued_at);
        }
        insert.execute(&mut **tx).await?;
    }
    Ok(())
}
