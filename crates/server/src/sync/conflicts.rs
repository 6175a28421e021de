//! The engine's own synced entity: the field conflicts a merge records. A conflict
//! quotes its record's values, so it goes to those who may read that record, as the
//! record's own source decides.

use async_trait::async_trait;
use brokerdesk_core::sync::SyncEntity;
use brokerdesk_core::sync::push::FieldConflict;
use chrono::{DateTime, Utc};
use sqlx::types::Json;
use std::collections::HashMap;
use uuid::Uuid;

use super::source::{Keys, Loaded, Reader, RowId, RowKey, SyncSource, Table, Window, by_uuid};
use crate::auth::Authenticated;
use crate::error::ApiError;

pub struct ConflictSource;

const TABLE: Table = Table::by_id("sync_conflicts");

#[async_trait]
impl SyncSource for ConflictSource {
    fn entity(&self) -> SyncEntity {
        SyncEntity::Conflict
    }

    fn table(&self) -> Table {
        TABLE
    }

    fn readable(&self, _reader: &Reader<'_>) -> bool {
        true
    }

    async fn keys(
        &self,
        auth: &mut Authenticated,
        window: &Window,
        fetch: i64,
        reader: &Reader<'_>,
    ) -> Result<Keys, ApiError> {
        let sql = format!(
            "select version, id, entity, entity_id from sync_conflicts
              where {} order by version, id limit $5",
            Window::condition("", "id")
        );
        let query = window.bind(sqlx::query_as(&sql), auth, SyncEntity::Conflict, TABLE.kind)?;
        let rows: Vec<(i64, Uuid, String, Uuid)> =
            query.bind(fetch).fetch_all(auth.tx.conn()).await?;
        let mut records: HashMap<SyncEntity, Vec<Uuid>> = HashMap::new();
        for (_, _, kind, record) in &rows {
            if let Ok(kind) = kind.parse::<SyncEntity>() {
                records.entry(kind).or_default().push(*record);
            }
        }
        let mut readable = HashMap::new();
        for (kind, ids) in records {
            readable.insert(kind, reader.readable_rows(auth, kind, &ids).await?);
        }
        Ok(Keys::Listed(
            rows.into_iter()
                .map(|(version, id, kind, record)| RowKey {
                    version,
                    entity: SyncEntity::Conflict,
                    row: RowId::Uuid(id),
                    visible: kind
                        .parse::<SyncEntity>()
                        .ok()
                        .and_then(|kind| readable.get(&kind))
                        .is_some_and(|ids| ids.contains(&record)),
                })
                .collect(),
        ))
    }

    async fn load(
        &self,
        auth: &mut Authenticated,
        rows: &[RowId],
    ) -> Result<Vec<Loaded>, ApiError> {
        by_uuid(conflicts(auth, &RowId::uuids(rows)).await?, |c| c.id)
    }
}

/// A conflict quotes a lead's values; its key decided who may read it.
async fn conflicts(auth: &mut Authenticated, ids: &[Uuid]) -> Result<Vec<FieldConflict>, ApiError> {
    type Row = (
        Uuid,
        String,
        Uuid,
        String,
        Json<serde_json::Value>,
        i64,
        Json<serde_json::Value>,
        Uuid,
        String,
        DateTime<Utc>,
    );
    let rows: Vec<Row> = sqlx::query_as(
        "select id, entity, entity_id, field, overwritten_value, overwritten_version,
                winning_value, mutation_id, resolved_by, created_at
           from sync_conflicts where tenant_id = $1 and id = any($2)",
    )
    .bind(auth.tx.tenant_id().as_uuid())
    .bind(ids)
    .fetch_all(auth.tx.conn())
    .await?;
    rows.into_iter()
        .map(|row| {
            let (id, entity, entity_id, field, before, before_version, after, mutation_id) =
                (row.0, row.1, row.2, row.3, row.4, row.5, row.6, row.7);
            Ok(FieldConflict {
                id,
                entity: entity
                    .parse()
                    .map_err(|e: brokerdesk_core::sync::UnknownEntity| {
                        ApiError::Internal(anyhow::anyhow!(e.to_string()))
                    })?,
                entity_id: entity_id.to_string(),
                field,
                overwritten_value: before.0,
                overwritten_version: before_version,
                winning_value: after.0,
                mutation_id,
                resolved_by: row.8,
                created_at: row.9,
            })
        })
        .collect()
}
