//! Leads and their records as synced entities: the lead, its consent entries,
//! conversations and calls (each goes only to those who may read its lead), and the
//! tenant's do-not-call list (every member reads it).
//!
//! For a caller who may not read every lead, each key of a lead-bound row carries the
//! lead's agent, which decides whether the caller gets the row or the order to drop its
//! copy. (Those who read every lead need no join to the leads, and their key reads stay
//! on the version indexes alone.)

mod push;
mod pushed;

use async_trait::async_trait;
use brokerdesk_core::permission::Permission;
use brokerdesk_core::sync::SyncEntity;
use brokerdesk_core::sync::push::{Mutation, MutationOutcome};
use std::collections::HashSet;
use std::marker::PhantomData;
use uuid::Uuid;

use super::store::{LEAD_COLUMNS, LeadRow};
use super::{activity, consent};
use crate::auth::Authenticated;
use crate::error::ApiError;
use crate::sync::merge::WriteOrigin;
use crate::sync::source::{
    Keys, Loaded, Reader, RowId, RowKey, SyncSource, Table, Window, applied, by_uuid, raw,
    read_only,
};

/// The keys of a lead-bound table in the window: `lead` is the column naming the row's
/// lead (`id` for the leads themselves). A reader of every lead sees the whole table.
async fn lead_bound_keys(
    auth: &mut Authenticated,
    window: &Window,
    fetch: i64,
    reader: &Reader<'_>,
    entity: SyncEntity,
    table: &'static str,
    lead: &str,
) -> Result<Keys, ApiError> {
    if reader.may(Permission::ReadAllLeads) {
        return Ok(Keys::Table);
    }
    let (join, agent) = match lead {
        "id" => (String::new(), "s.assigned_agent"),
        column => (
            format!("left join leads l on l.tenant_id = s.tenant_id and l.id = s.{column}"),
            "l.assigned_agent",
        ),
    };
    let sql = format!(
        "select s.version, s.id, {agent} from {table} s {join}
          where {} order by s.version, s.id limit $5",
        Window::condition("s.", "s.id")
    );
    let query = window.bind(sqlx::query_as(&sql), auth, entity, Table::by_id(table).kind)?;
    let rows: Vec<(i64, Uuid, Option<Uuid>)> = query.bind(fetch).fetch_all(auth.tx.conn()).await?;
    Ok(Keys::Listed(
        rows.into_iter()
            .map(|(version, id, agent)| RowKey {
                version,
                entity,
                row: RowId::Uuid(id),
                visible: agent == Some(reader.user.as_uuid()),
            })
            .collect(),
    ))
}

pub struct LeadSource;

#[async_trait]
impl SyncSource for LeadSource {
    fn entity(&self) -> SyncEntity {
        SyncEntity::Lead
    }

    fn table(&self) -> Table {
        Table::by_id("leads")
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
        lead_bound_keys(auth, window, fetch, reader, self.entity(), "leads", "id").await
    }

    async fn load(
        &self,
        auth: &mut Authenticated,
        rows: &[RowId],
    ) -> Result<Vec<Loaded>, ApiError> {
        let tx = &mut auth.tx;
        let rows: Vec<LeadRow> = sqlx::query_as(&format!(
            "select {LEAD_COLUMNS} from leads where tenant_id = $1 and id = any($2)"
        ))
        .bind(tx.tenant_id().as_uuid())
        .bind(RowId::uuids(rows))
        .fetch_all(tx.conn())
        .await?;
        rows.into_iter()
            .map(|row| Ok((RowId::Uuid(row.id()), raw(&row.into_lead()?)?)))
            .collect()
    }

    async fn readable_rows(
        &self,
        auth: &mut Authenticated,
        reader: &Reader<'_>,
        ids: &[Uuid],
    ) -> Result<HashSet<Uuid>, ApiError> {
        if reader.may(Permission::ReadAllLeads) {
            return Ok(ids.iter().copied().collect());
        }
        let mine: Vec<Uuid> = sqlx::query_scalar(
            "select id from leads where tenant_id = $1 and id = any($2) and assigned_agent = $3",
        )
        .bind(auth.tx.tenant_id().as_uuid())
        .bind(ids)
        .bind(reader.user.as_uuid())
        .fetch_all(auth.tx.conn())
        .await?;
        Ok(mine.into_iter().collect())
    }

    async fn apply(
        &self,
        auth: &mut Authenticated,
        mutation: &Mutation,
        origin: WriteOrigin,
    ) -> Result<MutationOutcome, ApiError> {
        push::apply(auth, mutation, origin).await
    }
}

