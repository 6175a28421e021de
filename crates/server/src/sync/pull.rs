//! Building a pull page: every synced table's rows after the cursor, merged in cursor
//! order, filtered by what the caller may read, and cut at a row and a byte budget.
//!
//! The page is bounded above by the tenant clock read at its start. Every version up to
//! that value has committed (writers take versions under the clock's row lock, in commit
//! order), so the separate per-table statements below cannot see a later commit in one
//! table and miss it in another, and the cursor never passes a row it did not send.

use brokerdesk_core::ids::UserId;
use brokerdesk_core::permission::{Permission, allowed_in_support_session};
use brokerdesk_core::sync::pull::{Change, MAX_PAGE_BYTES, MAX_PAGE_ROWS, PullPage, PullQuery};
use brokerdesk_core::sync::{Cursor, SyncEntity, audit_entry_id};
use sqlx::Postgres;
use sqlx::postgres::PgArguments;
use sqlx::query::QueryAs;
use uuid::Uuid;

use super::pull_data::{self, raw};
use super::snapshot;
use crate::auth::Authenticated;
use crate::error::ApiError;
use crate::leads::activity;

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

/// One row of the change stream, before its data is read.
pub(super) struct RowKey {
    version: i64,
    pub(super) entity: SyncEntity,
    pub(super) row: RowId,
    /// False for a tombstone, and for a lead-bound row the caller may no longer read:
    /// either way the change goes without data, and the device drops its copy.
    pub(super) visible: bool,
}

/// A row's key in its own table. Within an entity these order as the cursor orders
/// their text (a uuid's lower-case hex orders as its bytes; audit sequence numbers are
/// zero-padded), so keys are merged without writing them out; only the page's are.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(super) enum RowId {
    Uuid(Uuid),
    Seq(i64),
}

impl RowId {
    fn text(self) -> String {
        match self {
            RowId::Uuid(id) => id.to_string(),
            RowId::Seq(seq) => audit_entry_id(seq),
        }
    }
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
    fn may_read(&self, entity: SyncEntity) -> bool {
        match entity {
            SyncEntity::User => self.users,
            SyncEntity::Invitation => self.invitations,
            SyncEntity::ApiKey => self.api_keys,
            SyncEntity::AuditEntry => self.audit,
            _ => true,
        }
    }

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
    // Keys first, from every table, so only the rows the page keeps have their data read
    // and encoded: with one entity filling many pages, the others would otherwise be read
    // a page at a time for nothing. One more than a page from each table tells whether
    // anything is left over.
    let fetch = limit as i64 + 1;
    let mut keys = Vec::new();
    for entity in KEYED_BY_ID {
        if reader.may_read(entity) {
            keys.extend(entity_keys(auth, &window, fetch, &reader, entity).await?);
        }
    }
    if reader.audit {
        keys.extend(audit_keys(auth, &window, fetch).await?);
    }
    keys.extend(settings_key(auth, &window).await?);
    keys.extend(tombstones(auth, &window, fetch).await?);
    keys.sort_unstable_by(|a, b| {
        (a.version, a.entity.as_str(), a.row).cmp(&(b.version, b.entity.as_str(), b.row))
    });
    let mut has_more = keys.len() > limit;
    keys.truncate(limit);

