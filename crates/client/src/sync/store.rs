//! The synced records in the cache, and the outbox of local edits.
//!
//! Two rules keep the cache consistent whatever moment the process dies at:
//! - a pulled page and the cursor after it are written in one SQLite transaction;
//! - a local edit, its optimistic change and its outbox entry are written in one
//!   SQLite transaction, and so are a push's answers and what they do to the records.

use brokerdesk_core::admin_edit::EditInvalid;
use brokerdesk_core::ids::LeadId;
use brokerdesk_core::leads::activity::{CallRecord, Conversation, LeadActivity};
use brokerdesk_core::leads::consent::{CallDecision, CallKind, CallingRules, ConsentEntry};
use brokerdesk_core::leads::{Lead, LeadChanges, LeadInvalid};
use brokerdesk_core::settings::TenantSettings;
use brokerdesk_core::sync::pull::PullPage;
use brokerdesk_core::sync::push::{
    FieldConflict, Mutation, MutationOp, MutationOutcome, MutationResult,
};
use brokerdesk_core::sync::{Cursor, SyncEntity, TenantSnapshot};
use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::{Map, Value};
use sqlx::{Sqlite, SqliteConnection, SqlitePool, Transaction};
use std::collections::HashSet;
use uuid::Uuid;

use super::lead_index::{self, IndexRow};
pub use brokerdesk_core::sync::outbox::RejectedEdit;

/// Rows per multi-row insert when applying a page: few statements, far below SQLite's
/// limit on bound parameters.
const UPSERT_CHUNK: usize = 200;
/// A pull with at least this many changes, and at least half as many as the cache has
/// leads, builds the lead index at its end rather than keeping it in step row by row.
const BULK_PULL_ROWS: u64 = 2_000;
const CURSOR_KEY: &str = "sync_cursor";
const DEVICE_KEY: &str = "device_id";
const LAST_SYNCED_KEY: &str = "last_synced_at";
const TENANT_ID: &str = "current";

