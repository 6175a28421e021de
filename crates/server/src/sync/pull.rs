//! Building a pull page: every synced table's rows after the cursor, merged in cursor
//! order, filtered by what the caller may read, and cut at a row and a byte budget.
//!
//! The page is bounded above by the tenant clock read at its start. Every version up to
//! that value has committed (writers take versions under the clock's row lock, in commit
//! order), so the separate per-table statements below cannot see a later commit in one
//! table and miss it in another, and the cursor never passes a row it did not send.

use brokerdesk_core::ids::UserId;
use brokerdesk_core::permission::{Permission, allowed_in_support_session};
use brokerdesk_core::settings::TenantSettings;
use brokerdesk_core::sync::pull::{Change, MAX_PAGE_BYTES, MAX_PAGE_ROWS, PullPage, PullQuery};
use brokerdesk_core::sync::push::FieldConflict;
use brokerdesk_core::sync::{Cursor, SyncEntity, audit_entry_id};
use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::value::{RawValue, to_raw_value};
use sqlx::Postgres;
use sqlx::postgres::PgArguments;
use sqlx::query::QueryAs;
use sqlx::types::Json;
use std::collections::HashMap;
use uuid::Uuid;

use super::snapshot;
use crate::auth::Authenticated;
use crate::error::ApiError;
use crate::leads::store::{LEAD_COLUMNS, LeadRow};
use crate::leads::{activity, consent};
use crate::routes::users::load_users;
use crate::{api_keys, audit_log, invitations};

/// Bytes a change costs beyond its data, in the page budget (keys, id, version).
const CHANGE_OVERHEAD: usize = 96;

/// The part of the change stream one page may come from.
struct Window {
    after: Cursor,
    clock: i64,
}

/// Where a table's rows at the cursor's version start, in the table's own key type, so
/// the condition is a row comparison an index on (tenant_id, version, key) can range-scan.
#[derive(Clone, Copy)]
enum Floor {
    Uuid(Uuid),
    Seq(i64),
}

impl Window {
    /// Rows of `entity` at the cursor's version count only when their key is above the
    /// floor. Entities sorting before the cursor's entity have nothing left at that
    /// version (the floor is above every key); those after it have everything.
    fn floor(&self, entity: SyncEntity) -> Result<Floor, ApiError> {
        use std::cmp::Ordering::{Equal, Greater, Less};
        let unreadable = || {
            ApiError::validation(
                "invalid_cursor",
                "The sync cursor is not one this server gave.",
            )
        };
        let ordering = entity.as_str().cmp(self.after.entity.as_str());
        Ok(if entity == SyncEntity::AuditEntry {
            Floor::Seq(match ordering {
                Greater => 0,
                Equal => self.after.id.parse().map_err(|_| unreadable())?,
                Less => i64::MAX,
            })
        } else {
            Floor::Uuid(match ordering {
                Greater => Uuid::nil(),
                Equal => self.after.id.parse().map_err(|_| unreadable())?,
                Less => Uuid::max(),
            })
        })
    }
}

/// The SQL condition of `window` for a table (aliased `alias`, or "" for none) keyed by
/// `key`. Binds: $1 tenant, $2 clock, $3 cursor version, $4 the key's [`Floor`]. Keys
/// order as their text does in the merged page: uuids by bytes (lowercase hex), audit
/// sequence numbers by value (zero-padded text).
fn window_condition(alias: &str, key: &str) -> String {
    format!("{alias}tenant_id = $1 and {alias}version <= $2 and ({alias}version, {key}) > ($3, $4)")
}

/// Binds $1 to $4 of [`window_condition`].
trait BindWindow {
    fn bind_window(self, auth: &Authenticated, window: &Window, floor: Floor) -> Self;
}

impl<'q, O> BindWindow for QueryAs<'q, Postgres, O, PgArguments> {
    fn bind_window(self, auth: &Authenticated, window: &Window, floor: Floor) -> Self {
        let query = self
            .bind(auth.tx.tenant_id().as_uuid())
            .bind(window.clock)
            .bind(window.after.version);
        match floor {
            Floor::Uuid(id) => query.bind(id),
            Floor::Seq(seq) => query.bind(seq),
        }
    }
}

