//! Field-level merge, for every entity edited through sync (leads, members, settings).
//!
//! Each field a write sets is stamped with the version (and device) that wrote it. A
//! push names the version its device had seen: a field nobody else wrote since then
//! merges cleanly; a field someone else changed meanwhile is still overwritten (the later
//! write wins), and the value it had is recorded as a conflict that every device which
//! may read the record pulls.

use brokerdesk_core::sync::SyncEntity;
use brokerdesk_core::sync::push::FieldConflict;
use chrono::Utc;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;
use uuid::Uuid;

use crate::auth::Authenticated;
use crate::db::TenantTx;
use crate::error::ApiError;

/// Where a write comes from, for conflict detection: a device pushing its outbox (with
/// the version its edit was based on), or a direct request that sees the latest state.
#[derive(Clone, Copy, Debug)]
pub struct WriteOrigin {
    pub device: Option<Uuid>,
    pub base_version: Option<i64>,
    pub mutation_id: Option<Uuid>,
}

impl WriteOrigin {
    pub const DIRECT: WriteOrigin = WriteOrigin {
        device: None,
        base_version: None,
        mutation_id: None,
    };
}

/// Who last wrote a field: the version, and the device when the write came by sync.
/// A push does not conflict with what its own device wrote.
#[derive(Clone, Copy, Debug, Serialize, Deserialize)]
pub struct FieldStamp {
    #[serde(rename = "v")]
    pub version: i64,
    #[serde(rename = "d", default)]
    pub device: Option<Uuid>,
}

pub type FieldStamps = BTreeMap<String, FieldStamp>;

/// Stamps `fields` as written at `version` by `device`.
pub fn stamp<'a>(
    stamps: &mut FieldStamps,
    fields: impl IntoIterator<Item = &'a str>,
    version: i64,
    device: Option<Uuid>,
) {
    for field in fields {
        stamps.insert(field.to_owned(), FieldStamp { version, device });
    }
}

/// What a write does to one field of a record.
pub struct FieldWrite<'a> {
    pub field: &'a str,
    pub before: Value,
    pub after: Value,
}

/// The record a write lands on, and who makes it.
pub struct Target {
    pub entity: SyncEntity,
    pub entity_id: String,
    pub origin: WriteOrigin,
    /// `user:<id>` or the like, as the conflict names the winner.
    pub resolved_by: String,
}

impl Target {
    /// A record a signed-in member writes.
    pub fn by_member(
        auth: &Authenticated,
        entity: SyncEntity,
        entity_id: String,
        origin: WriteOrigin,
    ) -> Self {
        Self {
            entity,
            entity_id,
            origin,
            resolved_by: format!("user:{}", auth.user.id),
        }
    }
}

/// A record's fields by wire name, as a write compares them before and after.
pub fn fields_of<T: Serialize>(record: &T) -> serde_json::Map<String, Value> {
    match serde_json::to_value(record) {
        Ok(Value::Object(fields)) => fields,
        _ => serde_json::Map::new(),
    }
}

/// A write of `fields` that takes `before` to `after` (each by wire name): returns the
/// values it overwrites that someone else changed after the writer's base version, and
/// stamps the fields as written now, by the writer's device.
pub fn write_fields(
    target: &Target,
    stamps: &mut FieldStamps,
    fields: &[&str],
    before: &serde_json::Map<String, Value>,
    after: &serde_json::Map<String, Value>,
    version: i64,
) -> Vec<FieldConflict> {
    let value = |record: &serde_json::Map<String, Value>, field: &str| {
        record.get(field).cloned().unwrap_or(Value::Null)
    };
    let writes = fields
        .iter()
        .map(|&field| FieldWrite {
            field,
            before: value(before, field),
            after: value(after, field),
        })
        .collect();
    let conflicts = overwritten(target, stamps, writes);
    stamp(
        stamps,
        fields.iter().copied(),
        version,
        target.origin.device,
    );
    conflicts
}