    let mut data = pull_data::load(auth, &keys).await?;
    let mut changes = Vec::with_capacity(keys.len());
    let mut bytes = 0;
    for key in keys {
        let data = data.take(&key);
        let size = CHANGE_OVERHEAD + data.as_ref().map_or(0, |d| d.get().len());
        if !changes.is_empty() && bytes + size > max_bytes {
            has_more = true;
            break;
        }
        bytes += size;
        changes.push(Change {
            entity: key.entity,
            id: key.row.text(),
            version: key.version,
            data,
        });
    }
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

/// The tables whose rows are keyed by a uuid `id`, in the order their keys are read.
const KEYED_BY_ID: [SyncEntity; 9] = [
    SyncEntity::Lead,
    SyncEntity::Conflict,
    SyncEntity::Consent,
    SyncEntity::Conversation,
    SyncEntity::Call,
    SyncEntity::DncEntry,
    SyncEntity::User,
    SyncEntity::Invitation,
    SyncEntity::ApiKey,
];

/// The keys of one uuid-keyed table after the window. Lead-bound rows (a lead, its
/// conflicts and sub-records) go only to those who may read the lead; for a caller who
/// may not read every lead, each key carries the lead's agent, which decides whether the
/// caller gets the row or the order to drop its copy. (Those who read every lead need no
/// join to the leads, and their key reads stay on the version indexes alone.)
async fn entity_keys(
    auth: &mut Authenticated,
    window: &Window,
    fetch: i64,
    reader: &Reader,
    entity: SyncEntity,
) -> Result<Vec<RowKey>, ApiError> {
    let lead_column = match entity {
        SyncEntity::Lead => Some("id"),
        SyncEntity::Conflict => Some("entity_id"),
        SyncEntity::Consent | SyncEntity::Conversation | SyncEntity::Call => Some("lead_id"),
        _ => None,
    };
    let table = match entity {
        SyncEntity::Lead => "leads",
        SyncEntity::Conflict => "sync_conflicts",
        SyncEntity::Consent | SyncEntity::Conversation | SyncEntity::Call => {
            activity::table_of(entity)
        }
        other => pull_data::table_of(other),
    };
    let (join, agent) = match lead_column {
        _ if reader.all_leads => (String::new(), "null::uuid"),
        None => (String::new(), "null::uuid"),
        Some("id") => (String::new(), "s.assigned_agent"),
        // A conflict may be on a member or the settings, whose ids name no lead.
        Some("entity_id") => (
            "left join leads l on s.entity = 'lead' and l.tenant_id = s.tenant_id and l.id = s.entity_id".to_owned(),
            "l.assigned_agent",
        ),
        Some(column) => (
            format!("left join leads l on l.tenant_id = s.tenant_id and l.id = s.{column}"),
            "l.assigned_agent",
        ),
    };
    // A conflict's record kind decides who may read it (see `conflict_visible`).
    let kind = if entity == SyncEntity::Conflict {
        "s.entity"
    } else {
        "null::text"
    };
    let rows: Vec<(i64, Uuid, Option<Uuid>, Option<String>)> = sqlx::query_as(&format!(
        "select s.version, s.id, {agent}, {kind} from {table} s {join}
          where {} order by s.version, s.id limit $5",
        window_condition("s.", "s.id")
    ))
    .bind_window(auth, window, window.floor(entity)?)
    .bind(fetch)
    .fetch_all(auth.tx.conn())
    .await?;
    let reads_lead = |agent: Option<Uuid>| reader.all_leads || agent == Some(reader.user.as_uuid());
    Ok(rows
        .into_iter()
        .map(|(version, id, agent, kind)| RowKey {
            version,
            entity,
            row: RowId::Uuid(id),
            visible: match (entity, lead_column) {
                (SyncEntity::Conflict, _) => {
                    conflict_visible(reader, kind.as_deref(), reads_lead(agent))
                }
                (_, None) => true,
                (_, Some(_)) => reads_lead(agent),
            },
        })
        .collect())
}

/// A conflict quotes its record's values, so it goes to those who can read the record:
/// a lead's to those who can read the lead, a member's to those who see the members,
/// the settings' to everyone (every member reads the settings).
fn conflict_visible(reader: &Reader, kind: Option<&str>, reads_lead: bool) -> bool {
    match kind.and_then(|k| k.parse::<SyncEntity>().ok()) {
        Some(SyncEntity::Lead) => reads_lead,
        Some(SyncEntity::User) => reader.users,
        Some(SyncEntity::Settings) => true,
        _ => false,
    }
}

async fn audit_keys(
    auth: &mut Authenticated,
    window: &Window,
    fetch: i64,
) -> Result<Vec<RowKey>, ApiError> {
    let rows: Vec<(i64, i64)> = sqlx::query_as(&format!(
        "select version, seq from audit_entries where {} order by version, seq limit $5",
        window_condition("", "seq")
    ))
    .bind_window(auth, window, window.floor(SyncEntity::AuditEntry)?)
    .bind(fetch)
    .fetch_all(auth.tx.conn())
    .await?;
    Ok(rows
        .into_iter()
        .map(|(version, seq)| RowKey {
            version,
            entity: SyncEntity::AuditEntry,
            row: RowId::Seq(seq),
            visible: true,
        })
        .collect())
}

/// The tenant's one settings row, keyed by the tenant id.
async fn settings_key(auth: &mut Authenticated, window: &Window) -> Result<Vec<RowKey>, ApiError> {
    let version: Option<(i64,)> = sqlx::query_as(&format!(
        "select version from tenant_settings where {}",
        window_condition("", "tenant_id")
    ))
    .bind_window(auth, window, window.floor(SyncEntity::Settings)?)
    .fetch_optional(auth.tx.conn())
    .await?;
    let tenant = auth.tx.tenant_id();
    Ok(version
        .map(|(version,)| RowKey {
            version,
            entity: SyncEntity::Settings,
            row: RowId::Uuid(tenant.as_uuid()),
            visible: true,
        })
        .into_iter()
        .collect())
}

async fn tombstones(
    auth: &mut Authenticated,
    window: &Window,
    fetch: i64,
) -> Result<Vec<RowKey>, ApiError> {
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
            Some(RowKey {
                version,
                entity,
                row: RowId::Uuid(id),
                visible: false,
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