fn raw<T: Serialize>(value: &T) -> Result<Box<RawValue>, ApiError> {
    to_raw_value(value).map_err(|e| ApiError::Internal(e.into()))
}

/// What the caller may read, decided once per page from the permission matrix.
struct Reader {
    user: UserId,
    all_leads: bool,
    users: bool,
    invitations: bool,
    api_keys: bool,
    audit: bool,
}

impl Reader {
    fn of(auth: &Authenticated) -> Self {
        let role = auth.user.role;
        let allowed = |p: Permission| {
            role.can(p) && (auth.user.support.is_none() || allowed_in_support_session(p))
        };
        Self {
            user: auth.user.id,
            all_leads: allowed(Permission::ReadAllLeads),
            users: allowed(Permission::ViewUsers),
            invitations: allowed(Permission::ManageUsers),
            api_keys: allowed(Permission::ManageApiKeys),
            audit: allowed(Permission::ViewAuditTrail),
        }
    }
}

pub async fn page(auth: &mut Authenticated, query: &PullQuery) -> Result<PullPage, ApiError> {
    let limit = query.limit.unwrap_or(MAX_PAGE_ROWS).clamp(1, MAX_PAGE_ROWS) as usize;
    let max_bytes = query
        .max_bytes
        .unwrap_or(MAX_PAGE_BYTES)
        .clamp(1, MAX_PAGE_BYTES) as usize;
    let clock: i64 = sqlx::query_scalar("select version from tenant_clock where tenant_id = $1")
        .bind(auth.tx.tenant_id().as_uuid())
        .fetch_one(auth.tx.conn())
        .await?;
    let window = Window {
        after: query.cursor(),
        clock,
    };
    let reader = Reader::of(auth);
    // One more than a page from each source tells whether anything is left over.
    let fetch = limit as i64 + 1;
    let mut changes = leads(auth, &window, fetch, &reader).await?;
    changes.extend(conflicts(auth, &window, fetch, &reader).await?);
    for entity in activity::SUB_RECORDS {
        changes.extend(lead_sub_records(auth, &window, fetch, &reader, entity).await?);
    }
    changes.extend(dnc_entries(auth, &window, fetch).await?);
    if reader.users {
        changes.extend(by_id_table(auth, &window, fetch, SyncEntity::User).await?);
    }
    if reader.invitations {
        changes.extend(by_id_table(auth, &window, fetch, SyncEntity::Invitation).await?);
    }
    if reader.api_keys {
        changes.extend(by_id_table(auth, &window, fetch, SyncEntity::ApiKey).await?);
    }
    if reader.audit {
        changes.extend(audit_entries(auth, &window, fetch).await?);
    }
    changes.extend(settings(auth, &window).await?);
    changes.extend(tombstones(auth, &window, fetch).await?);
    changes.sort_unstable_by(|a, b| {
        (a.version, a.entity.as_str(), a.id.as_str()).cmp(&(
            b.version,
            b.entity.as_str(),
            b.id.as_str(),
        ))
    });

    let mut has_more = false;
    let mut bytes = 0;
    let mut kept = 0;
    for change in &changes {
        let size = CHANGE_OVERHEAD + change.data.as_ref().map_or(0, |d| d.get().len());
        if kept == limit || (kept > 0 && bytes + size > max_bytes) {
            has_more = true;
            break;
        }
        bytes += size;
        kept += 1;
    }
    changes.truncate(kept);
    let next = changes
        .last()
        .map_or_else(|| window.after.clone(), Change::cursor);
    let remaining = if query.with_remaining {
        Some(remaining(auth, &window, &reader).await?)
    } else {
        None
    };
    let tenant = if has_more {
        None
    } else {
        Some(raw(&snapshot::tenant(auth).await?)?)
    };
    Ok(PullPage {
        changes,
        next,
        has_more,
        clock,
        remaining,
        tenant,
    })
}