/// A record of a lead's activity (consent, conversation, call), read by those who may
/// read its lead.
#[async_trait]
pub trait LeadRecord: Send + Sync {
    const ENTITY: SyncEntity;
    async fn load(auth: &mut Authenticated, ids: &[Uuid]) -> Result<Vec<Loaded>, ApiError>;

    /// A pushed mutation: by default, these are the server's records (an integration
    /// posts them) and sync does not change them.
    async fn apply(
        _auth: &mut Authenticated,
        mutation: &Mutation,
    ) -> Result<MutationOutcome, ApiError> {
        Err(read_only(mutation))
    }
}

/// The source of a [`LeadRecord`].
pub struct LeadRecordSource<R>(PhantomData<R>);

pub enum ConsentRecord {}
pub enum ConversationRecord {}
pub enum CallRecord {}

pub const CONSENTS: LeadRecordSource<ConsentRecord> = LeadRecordSource(PhantomData);
pub const CONVERSATIONS: LeadRecordSource<ConversationRecord> = LeadRecordSource(PhantomData);
pub const CALLS: LeadRecordSource<CallRecord> = LeadRecordSource(PhantomData);

#[async_trait]
impl LeadRecord for ConsentRecord {
    const ENTITY: SyncEntity = SyncEntity::Consent;
    async fn load(auth: &mut Authenticated, ids: &[Uuid]) -> Result<Vec<Loaded>, ApiError> {
        by_uuid(consent::entries(&mut auth.tx, None, ids).await?, |e| e.id)
    }

    /// Consent is append-only, so an entry has no fields to merge.
    async fn apply(
        auth: &mut Authenticated,
        mutation: &Mutation,
    ) -> Result<MutationOutcome, ApiError> {
        Ok(applied(pushed::consent_entry(auth, mutation).await?))
    }
}

#[async_trait]
impl LeadRecord for ConversationRecord {
    const ENTITY: SyncEntity = SyncEntity::Conversation;
    async fn load(auth: &mut Authenticated, ids: &[Uuid]) -> Result<Vec<Loaded>, ApiError> {
        by_uuid(
            activity::conversations(&mut auth.tx, None, ids).await?,
            |c| c.id,
        )
    }
}

#[async_trait]
impl LeadRecord for CallRecord {
    const ENTITY: SyncEntity = SyncEntity::Call;
    async fn load(auth: &mut Authenticated, ids: &[Uuid]) -> Result<Vec<Loaded>, ApiError> {
        by_uuid(activity::calls(&mut auth.tx, None, ids).await?, |c| c.id)
    }
}

#[async_trait]
impl<R: LeadRecord> SyncSource for LeadRecordSource<R> {
    fn entity(&self) -> SyncEntity {
        R::ENTITY
    }

    fn table(&self) -> Table {
        Table::by_id(activity::table_of(R::ENTITY))
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
        let table = activity::table_of(R::ENTITY);
        lead_bound_keys(auth, window, fetch, reader, R::ENTITY, table, "lead_id").await
    }

    async fn load(
        &self,
        auth: &mut Authenticated,
        rows: &[RowId],
    ) -> Result<Vec<Loaded>, ApiError> {
        R::load(auth, &RowId::uuids(rows)).await
    }

    async fn apply(
        &self,
        auth: &mut Authenticated,
        mutation: &Mutation,
        _origin: WriteOrigin,
    ) -> Result<MutationOutcome, ApiError> {
        R::apply(auth, mutation).await
    }
}

/// The tenant's do-not-call list; every member reads it.
pub struct DncSource;

#[async_trait]
impl SyncSource for DncSource {
    fn entity(&self) -> SyncEntity {
        SyncEntity::DncEntry
    }

    fn table(&self) -> Table {
        Table::by_id("dnc_numbers")
    }

    fn readable(&self, _reader: &Reader<'_>) -> bool {
        true
    }

    async fn load(
        &self,
        auth: &mut Authenticated,
        rows: &[RowId],
    ) -> Result<Vec<Loaded>, ApiError> {
        let ids = RowId::uuids(rows);
        by_uuid(consent::dnc_list(&mut auth.tx, Some(&ids)).await?, |e| e.id)
    }

    /// A do-not-call entry is added or removed whole: it has no fields to merge.
    async fn apply(
        &self,
        auth: &mut Authenticated,
        mutation: &Mutation,
        _origin: WriteOrigin,
    ) -> Result<MutationOutcome, ApiError> {
        Ok(applied(pushed::dnc_entry(auth, mutation).await?))
    }
}
