//! The one trait a domain implements to sync an entity, and what the engine hands it.
//!
//! Pull and push know no domain: they loop over the [`SyncSources`] the composition root
//! registers. A source says which entity it serves, who may read it, which of its rows
//! fall in a cursor window, how to load rows by key, and how to apply a pushed mutation.
//! A plain table needs only [`SyncSource::entity`], [`SyncSource::table`],
//! [`SyncSource::readable`] and [`SyncSource::load`]; the rest have defaults.

use async_trait::async_trait;
use brokerdesk_core::ids::UserId;
use brokerdesk_core::permission::{Permission, allowed_in_support_session};
use brokerdesk_core::sync::push::{Mutation, MutationOp, MutationOutcome};
use brokerdesk_core::sync::{Cursor, SyncEntity, TenantSnapshot, audit_entry_id};
use serde::Serialize;
use serde_json::value::{RawValue, to_raw_value};
use sqlx::Postgres;
use sqlx::postgres::PgArguments;
use sqlx::query::QueryAs;
use std::collections::HashSet;
use std::sync::Arc;
use uuid::Uuid;

use super::conflicts::ConflictSource;
use super::merge::WriteOrigin;
use crate::auth::Authenticated;
use crate::error::ApiError;

/// How a table keys its rows: by a uuid `id` (or the tenant id, for one-row tables), or
/// by a sequence number (the audit trail).
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum KeyKind {
    Uuid,
    Seq,
}

/// Where a synced table's rows live, for the default window queries.
pub struct Table {
    pub name: &'static str,
    /// The key column: `id`, `seq`, or `tenant_id` for a table of one row per tenant.
    pub key: &'static str,
    pub kind: KeyKind,
}

impl Table {
    /// A table keyed by a uuid `id`.
    pub const fn by_id(name: &'static str) -> Self {
        Self {
            name,
            key: "id",
            kind: KeyKind::Uuid,
        }
    }
}

/// A row's key in its own table. Within an entity these order as the cursor orders
/// their text (a uuid's lower-case hex orders as its bytes; audit sequence numbers are
/// zero-padded), so keys are merged without writing them out; only the page's are.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RowId {
    Uuid(Uuid),
    Seq(i64),
}

impl RowId {
    pub(super) fn text(self) -> String {
        match self {
            RowId::Uuid(id) => id.to_string(),
            RowId::Seq(seq) => audit_entry_id(seq),
        }
    }

    /// The uuids among `rows`.
    pub fn uuids(rows: &[RowId]) -> Vec<Uuid> {
        rows.iter()
            .filter_map(|row| match row {
                RowId::Uuid(id) => Some(*id),
                RowId::Seq(_) => None,
            })
            .collect()
    }

    /// The sequence numbers among `rows`.
    pub fn seqs(rows: &[RowId]) -> Vec<i64> {
        rows.iter()
            .filter_map(|row| match row {
                RowId::Seq(seq) => Some(*seq),
                RowId::Uuid(_) => None,
            })
            .collect()
    }
}

/// One row of the change stream, before its data is read.
pub struct RowKey {
    pub version: i64,
    pub entity: SyncEntity,
    pub row: RowId,
    /// False for a tombstone, and for a row the caller may no longer read (a lead
    /// reassigned away): either way the change goes without data, and the device drops
    /// its copy.
    pub visible: bool,
}

/// The part of the change stream one page may come from: after the cursor, up to the
/// tenant clock read at the page's start.
pub struct Window {
    pub(super) after: Cursor,
    pub(super) clock: i64,
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
    fn floor(&self, entity: SyncEntity, kind: KeyKind) -> Result<Floor, ApiError> {
        use std::cmp::Ordering::{Equal, Greater, Less};
        let unreadable = || {
            ApiError::validation(
                "invalid_cursor",
                "The sync cursor is not one this server gave.",
            )
        };
        let ordering = entity.as_str().cmp(self.after.entity.as_str());
        Ok(match kind {
            KeyKind::Seq => Floor::Seq(match ordering {
                Greater => 0,
                Equal => self.after.id.parse().map_err(|_| unreadable())?,
                Less => i64::MAX,
            }),
            KeyKind::Uuid => Floor::Uuid(match ordering {
                Greater => Uuid::nil(),
                Equal => self.after.id.parse().map_err(|_| unreadable())?,
                Less => Uuid::max(),
            }),
        })
    }

    /// The SQL condition of the window for a table (aliased `alias`, or "" for none)
    /// keyed by `key`. Binds: $1 tenant, $2 clock, $3 cursor version, $4 the key's floor
    /// (see [`Window::bind`]). Keys order as their text does in the merged page.
    pub fn condition(alias: &str, key: &str) -> String {
        format!(
            "{alias}tenant_id = $1 and {alias}version <= $2 and ({alias}version, {key}) > ($3, $4)"
        )
    }