async fn leads(
    auth: &mut Authenticated,
    window: &Window,
    fetch: i64,
    reader: &Reader,
) -> Result<Vec<Change>, ApiError> {
    let rows: Vec<LeadRow> = sqlx::query_as(&format!(
        "select {LEAD_COLUMNS} from leads where {} order by version, id limit $5",
        window_condition("", "id")
    ))
    .bind_window(auth, window, window.floor(SyncEntity::Lead)?)
    .bind(fetch)
    .fetch_all(auth.tx.conn())
    .await?;
    let mut changes = Vec::with_capacity(rows.len());
    for row in rows {
        let visible = reader.all_leads || row.assigned_agent() == Some(reader.user.as_uuid());
        let (id, version) = (row.id().to_string(), row.version);
        let data = if visible {
            Some(raw(&row.into_lead()?)?)
        } else {
            None
        };
        changes.push(Change {
            entity: SyncEntity::Lead,
            id,
            version,
            data,
        });
    }
    Ok(changes)
}

/// A conflict quotes its record's values, so it goes to those who can read the record:
/// a lead's to those who can read the lead, a member's to those who see the members,
/// the settings' to everyone (every member reads the settings).
async fn conflicts(
    auth: &mut Authenticated,
    window: &Window,
    fetch: i64,
    reader: &Reader,
) -> Result<Vec<Change>, ApiError> {
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
        i64,
        Option<Uuid>,
    );
    let rows: Vec<Row> = sqlx::query_as(&format!(
        "select c.id, c.entity, c.entity_id, c.field, c.overwritten_value, c.overwritten_version,
                c.winning_value, c.mutation_id, c.resolved_by, c.created_at, c.version,
                l.assigned_agent
           from sync_conflicts c
           left join leads l on c.entity = 'lead' and l.tenant_id = c.tenant_id and l.id = c.entity_id
          where {} order by c.version, c.id limit $5",
        window_condition("c.", "c.id")
    ))
    .bind_window(auth, window, window.floor(SyncEntity::Conflict)?)
    .bind(fetch)
    .fetch_all(auth.tx.conn())
    .await?;
    let mut changes = Vec::with_capacity(rows.len());
    for row in rows {
        let (id, entity, entity_id, field, before, before_version, after, mutation_id) =
            (row.0, row.1, row.2, row.3, row.4, row.5, row.6, row.7);
        let entity: SyncEntity =
            entity
                .parse()
                .map_err(|e: brokerdesk_core::sync::UnknownEntity| {
                    ApiError::Internal(anyhow::anyhow!(e.to_string()))
                })?;
        let visible = match entity {
            SyncEntity::Lead => reader.all_leads || row.11 == Some(reader.user.as_uuid()),
            SyncEntity::User => reader.users,
            SyncEntity::Settings => true,
            _ => false,
        };
        let data = if visible {
            Some(raw(&FieldConflict {
                id,
                entity,
                entity_id: entity_id.to_string(),
                field,
                overwritten_value: before.0,
                overwritten_version: before_version,
                winning_value: after.0,
                mutation_id,
                resolved_by: row.8,
                created_at: row.9,
            })?)
        } else {
            None
        };
        changes.push(Change {
            entity: SyncEntity::Conflict,
            id: id.to_string(),
            version: row.10,
            data,
        });
    }
    Ok(changes)
}

/// A lead's consent entries, conversations or calls: they go to those who can read the
/// lead, and as "drop it" to those who cannot (the lead was reassigned away).
async fn lead_sub_records(
    auth: &mut Authenticated,
    window: &Window,
    fetch: i64,
    reader: &Reader,
    entity: SyncEntity,
) -> Result<Vec<Change>, ApiError> {
    let keys: Vec<(i64, Uuid, Option<Uuid>)> = sqlx::query_as(&format!(
        "select s.version, s.id, l.assigned_agent from {} s
           left join leads l on l.tenant_id = s.tenant_id and l.id = s.lead_id
          where {} order by s.version, s.id limit $5",
        activity::table_of(entity),
        window_condition("s.", "s.id")
    ))
    .bind_window(auth, window, window.floor(entity)?)
    .bind(fetch)
    .fetch_all(auth.tx.conn())
    .await?;
    let visible: Vec<Uuid> = keys
        .iter()
        .filter(|(_, _, agent)| reader.all_leads || *agent == Some(reader.user.as_uuid()))
        .map(|(_, id, _)| *id)
        .collect();
    let mut data: HashMap<Uuid, Box<RawValue>> = HashMap::with_capacity(visible.len());
    if !visible.is_empty() {
        let tx = &mut auth.tx;
        match entity {
            SyncEntity::Consent => {
                for entry in consent::entries(tx, None, &visible).await? {
                    data.insert(entry.id, raw(&entry)?);
                }
            }
            SyncEntity::Conversation => {
                for conversation in activity::conversations(tx, None, &visible).await? {
                    data.insert(conversation.id, raw(&conversation)?);
                }
            }
            _ => {
                for call in activity::calls(tx, None, &visible).await? {
                    data.insert(call.id, raw(&call)?);
                }
            }
        }
    }
    Ok(keys
        .into_iter()
        .map(|(version, id, _)| Change {
            entity,
            id: id.to_string(),
            version,
            data: data.remove(&id),
        })
        .collect())
}