/// The values `writes` overwrite although another device (or a direct request) changed
/// them after the version the writer had seen.
pub fn overwritten(
    target: &Target,
    stamps: &FieldStamps,
    writes: Vec<FieldWrite<'_>>,
) -> Vec<FieldConflict> {
    let origin = target.origin;
    let mut conflicts = Vec::new();
    for write in writes {
        let stamp = stamps.get(write.field).copied();
        // No stamp: untouched since the record was bulk-loaded, before any device saw it.
        let last_written = stamp.map_or(0, |s| s.version);
        let same_device = origin.device.is_some() && stamp.and_then(|s| s.device) == origin.device;
        let stale = origin.base_version.is_some_and(|base| last_written > base);
        if stale && !same_device && write.before != write.after {
            conflicts.push(FieldConflict {
                id: Uuid::now_v7(),
                entity: target.entity,
                entity_id: target.entity_id.clone(),
                field: write.field.to_owned(),
                overwritten_value: write.before,
                overwritten_version: last_written,
                winning_value: write.after,
                mutation_id: origin.mutation_id.unwrap_or_else(Uuid::nil),
                resolved_by: target.resolved_by.clone(),
                created_at: Utc::now(),
            });
        }
    }
    conflicts
}

/// Keeps conflicts, at `version`, for every device that may read their record to pull.
pub async fn record(
    tx: &mut TenantTx,
    conflicts: &[FieldConflict],
    version: i64,
) -> Result<(), ApiError> {
    for conflict in conflicts {
        record_one(tx, conflict, version).await?;
    }
    Ok(())
}

async fn record_one(
    tx: &mut TenantTx,
    conflict: &FieldConflict,
    version: i64,
) -> Result<(), ApiError> {
    sqlx::query(
        "insert into sync_conflicts (tenant_id, id, entity, entity_id, field, overwritten_value,
             overwritten_version, winning_value, mutation_id, resolved_by, created_at, version)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
    )
    .bind(tx.tenant_id().as_uuid())
    .bind(conflict.id)
    .bind(conflict.entity.as_str())
    .bind(Uuid::parse_str(&conflict.entity_id).map_err(|e| ApiError::Internal(e.into()))?)
    .bind(&conflict.field)
    .bind(sqlx::types::Json(&conflict.overwritten_value))
    .bind(conflict.overwritten_version)
    .bind(sqlx::types::Json(&conflict.winning_value))
    .bind(conflict.mutation_id)
    .bind(&conflict.resolved_by)
    .bind(conflict.created_at)
    .bind(version)
    .execute(tx.conn())
    .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn target(device: Option<Uuid>, base: Option<i64>) -> Target {
        Target {
            entity: SyncEntity::Settings,
            entity_id: Uuid::nil().to_string(),
            origin: WriteOrigin {
                device,
                base_version: base,
                mutation_id: Some(Uuid::now_v7()),
            },
            resolved_by: "user:x".into(),
        }
    }

    fn write(field: &str, before: Value, after: Value) -> FieldWrite<'_> {
        FieldWrite {
            field,
            before,
            after,
        }
    }

    #[test]
    fn only_a_stale_changed_field_of_another_writer_is_a_conflict() {
        let (mine, theirs) = (Uuid::new_v4(), Uuid::new_v4());
        let mut stamps = FieldStamps::new();
        stamp(&mut stamps, ["timezone", "locale"], 7, Some(theirs));
        stamp(&mut stamps, ["tcpa"], 8, Some(mine));
        let writes = || {
            vec![
                write("timezone", json!("UTC"), json!("America/Chicago")),
                write("locale", json!("en-US"), json!("en-US")),
                write("tcpa", json!(1), json!(2)),
                write("branding", json!(1), json!(2)),
            ]
        };
        let conflicts = overwritten(&target(Some(mine), Some(5)), &stamps, writes());
        assert_eq!(conflicts.len(), 1, "{conflicts:?}");
        assert_eq!(conflicts[0].field, "timezone");
        assert_eq!(conflicts[0].overwritten_value, json!("UTC"));
        assert_eq!(conflicts[0].overwritten_version, 7);
        assert!(overwritten(&target(Some(mine), Some(7)), &stamps, writes()).is_empty());
        assert!(overwritten(&target(None, None), &stamps, writes()).is_empty());
    }
}