    /// Binds $1 to $4 of [`Window::condition`] for `entity`'s rows.
    pub fn bind<'q, O>(
        &self,
        query: QueryAs<'q, Postgres, O, PgArguments>,
        auth: &Authenticated,
        entity: SyncEntity,
        kind: KeyKind,
    ) -> Result<QueryAs<'q, Postgres, O, PgArguments>, ApiError> {
        let query = query
            .bind(auth.tx.tenant_id().as_uuid())
            .bind(self.clock)
            .bind(self.after.version);
        Ok(match self.floor(entity, kind)? {
            Floor::Uuid(id) => query.bind(id),
            Floor::Seq(seq) => query.bind(seq),
        })
    }

    /// At most `fetch` keys of `table`'s rows in the window, in cursor order, all
    /// visible: the keys of a table whose rows everyone who reads the entity may read.
    pub async fn table_keys(
        &self,
        auth: &mut Authenticated,
        entity: SyncEntity,
        table: &Table,
        fetch: i64,
    ) -> Result<Vec<RowKey>, ApiError> {
        let sql = format!(
            "select version, {key} from {name} where {} order by version, {key} limit $5",
            Window::condition("", table.key),
            key = table.key,
            name = table.name,
        );
        let rows: Vec<(i64, RowId)> = match table.kind {
            KeyKind::Uuid => {
                let query = self.bind(sqlx::query_as(&sql), auth, entity, table.kind)?;
                let rows: Vec<(i64, Uuid)> = query.bind(fetch).fetch_all(auth.tx.conn()).await?;
                rows.into_iter()
                    .map(|(v, id)| (v, RowId::Uuid(id)))
                    .collect()
            }
            KeyKind::Seq => {
                let query = self.bind(sqlx::query_as(&sql), auth, entity, table.kind)?;
                let rows: Vec<(i64, i64)> = query.bind(fetch).fetch_all(auth.tx.conn()).await?;
                rows.into_iter()
                    .map(|(v, seq)| (v, RowId::Seq(seq)))
                    .collect()
            }
        };
        Ok(rows
            .into_iter()
            .map(|(version, row)| RowKey {
                version,
                entity,
                row,
                visible: true,
            })
            .collect())
    }

    /// How many of `table`'s rows are in the window.
    pub async fn count(
        &self,
        auth: &mut Authenticated,
        entity: SyncEntity,
        table: &Table,
    ) -> Result<i64, ApiError> {
        let sql = format!(
            "select count(*) from {} where {}",
            table.name,
            Window::condition("", table.key)
        );
        let query = self.bind(sqlx::query_as(&sql), auth, entity, table.kind)?;
        let (n,): (i64,) = query.fetch_one(auth.tx.conn()).await?;
        Ok(n)
    }
}

/// Who is pulling, and what the permission matrix lets them read; decided once per page.
pub struct Reader<'a> {
    pub user: UserId,
    auth_role: brokerdesk_core::role::Role,
    in_support_session: bool,
    sources: &'a SyncSources,
}

impl<'a> Reader<'a> {
    pub(super) fn of(auth: &Authenticated, sources: &'a SyncSources) -> Self {
        Self {
            user: auth.user.id,
            auth_role: auth.user.role,
            in_support_session: auth.user.support.is_some(),
            sources,
        }
    }

    /// Whether the caller holds `permission` (in a support session, only what support
    /// may do).
    pub fn may(&self, permission: Permission) -> bool {
        self.auth_role.can(permission)
            && (!self.in_support_session || allowed_in_support_session(permission))
    }

    /// Which of `ids`, records of `entity`, the caller may read.
    pub(super) async fn readable_rows(
        &self,
        auth: &mut Authenticated,
        entity: SyncEntity,
        ids: &[Uuid],
    ) -> Result<HashSet<Uuid>, ApiError> {
        match self.sources.get(entity) {
            Some(source) => source.readable_rows(auth, self, ids).await,
            None => Ok(HashSet::new()),
        }
    }
}

/// Serialises a record for a page.
pub fn raw<T: Serialize>(value: &T) -> Result<Box<RawValue>, ApiError> {
    to_raw_value(value).map_err(|e| ApiError::Internal(e.into()))
}

/// A record loaded for a page, under its key.
pub type Loaded = (RowId, Box<RawValue>);

/// Serialises records keyed by a uuid.
pub fn by_uuid<T: Serialize>(
    records: impl IntoIterator<Item = T>,
    id: impl Fn(&T) -> Uuid,
) -> Result<Vec<Loaded>, ApiError> {
    records
        .into_iter()
        .map(|record| Ok((RowId::Uuid(id(&record)), raw(&record)?)))
        .collect()
}

/// One synced entity, as its domain serves it to pull and push.
#[async_trait]
pub trait SyncSource: Send + Sync {
    /// The entity this source serves (one source per entity).
    fn entity(&self) -> SyncEntity;

