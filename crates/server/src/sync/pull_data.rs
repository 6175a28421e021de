//! The data of the rows a pull page keeps, read once the page's keys are chosen: one
//! statement per entity on the page, in the shape the API returns each record.

use brokerdesk_core::settings::TenantSettings;
use brokerdesk_core::sync::SyncEntity;
use brokerdesk_core::sync::push::FieldConflict;
use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::value::{RawValue, to_raw_value};
use sqlx::types::Json;
use std::collections::HashMap;
use uuid::Uuid;

use super::pull::{RowId, RowKey};
use crate::auth::Authenticated;
use crate::error::ApiError;
use crate::leads::store::{LEAD_COLUMNS, LeadRow};
use crate::leads::{activity, consent};
use crate::routes::users::load_users;
use crate::{api_keys, audit_log, invitations};

/// The table of an entity whose keys need no lead to decide who reads them.
pub(super) fn table_of(entity: SyncEntity) -> &'static str {
    match entity {
        SyncEntity::DncEntry => "dnc_numbers",
        SyncEntity::User => "users",
        SyncEntity::Invitation => "invitations",
        SyncEntity::ApiKey => "api_keys",
        other => unreachable!("{other} is not keyed on its own"),
    }
}

pub(super) fn raw<T: Serialize>(value: &T) -> Result<Box<RawValue>, ApiError> {
    to_raw_value(value).map_err(|e| ApiError::Internal(e.into()))
}

/// The records of a page, by entity and row.
pub(super) struct PageData(HashMap<(SyncEntity, RowId), Box<RawValue>>);

impl PageData {
    /// The record of `key`, which the caller may read; none for a tombstone, a row the
    /// caller may no longer see, or one gone since its key was read.
    pub(super) fn take(&mut self, key: &RowKey) -> Option<Box<RawValue>> {
        if !key.visible {
            return None;
        }
        self.0.remove(&(key.entity, key.row))
    }
}

/// Reads the records of the visible `keys`.
pub(super) async fn load(auth: &mut Authenticated, keys: &[RowKey]) -> Result<PageData, ApiError> {
    let mut wanted: HashMap<SyncEntity, Vec<RowId>> = HashMap::new();
    for key in keys.iter().filter(|k| k.visible) {
        wanted.entry(key.entity).or_default().push(key.row);
    }
    let mut data = HashMap::with_capacity(keys.len());
    for (entity, rows) in wanted {
        for (row, record) in records(auth, entity, &rows).await? {
            data.insert((entity, row), record);
        }
    }
    Ok(PageData(data))
}

async fn records(
    auth: &mut Authenticated,
    entity: SyncEntity,
    rows: &[RowId],
) -> Result<Vec<(RowId, Box<RawValue>)>, ApiError> {
    let ids: Vec<Uuid> = rows
        .iter()
        .filter_map(|row| match row {
            RowId::Uuid(id) => Some(*id),
            RowId::Seq(_) => None,
        })
        .collect();
    let by_id = |id: Uuid, record: Result<Box<RawValue>, ApiError>| Ok((RowId::Uuid(id), record?));
    let tx = &mut auth.tx;
    match entity {
        SyncEntity::Lead => {
            let rows: Vec<LeadRow> = sqlx::query_as(&format!(
                "select {LEAD_COLUMNS} from leads where tenant_id = $1 and id = any($2)"
            ))
            .bind(tx.tenant_id().as_uuid())
            .bind(&ids)
            .fetch_all(tx.conn())
            .await?;
            rows.into_iter()
                .map(|row| by_id(row.id(), row.into_lead().and_then(|lead| raw(&lead))))
                .collect()
        }
        SyncEntity::Conflict => conflicts(auth, &ids)
            .await?
            .into_iter()
            .map(|conflict| by_id(conflict.id, raw(&conflict)))
            .collect(),
        SyncEntity::Consent => consent::entries(tx, None, &ids)
            .await?
            .into_iter()
            .map(|entry| by_id(entry.id, raw(&entry)))
            .collect(),
        SyncEntity::Conversation => activity::conversations(tx, None, &ids)
            .await?
            .into_iter()
            .map(|conversation| by_id(conversation.id, raw(&conversation)))
            .collect(),
        SyncEntity::Call => activity::calls(tx, None, &ids)
            .await?
            .into_iter()
            .map(|call| by_id(call.id, raw(&call)))
            .collect(),
        SyncEntity::DncEntry => consent::dnc_list(tx, Some(&ids))
            .await?
            .into_iter()
            .map(|entry| by_id(entry.id, raw(&entry)))
            .collect(),
        SyncEntity::User => load_users(tx, &ids)
            .await?
            .into_iter()
            .map(|user| by_id(user.id.as_uuid(), raw(&user)))
            .collect(),
        SyncEntity::Invitation => invitations::by_ids(tx, &ids)
            .await?
            .into_iter()
            .map(|invitation| by_id(invitation.id, invitation.summary().and_then(|s| raw(&s))))
            .collect(),
        SyncEntity::ApiKey => api_keys::by_ids(tx, &ids)
            .await?
            .into_iter()
            .map(|key| by_id(key.id.as_uuid(), raw(&key)))
            .collect(),
        SyncEntity::Settings => {
            let settings: Json<TenantSettings> =
                sqlx::query_scalar("select settings from tenant_settings where tenant_id = $1")
                    .bind(tx.tenant_id().as_uuid())
                    .fetch_one(tx.conn())
                    .await?;
            Ok(vec![by_id(tx.tenant_id().as_uuid(), raw(&settings.0))?])
        }
        SyncEntity::AuditEntry => {
            let seqs: Vec<i64> = rows
                .iter()
                .filter_map(|row| match row {
                    RowId::Seq(seq) => Some(*seq),
                    RowId::Uuid(_) => None,
                })
                .collect();
            audit_log::by_seqs(tx, &seqs)
                .await?
                .into_iter()
                .map(|entry| Ok((RowId::Seq(entry.seq), raw(&entry)?)))
                .collect()
        }
        SyncEntity::Tenant => Ok(Vec::new()),
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