const STATE_SYNCED: i64 = 0;
const STATE_EDITED: i64 = 1;
const STATE_CREATED: i64 = 2;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("The local cache could not be read or written: {0}.")]
    Database(#[from] sqlx::Error),
    /// The edit breaks a rule the server would refuse it for; nothing was written.
    #[error("{0}")]
    Invalid(#[from] LeadInvalid),
    #[error("No such lead in the local cache.")]
    NotFound,
    /// An edit of a member or of the settings breaks a rule the server would refuse it
    /// for; nothing was written.
    #[error("{0}")]
    InvalidEdit(#[from] EditInvalid),
    /// The record (a member, an API key…) is not in the local cache, or not any more.
    #[error("No such {0} in the local copy; it may have changed since the last sync.")]
    Missing(&'static str),
    #[error("The local cache holds a record it cannot read ({0}).")]
    Corrupt(String),
}

impl StoreError {
    pub fn code(&self) -> &str {
        match self {
            StoreError::Database(_) => "cache_error",
            StoreError::Invalid(invalid) => invalid.code,
            StoreError::NotFound | StoreError::Missing(_) => "not_found",
            StoreError::InvalidEdit(invalid) => invalid.code,
            StoreError::Corrupt(_) => "cache_corrupt",
        }
    }
}

pub(crate) fn corrupt(e: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt(e.to_string())
}

/// How much is waiting or needs attention, for the sync status.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct OutboxCounts {
    pub pending: u64,
    pub rejected: u64,
    pub conflicts: u64,
}

/// The synced data of one tenant's cache. Cheap to clone (it shares the pool).
#[derive(Clone)]
pub struct LocalStore {
    pool: SqlitePool,
}

impl LocalStore {
    pub fn new(pool: SqlitePool) -> Self {
        Self { pool }
    }

    /// The cache's pool, for read-only queries of the records (reports, searches).
    /// Writes go through this type's methods, which keep the outbox in step.
    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }

    async fn meta(&self, key: &str) -> Result<Option<String>, StoreError> {
        Ok(
            sqlx::query_scalar("select value from cache_meta where key = ?")
                .bind(key)
                .fetch_optional(&self.pool)
                .await?,
        )
    }

    /// Where the next pull starts.
    pub async fn cursor(&self) -> Result<Cursor, StoreError> {
        match self.meta(CURSOR_KEY).await? {
            Some(text) => serde_json::from_str(&text).map_err(corrupt),
            None => Ok(Cursor::start()),
        }
    }

    pub async fn last_synced_at(&self) -> Result<Option<DateTime<Utc>>, StoreError> {
        Ok(self
            .meta(LAST_SYNCED_KEY)
            .await?
            .and_then(|t| t.parse().ok()))
    }

    pub async fn mark_synced(&self, at: DateTime<Utc>) -> Result<(), StoreError> {
        set_meta(
            &mut *self.pool.acquire().await?,
            LAST_SYNCED_KEY,
            &at.to_rfc3339(),
        )
        .await
    }

    /// This cache's device id, which scopes its mutation ids on the server. Made once.
    pub async fn device_id(&self) -> Result<Uuid, StoreError> {
        if let Some(id) = self.meta(DEVICE_KEY).await? {
            return id.parse().map_err(corrupt);
        }
        let id = Uuid::new_v4();
        sqlx::query("insert or ignore into cache_meta (key, value) values (?, ?)")
            .bind(DEVICE_KEY)
            .bind(id.to_string())
            .execute(&self.pool)
            .await?;
        self.meta(DEVICE_KEY)
            .await?
            .ok_or_else(|| corrupt("device id vanished"))?
            .parse()
            .map_err(corrupt)
    }

    /// Applies a pulled page and moves the cursor past it, in one transaction. Records
    /// with local edits pending get the server's copy as their new base, with the edits
    /// laid on top again. The first page of a pull that brings a large part of the
    /// tenant switches the lead index to being built (see lead_index.rs).
    pub async fn apply_page(&self, page: &PullPage) -> Result<usize, StoreError> {
        let mut tx = self.pool.begin().await?;
        if let Some(remaining) = page.remaining
            && lead_index::is_complete(&mut tx).await?
        {
            let cached: i64 = sqlx::query_scalar("select count(*) from lead_index")
                .fetch_one(&mut *tx)
                .await?;
            if remaining >= BULK_PULL_ROWS && remaining as i64 >= cached / 2 {
                lead_index::begin_build(&mut tx).await?;
            }
        }
        let unsynced: HashSet<(String, String)> =
            sqlx::query_as("select entity, id from records where state <> 0")
                .fetch_all(&mut *tx)
                .await?
                .into_iter()
                .collect();
        let mut upserts: Vec<(&str, &str, i64, &str)> = Vec::with_capacity(page.changes.len());
        let mut indexed = Vec::new();
        for change in &page.changes {
            let entity = change.entity.as_str();
            let key = (entity.to_owned(), change.id.clone());
            match &change.data {
                Some(data) if unsynced.contains(&key) => {
                    // The server has a copy now, even of a record created here.
                    sqlx::query(
                        "update records set shadow = ?, version = ?, state = 1 where entity = ? and id = ?",
                    )
                        .bind(data.get())
                        .bind(change.version)
                        .bind(entity)
                        .bind(&change.id)
                        .execute(&mut *tx)
                        .await?;
                    rebuild(&mut tx, entity, &change.id).await?;
                }
                Some(data) => {
                    upserts.push((entity, &change.id, change.version, data.get()));
                    if change.entity == SyncEntity::Lead {
                        indexed.push(IndexRow::of(&change.id, data.get(), false)?);
                    }
                }
                None => {
                    sqlx::query("delete from records where entity = ? and id = ?")
                        .bind(entity)
                        .bind(&change.id)
                        .execute(&mut *tx)
                        .await?;
                }
            }
        }
        for chunk in upserts.chunks(UPSERT_CHUNK) {
            let mut sql = String::from("insert into records (entity, id, version, data) values ");
            for i in 0..chunk.len() {
                sql.push_str(if i == 0 {
                    "(?, ?, ?, ?)"
                } else {
                    ", (?, ?, ?, ?)"
                });
            }
            sql.push_str(
                " on conflict (entity, id) do update set version = excluded.version, \
                 data = excluded.data, shadow = null, state = 0, deleted = 0",
            );
            let mut query = sqlx::query(&sql);
            for (entity, id, version, data) in chunk {
                query = query.bind(*entity).bind(*id).bind(*version).bind(*data);
            }
            query.execute(&mut *tx).await?;
        }
        lead_index::put(&mut tx, &indexed).await?;
        if let Some(tenant) = &page.tenant {
            sqlx::query(
                "insert into records (entity, id, version, data) values ('tenant', ?, ?, ?)
                 on conflict (entity, id) do update set version = excluded.version, data = excluded.data",
            )
            .bind(TENANT_ID)
            .bind(page.clock)
            .bind(tenant.get())
            .execute(&mut *tx)
            .await?;
        }
        let cursor = serde_json::to_string(&page.next).expect("a cursor serialises");
        set_meta(&mut tx, CURSOR_KEY, &cursor).await?;
        tx.commit().await?;
        Ok(page.changes.len())
    }

    /// Completes the lead index if a pull was building it; called once the pull reached
    /// its end. One transaction.
    pub async fn complete_lead_index(&self) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await?;
        if !lead_index::is_complete(&mut tx).await? {
            lead_index::complete(&mut tx).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    // ---- reading, offline ----

    pub async fn lead(&self, id: LeadId) -> Result<Option<Lead>, StoreError> {
        let data: Option<String> = sqlx::query_scalar(
            "select data from records where entity = 'lead' and id = ? and deleted = 0",
        )
        .bind(id.to_string())
        .fetch_optional(&self.pool)
        .await?;
        data.map(|d| serde_json::from_str(&d).map_err(corrupt))
            .transpose()
    }

    /// Cached records of a lead sub-record entity (consent, conversation, call) that
    /// belong to `lead`, oldest first by id.
    async fn children<T: serde::de::DeserializeOwned>(
        &self,
        entity: SyncEntity,
        lead: LeadId,
    ) -> Result<Vec<T>, StoreError> {
        let rows: Vec<String> = sqlx::query_scalar(
            "select data from records
              where entity in ('consent', 'conversation', 'call') and entity = ?
                and json_extract(data, '$.leadId') = ? and deleted = 0
              order by id",
        )
        .bind(entity.as_str())
        .bind(lead.to_string())
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|d| serde_json::from_str(d).map_err(corrupt))
            .collect()
    }

    /// The lead's consent ledger as last synced.
    pub async fn consents(&self, lead: LeadId) -> Result<Vec<ConsentEntry>, StoreError> {
        self.children(SyncEntity::Consent, lead).await
    }

    /// The lead's conversations and calls as last synced, oldest first.
    pub async fn activity(&self, lead: LeadId) -> Result<LeadActivity, StoreError> {
        let mut conversations: Vec<Conversation> =
            self.children(SyncEntity::Conversation, lead).await?;
        conversations.sort_by_key(|c| (c.started_at, c.id));
        let mut calls: Vec<CallRecord> = self.children(SyncEntity::Call, lead).await?;
        calls.sort_by_key(|c| (c.started_at, c.id));
        Ok(LeadActivity {
            conversations,
            calls,
        })
    }

    /// "May we call this lead on this number now?", answered offline from the cached
    /// ledger, do-not-call list and settings, by the same rule the server applies.
    pub async fn call_check(
        &self,
        lead: LeadId,
        phone: &str,
        kind: CallKind,
        now: DateTime<Utc>,
    ) -> Result<CallDecision, StoreError> {
        let lead = self.lead(lead).await?.ok_or(StoreError::NotFound)?;
        let ledger = self.consents(lead.id).await?;
        let dnc: Vec<String> = self
            .records(SyncEntity::DncEntry)
            .await?
            .into_iter()
            .filter_map(|entry| entry["phone"].as_str().map(str::to_owned))
            .collect();
        let settings: TenantSettings = match self.records(SyncEntity::Settings).await?.pop() {
            Some(value) => serde_json::from_value(value).map_err(corrupt)?,
            None => TenantSettings::default(),
        };
        let rules = CallingRules {
            settings: &settings,
        };
        Ok(rules.may_call(&lead, phone, kind, &ledger, &dnc, now))
    }

    pub async fn count(&self, entity: SyncEntity) -> Result<u64, StoreError> {
        let n: i64 =
            sqlx::query_scalar("select count(*) from records where entity = ? and deleted = 0")
                .bind(entity.as_str())
                .fetch_one(&self.pool)
                .await?;
        Ok(n as u64)
    }

    /// Every cached record of `entity` (users, invitations, API keys, audit entries…),
    /// in the API's JSON shape.
    pub async fn records(&self, entity: SyncEntity) -> Result<Vec<Value>, StoreError> {
        let rows: Vec<String> = sqlx::query_scalar(
            "select data from records where entity = ? and deleted = 0 order by id",
        )
        .bind(entity.as_str())
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|d| serde_json::from_str(d).map_err(corrupt))
            .collect()
    }

    /// The tenant's profile and plan usage as last pulled.
    pub async fn tenant(&self) -> Result<Option<TenantSnapshot>, StoreError> {
        let data: Option<String> =
            sqlx::query_scalar("select data from records where entity = 'tenant' and id = ?")
                .bind(TENANT_ID)
                .fetch_optional(&self.pool)
                .await?;
        data.map(|d| serde_json::from_str(&d).map_err(corrupt))
            .transpose()
    }

    pub async fn conflicts(&self) -> Result<Vec<FieldConflict>, StoreError> {
        self.records(SyncEntity::Conflict)
            .await?
            .into_iter()
            .map(|v| serde_json::from_value(v).map_err(corrupt))
            .collect()
    }

    // ---- editing, offline ----

    /// Creates a lead here and queues it for the server. Validated as the server will.
    pub async fn create_lead(&self, changes: LeadChanges) -> Result<Lead, StoreError> {
        let changes = changes.normalised()?;
        let lead = Lead::create(LeadId::new(), &changes, Utc::now())?;
        let id = lead.id.to_string();
        self.create_one(SyncEntity::Lead, &id, &lead, as_map(&changes))
            .await?;
        Ok(lead)
    }

    /// Shows a record created here and queues its create, in a transaction of its own
    /// (see [`create_record`]).
    pub(crate) async fn create_one(
        &self,
        entity: SyncEntity,
        id: &str,
        record: &impl Serialize,
        changes: Map<String, Value>,
    ) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await?;
        create_record(&mut tx, entity, id, record, changes).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Changes fields of a cached lead and queues the change.
    pub async fn update_lead(&self, id: LeadId, changes: LeadChanges) -> Result<Lead, StoreError> {
        let changes = changes.normalised()?;
        let fields = as_map(&changes);
        let edit = LocalEdit::of(SyncEntity::Lead, id.to_string(), MutationOp::Update, fields);
        self.queue_edit(edit, StoreError::NotFound, |data| {
            let mut lead: Lead = serde_json::from_str(data).map_err(corrupt)?;
            changes.apply_to(&mut lead)?;
            lead.updated_at = Utc::now();
            let updated = serde_json::to_string(&lead).expect("a lead serialises");
            Ok((Some(updated), lead))
        })
        .await
    }

    /// Erases a cached lead (hidden at once) and queues the erasure.
    pub async fn delete_lead(&self, id: LeadId) -> Result<(), StoreError> {
        self.delete_record(SyncEntity::Lead, &id.to_string()).await
    }

    /// Hides a cached record at once and queues its deletion.
    pub(crate) async fn delete_record(
        &self,
        entity: SyncEntity,
        id: &str,
    ) -> Result<(), StoreError> {
        let edit = LocalEdit::of(entity, id.to_owned(), MutationOp::Delete, Map::new());
        self.queue_edit(edit, StoreError::NotFound, |_| Ok((None, ())))
            .await
    }

    /// Queues an edit of a cached record, in one transaction: `view` turns the record as
    /// the user sees it now into what they see after the edit (none hides it, for a
    /// delete), which is written with the outbox entry. `missing` is the answer when
    /// the record is not cached.
    pub(super) async fn queue_edit<T>(
        &self,
        mut edit: LocalEdit,
        missing: StoreError,
        view: impl FnOnce(&str) -> Result<(Option<String>, T), StoreError>,
    ) -> Result<T, StoreError> {
        let mut tx = self.pool.begin().await?;
        let (version, data, state) = load(&mut tx, edit.entity.as_str(), &edit.id)
            .await?
            .ok_or(missing)?;
        let (shown, result) = view(&data)?;
        edit.base_version = (state != STATE_CREATED).then_some(version);
        edit.record(&mut tx, shown.as_deref()).await?;
        tx.commit().await?;
        Ok(result)
    }

    // ---- the outbox ----

    /// The oldest pending edits, in the order they were made.
    pub async fn pending(&self, limit: usize) -> Result<Vec<Mutation>, StoreError> {
        type Row = (String, String, String, String, String, Option<i64>);
        let rows: Vec<Row> = sqlx::query_as(
            "select mutation_id, entity, entity_id, op, changes, base_version from outbox
              where status = 'pending' order by seq limit ?",
        )
        .bind(limit as i64)
        .fetch_all(&self.pool)
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
                .execute(&self.pool)
                .await?;
        }
        Ok(())
    }

    /// Records the server's answers, in one transaction: an applied edit leaves the
    /// outbox; a refused one stays, marked with the reason, and its optimistic change is
    /// rolled back (the record is rebuilt from the server's copy and the edits still
    /// pending).
    pub async fn acknowledge(&self, results: &[MutationResult]) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await?;
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
        .fetch_all(&self.pool)
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
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    pub async fn counts(&self) -> Result<OutboxCounts, StoreError> {
        let (pending, rejected): (i64, i64) = sqlx::query_as(
            "select count(*) filter (where status = 'pending'),
                    count(*) filter (where status = 'rejected') from outbox",
        )
        .fetch_one(&self.pool)
        .await?;
        Ok(OutboxCounts {
            pending: pending as u64,
            rejected: rejected as u64,
            conflicts: self.count(SyncEntity::Conflict).await?,
        })
    }
}