    /// The table its rows and versions live in.
    fn table(&self) -> Table;

    /// Whether the caller receives this entity at all; [`SyncSource::keys`] may still hide
    /// rows one by one.
    fn readable(&self, reader: &Reader<'_>) -> bool;

    /// At most `fetch` keys of rows in the window, in cursor order (version, then key).
    async fn keys(
        &self,
        auth: &mut Authenticated,
        window: &Window,
        fetch: i64,
        _reader: &Reader<'_>,
    ) -> Result<Vec<RowKey>, ApiError> {
        window
            .table_keys(auth, self.entity(), &self.table(), fetch)
            .await
    }

    /// How many rows wait in the window, for the progress count; every row `keys` would
    /// return, hidden or not.
    async fn count(&self, auth: &mut Authenticated, window: &Window) -> Result<i64, ApiError> {
        window.count(auth, self.entity(), &self.table()).await
    }

    /// The records of `rows` (which the caller may read), in the shape the API returns
    /// them. A row gone since its key was read is left out.
    async fn load(&self, auth: &mut Authenticated, rows: &[RowId])
    -> Result<Vec<Loaded>, ApiError>;

    /// Which of `ids` the caller may read: a conflict on one of this entity's records
    /// goes only to those. By default, all of them when the entity is readable.
    async fn readable_rows(
        &self,
        _auth: &mut Authenticated,
        reader: &Reader<'_>,
        ids: &[Uuid],
    ) -> Result<HashSet<Uuid>, ApiError> {
        Ok(if self.readable(reader) {
            ids.iter().copied().collect()
        } else {
            HashSet::new()
        })
    }

    /// Applies a pushed mutation, through the operations (and checks) of the REST
    /// routes. By default the entity is not changed by sync.
    async fn apply(
        &self,
        _auth: &mut Authenticated,
        mutation: &Mutation,
        _origin: WriteOrigin,
    ) -> Result<MutationOutcome, ApiError> {
        Err(read_only(mutation))
    }
}

/// What the last page of a pull carries besides changes: the tenant's profile and plan.
#[async_trait]
pub trait TenantSnapshotSource: Send + Sync {
    async fn snapshot(&self, auth: &mut Authenticated) -> Result<TenantSnapshot, ApiError>;
}

/// The registered sources. Cheap to clone (shared).
#[derive(Clone)]
pub struct SyncSources(Arc<Registry>);

struct Registry {
    sources: Vec<Box<dyn SyncSource>>,
    snapshot: Box<dyn TenantSnapshotSource>,
}

impl SyncSources {
    /// The domains' sources, plus the engine's own (field conflicts).
    ///
    /// # Panics
    /// When two sources serve one entity: a registration mistake, caught at start-up.
    pub fn new(
        mut sources: Vec<Box<dyn SyncSource>>,
        snapshot: Box<dyn TenantSnapshotSource>,
    ) -> Self {
        sources.push(Box::new(ConflictSource));
        let mut seen = HashSet::new();
        for source in &sources {
            assert!(
                seen.insert(source.entity()),
                "two sync sources serve {}",
                source.entity()
            );
        }
        Self(Arc::new(Registry { sources, snapshot }))
    }

    pub fn iter(&self) -> impl Iterator<Item = &dyn SyncSource> {
        self.0.sources.iter().map(|source| source.as_ref())
    }

    pub fn get(&self, entity: SyncEntity) -> Option<&dyn SyncSource> {
        self.iter().find(|source| source.entity() == entity)
    }

    pub(super) fn snapshot(&self) -> &dyn TenantSnapshotSource {
        self.0.snapshot.as_ref()
    }
}

/// Refuses a mutation of an entity sync does not change.
pub fn read_only(mutation: &Mutation) -> ApiError {
    ApiError::validation(
        "entity_read_only",
        format!("{} records are not changed by sync.", mutation.entity),
    )
}

/// The mutation's record id, as the entity's id type.
pub fn mutation_id<T: std::str::FromStr>(mutation: &Mutation) -> Result<T, ApiError> {
    mutation.entity_id.parse().map_err(|_| {
        ApiError::validation(
            "invalid_id",
            format!("The {} id is not a UUID.", mutation.entity),
        )
    })
}

/// Refuses an operation sync does not carry for `record` (e.g. "A member"), saying why.
pub fn unsupported(mutation: &Mutation, record: &str, why: &str) -> ApiError {
    let attempted = match mutation.op {
        MutationOp::Create => "created",
        MutationOp::Update => "changed",
        MutationOp::Delete => "deleted",
    };
    ApiError::validation(
        "op_not_supported",
        format!("{record} cannot be {attempted} by sync: {why}"),
    )
}

/// The answer to an applied mutation that overwrote nothing.
pub fn applied(version: i64) -> MutationOutcome {
    MutationOutcome::Applied {
        version,
        conflicts: Vec::new(),
    }
}