/// The do-not-call list: every member who works leads needs it to know whom not to call.
async fn dnc_entries(
    auth: &mut Authenticated,
    window: &Window,
    fetch: i64,
) -> Result<Vec<Change>, ApiError> {
    let keys: Vec<(i64, Uuid)> = sqlx::query_as(&format!(
        "select version, id from dnc_numbers where {} order by version, id limit $5",
        window_condition("", "id")
    ))
    .bind_window(auth, window, window.floor(SyncEntity::DncEntry)?)
    .bind(fetch)
    .fetch_all(auth.tx.conn())
    .await?;
    let ids: Vec<Uuid> = keys.iter().map(|(_, id)| *id).collect();
    let mut data: HashMap<Uuid, Box<RawValue>> = HashMap::with_capacity(ids.len());
    for entry in consent::dnc_list(&mut auth.tx, Some(&ids)).await? {
        data.insert(entry.id, raw(&entry)?);
    }
    Ok(keys
        .into_iter()
        .map(|(version, id)| Change {
            entity: SyncEntity::DncEntry,
            id: id.to_string(),
            version,
            data: data.remove(&id),
        })
        .collect())
}

/// Tables keyed by a uuid `id` whose records other modules already know how to load.
async fn by_id_table(
    auth: &mut Authenticated,
    window: &Window,
    fetch: i64,
    entity: SyncEntity,
) -> Result<Vec<Change>, ApiError> {
    let table = match entity {
        SyncEntity::User => "users",
        SyncEntity::Invitation => "invitations",
        _ => "api_keys",
    };
    let keys: Vec<(i64, Uuid)> = sqlx::query_as(&format!(
        "select version, id from {table} where {} order by version, id limit $5",
        window_condition("", "id")
    ))
    .bind_window(auth, window, window.floor(entity)?)
    .bind(fetch)
    .fetch_all(auth.tx.conn())
    .await?;
    let ids: Vec<Uuid> = keys.iter().map(|(_, id)| *id).collect();
    let mut data: HashMap<Uuid, Box<RawValue>> = HashMap::with_capacity(ids.len());
    match entity {
        SyncEntity::User => {
            for user in load_users(&mut auth.tx, &ids).await? {
                data.insert(user.id.as_uuid(), raw(&user)?);
            }
        }
        SyncEntity::Invitation => {
            for invitation in invitations::by_ids(&mut auth.tx, &ids).await? {
                data.insert(invitation.id, raw(&invitation.summary()?)?);
            }
        }
        _ => {
            for key in api_keys::by_ids(&mut auth.tx, &ids).await? {
                data.insert(key.id.as_uuid(), raw(&key)?);
            }
        }
    }
    Ok(keys
        .into_iter()
        .map(|(version, id)| Change {
            entity,
            id: id.to_string(),
            version,
            data: data.remove(&id),
        })
        .collect())
}

async fn audit_entries(
    auth: &mut Authenticated,
    window: &Window,
    fetch: i64,
) -> Result<Vec<Change>, ApiError> {
    let keys: Vec<(i64, i64)> = sqlx::query_as(&format!(
        "select version, seq from audit_entries where {} order by version, seq limit $5",
        window_condition("", "seq")
    ))
    .bind_window(auth, window, window.floor(SyncEntity::AuditEntry)?)
    .bind(fetch)
    .fetch_all(auth.tx.conn())
    .await?;
    let seqs: Vec<i64> = keys.iter().map(|(_, seq)| *seq).collect();
    let mut entries: HashMap<i64, Box<RawValue>> = HashMap::with_capacity(seqs.len());
    for entry in audit_log::by_seqs(&mut auth.tx, &seqs).await? {
        entries.insert(entry.seq, raw(&entry)?);
    }
    Ok(keys
        .into_iter()
        .map(|(version, seq)| Change {
            entity: SyncEntity::AuditEntry,
            id: audit_entry_id(seq),
            version,
            data: entries.remove(&seq),
        })
        .collect())
}

