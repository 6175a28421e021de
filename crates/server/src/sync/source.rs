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
use brokerdesk_core::sync::{SyncEntity, TenantSnapshot};
use serde::Serialize;
use serde_json::value::{RawValue, to_raw_value};
use std::collections::HashSet;
use std::sync::Arc;
use uuid::Uuid;

use super::merge::WriteOrigin;
pub use super::rows::{KeyKind, RowId, RowKey, Table};
pub use super::window::Window;
use crate::auth::Authenticated;
use crate::error::ApiError;

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

/// What [`SyncSource::keys`] answers.
pub enum Keys {
    /// Every row of the source's table in the window, each visible to the reader.
    Table,
    /// The keys the source chose, each marked visible or not.
    Listed(Vec<RowKey>),
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

    /// The keys of the rows in the window: by default every row of [`SyncSource::table`],
    /// all visible (read with the other such tables in one statement). A source that
    /// hides rows one by one lists at most `fetch` keys itself, in cursor order
    /// (version, then key).
    async fn keys(
        &self,
        _auth: &mut Authenticated,
        _window: &Window,
        _fetch: i64,
        _reader: &Reader<'_>,
    ) -> Result<Keys, ApiError> {
        Ok(Keys::Table)
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
    /// The registered sources: the domains', and the engine's own field conflicts
    /// (`sync::conflicts::ConflictSource`).
    ///
    /// # Panics
    /// When two sources serve one entity: a registration mistake, caught at start-up.
    pub fn new(sources: Vec<Box<dyn SyncSource>>, snapshot: Box<dyn TenantSnapshotSource>) -> Self {
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

/// A mutation's changes, read as the type they describe (a whole record or a partial
/// change); unreadable ones are refused with `code`, naming the record (e.g. "roster
/// agent").
pub fn mutation_changes<T: serde::de::DeserializeOwned>(
    mutation: &Mutation,
    code: &'static str,
    record: &str,
) -> Result<T, ApiError> {
    serde_json::from_value(serde_json::Value::Object(mutation.changes.clone()))
        .map_err(|e| ApiError::validation(code, format!("The {record} is invalid: {e}.")))
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
