//! Deals as a synced entity (`transaction`): pulled with the REST API's read filter
//! (an agent's devices get only the deals the agent takes part in; a deal they stop
//! taking part in goes without data, so the device drops it), created and changed by
//! push through the REST API's operations. A push `Create` carries a whole record
//! (`TransactionFields`) and merges over a stored deal of the same id as an import does;
//! an `Update` carries `TransactionChanges`. Deals are not deleted.

use async_trait::async_trait;
use brokerdesk_core::ids::TransactionId;
use brokerdesk_core::permission::Permission;
use brokerdesk_core::sync::SyncEntity;
use brokerdesk_core::sync::push::{Mutation, MutationOp, MutationOutcome};
use brokerdesk_core::transactions::{TransactionChanges, TransactionFields};
use serde::de::DeserializeOwned;
use std::collections::HashSet;
use uuid::Uuid;

use super::{Visibility, store};
use crate::auth::Authenticated;
use crate::error::ApiError;
use crate::sync::merge::WriteOrigin;
use crate::sync::source::{
    Keys, Loaded, Reader, RowId, RowKey, SyncSource, Table, Window, applied, by_uuid,
    mutation_changes, mutation_id, unsupported,
};
use crate::transactions;

pub struct TransactionSource;

const TABLE: &str = "transactions";

/// A mutation's changes, as the type they describe.
fn changes<T: DeserializeOwned>(mutation: &Mutation) -> Result<T, ApiError> {
    mutation_changes(mutation, "invalid_transaction", "transaction")
}

/// The reader's rule, as the REST routes decide it for the same user.
async fn visibility(auth: &mut Authenticated, reader: &Reader<'_>) -> Result<Visibility, ApiError> {
    let reads_all = reader.may(Permission::ReadAllTransactions);
    Visibility::of(&mut auth.tx, reader.user, reads_all).await
}

#[async_trait]
impl SyncSource for TransactionSource {
    fn entity(&self) -> SyncEntity {
        SyncEntity::Transaction
    }

    fn table(&self) -> Table {
        Table::by_id(TABLE)
    }

    fn readable(&self, reader: &Reader<'_>) -> bool {
        reader.may(Permission::ReadTransactions)
    }

    async fn keys(
        &self,
        auth: &mut Authenticated,
        window: &Window,
        fetch: i64,
        reader: &Reader<'_>,
    ) -> Result<Keys, ApiError> {
        let Visibility::Participant(emails) = visibility(auth, reader).await? else {
            return Ok(Keys::Table);
        };
        let sql = format!(
            "select version, id, participant_emails && $6 from {TABLE}
              where {} order by version, id limit $5",
            Window::condition("", "id")
        );
        let query = window.bind(sqlx::query_as(&sql), auth, self.entity(), self.table().kind)?;
        let rows: Vec<(i64, Uuid, bool)> = query
            .bind(fetch)
            .bind(emails)
            .fetch_all(auth.tx.conn())
            .await?;
        Ok(Keys::Listed(
            rows.into_iter()
                .map(|(version, id, visible)| RowKey {
                    version,
                    entity: self.entity(),
                    row: RowId::Uuid(id),
                    visible,
                })
                .collect(),
        ))
    }

    async fn load(
        &self,
        auth: &mut Authenticated,
        rows: &[RowId],
    ) -> Result<Vec<Loaded>, ApiError> {
        let deals = store::by_ids(&mut auth.tx, &RowId::uuids(rows)).await?;
        by_uuid(deals, |deal| deal.id.as_uuid())
    }

    async fn readable_rows(
        &self,
        auth: &mut Authenticated,
        reader: &Reader<'_>,
        ids: &[Uuid],
    ) -> Result<HashSet<Uuid>, ApiError> {
        if !self.readable(reader) {
            return Ok(HashSet::new());
        }
        let visibility = visibility(auth, reader).await?;
        let deals = store::by_ids(&mut auth.tx, ids).await?;
        Ok(deals
            .into_iter()
            .filter(|deal| visibility.sees(&deal.fields))
            .map(|deal| deal.id.as_uuid())
            .collect())
    }

    async fn apply(
        &self,
        auth: &mut Authenticated,
        mutation: &Mutation,
        _origin: WriteOrigin,
    ) -> Result<MutationOutcome, ApiError> {
        let id: TransactionId = mutation_id(mutation)?;
        let (_, version) = match mutation.op {
            MutationOp::Create => {
                transactions::put_record(auth, id, changes::<TransactionFields>(mutation)?).await?
            }
            MutationOp::Update => {
                transactions::update(auth, id, changes::<TransactionChanges>(mutation)?).await?
            }
            MutationOp::Delete => {
                return Err(unsupported(
                    mutation,
                    "A transaction",
                    "deals stay, since commission history is computed from them; set its status instead.",
                ));
            }
        };
        Ok(applied(version))
    }
}