/// The tenant's one settings row, keyed by the tenant id.
async fn settings(auth: &mut Authenticated, window: &Window) -> Result<Vec<Change>, ApiError> {
    let row: Option<(i64, Json<TenantSettings>)> = sqlx::query_as(&format!(
        "select version, settings from tenant_settings where {}",
        window_condition("", "tenant_id")
    ))
    .bind_window(auth, window, window.floor(SyncEntity::Settings)?)
    .fetch_optional(auth.tx.conn())
    .await?;
    row.map(|(version, Json(settings))| {
        Ok(Change {
            entity: SyncEntity::Settings,
            id: auth.tx.tenant_id().to_string(),
            version,
            data: Some(raw(&settings)?),
        })
    })
    .into_iter()
    .collect()
}

async fn tombstones(
    auth: &mut Authenticated,
    window: &Window,
    fetch: i64,
) -> Result<Vec<Change>, ApiError> {
    let rows: Vec<(String, Uuid, i64)> = sqlx::query_as(
        "select entity, id, version from sync_tombstones
          where tenant_id = $1 and version <= $2
            and (version > $3 or (version = $3 and (entity collate \"C\" > $4
                 or (entity = $4 and id::text collate \"C\" > $5))))
          order by version, entity collate \"C\", id limit $6",
    )
    .bind(auth.tx.tenant_id().as_uuid())
    .bind(window.clock)
    .bind(window.after.version)
    .bind(&window.after.entity)
    .bind(&window.after.id)
    .bind(fetch)
    .fetch_all(auth.tx.conn())
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(entity, id, version)| {
            // A tombstone of something this build does not sync has nothing to drop.
            let entity = entity.parse().ok()?;
            Some(Change {
                entity,
                id: id.to_string(),
                version,
                data: None,
            })
        })
        .collect())
}

/// How many changes wait after the cursor, for the progress bar. Counted per table with
/// the same windows as the page, so it is exact for a pull that starts now.
async fn remaining(
    auth: &mut Authenticated,
    window: &Window,
    reader: &Reader,
) -> Result<u64, ApiError> {
    let mut tables: Vec<(&str, &str, SyncEntity)> = vec![
        ("leads", "id", SyncEntity::Lead),
        ("sync_conflicts", "id", SyncEntity::Conflict),
        ("tenant_settings", "tenant_id", SyncEntity::Settings),
        ("dnc_numbers", "id", SyncEntity::DncEntry),
    ];
    for entity in activity::SUB_RECORDS {
        tables.push((activity::table_of(entity), "id", entity));
    }
    if reader.users {
        tables.push(("users", "id", SyncEntity::User));
    }
    if reader.invitations {
        tables.push(("invitations", "id", SyncEntity::Invitation));
    }
    if reader.api_keys {
        tables.push(("api_keys", "id", SyncEntity::ApiKey));
    }
    if reader.audit {
        tables.push(("audit_entries", "seq", SyncEntity::AuditEntry));
    }
    let mut total = 0i64;
    for (table, id_expr, entity) in tables {
        let (n,): (i64,) = sqlx::query_as(&format!(
            "select count(*) from {table} where {}",
            window_condition("", id_expr)
        ))
        .bind_window(auth, window, window.floor(entity)?)
        .fetch_one(auth.tx.conn())
        .await?;
        total += n;
    }
    let tombstones: i64 = sqlx::query_scalar(
        "select count(*) from sync_tombstones where tenant_id = $1 and version <= $2 and version >= $3",
    )
    .bind(auth.tx.tenant_id().as_uuid())
    .bind(window.clock)
    .bind(window.after.version)
    .fetch_one(auth.tx.conn())
    .await?;
    Ok((total + tombstones).max(0) as u64)
}