/// An edit of a record the server already has (or will have, once its create is sent).
pub(super) struct LocalEdit {
    entity: SyncEntity,
    id: String,
    op: MutationOp,
    changes: Map<String, Value>,
    /// Set from the cached record when the edit is queued.
    base_version: Option<i64>,
}

impl LocalEdit {
    pub(super) fn of(
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
        if self.entity == SyncEntity::Lead {
            lead_index::reindex(tx, &self.id).await?;
        }
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

/// A time as the lead index keeps it (see the cache migration): UTC, milliseconds.
pub(crate) fn index_time(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

/// A change (or a new record's fields) as a mutation's `changes`.
pub(crate) fn as_map(changes: &impl Serialize) -> Map<String, Value> {
    match serde_json::to_value(changes).expect("a change serialises") {
        Value::Object(map) => map,
        _ => Map::new(),
    }
}

async fn set_meta(conn: &mut SqliteConnection, key: &str, value: &str) -> Result<(), StoreError> {
    sqlx::query(
        "insert into cache_meta (key, value) values (?, ?)
         on conflict (key) do update set value = excluded.value",
    )
    .bind(key)
    .bind(value)
    .execute(conn)
    .await?;
    Ok(())
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
    let record = serde_json::to_string(record).expect("a record serialises");
    sqlx::query("insert into records (entity, id, version, data, state) values (?, ?, 0, ?, 2)")
        .bind(entity.as_str())
        .bind(id)
        .bind(&record)
        .execute(&mut **tx)
        .await?;
    if entity == SyncEntity::Lead {
        lead_index::reindex(tx, id).await?;
    }
    let mutation = Mutation {
        mutation_id: Uuid::now_v7(),
        entity,
        op: MutationOp::Create,
        entity_id: id.to_owned(),
        changes,
        base_version: None,
    };
    enqueue(tx, &mutation, Some(&record)).await
}

async fn enqueue(
    tx: &mut Transaction<'_, Sqlite>,
    mutation: &Mutation,
    created_record: Option<&str>,
) -> Result<(), StoreError> {
    let op = serde_json::to_value(mutation.op).expect("an op serialises");
    sqlx::query(
        "insert into outbox (mutation_id, entity, entity_id, op, changes, base_version, created_record, created_at)
         values (?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(mutation.mutation_id.to_string())
    .bind(mutation.entity.as_str())
    .bind(&mutation.entity_id)
    .bind(op.as_str())
    .bind(Value::Object(mutation.changes.clone()).to_string())
    .bind(mutation.base_version)
    .bind(created_record)
    .bind(Utc::now().to_rfc3339())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

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
async fn settle(
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
async fn rebuild(
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
        // A refused create leaves nothing behind, in the list's index either.
        if entity == SyncEntity::Lead.as_str() {
            lead_index::reindex(tx, id).await?;
        }
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
    if entity == SyncEntity::Lead.as_str() {
        lead_index::reindex(tx, id).await?;
    }
    Ok(())
}
