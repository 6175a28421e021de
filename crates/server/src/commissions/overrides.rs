//! Split overrides: one agent's split on one deal, agreed for that deal only (core's
//! `commissions::overrides`). They live beside the deal, never in its columns, so a
//! Dotloop import that rewrites the deal leaves them be. The REST routes set one by
//! (deal, agent) ([`set`], [`unset`]); a sync push names it by its id ([`create`],
//! [`update`], [`remove`]); both go through the same writes, so ManageCommissionPlans,
//! core's `validated_override` and the audit entry hold on every way in. The entry
//! names the override, its deal and its agent by id, never the split or the reason.
//!
//! Who reads them is who reads plans ([`PlanReaders`]): owners, admins and viewers
//! every override, an agent the overrides of their own roster agent, as the reports show
//! an agent only their own lines.

use brokerdesk_core::commissions::{
    CommissionOverride, CommissionOverrideChanges, NewCommissionOverride, OverrideTerms,
};
use brokerdesk_core::ids::{CommissionOverrideId, RosterAgentId, TransactionId};
use brokerdesk_core::permission::Permission;
use brokerdesk_core::sync::SyncEntity;
use chrono::{DateTime, SubsecRound, Utc};
use rust_decimal::Decimal;
use serde_json::json;
use uuid::Uuid;

use super::PlanReaders;
use super::assignments::exists;
use crate::auth::Authenticated;
use crate::db::{TenantTx, is_unique_violation};
use crate::error::ApiError;
use crate::transactions;

pub fn no_such_override() -> ApiError {
    ApiError::NotFound("No such split override.".into())
}

#[derive(sqlx::FromRow)]
struct OverrideRow {
    id: Uuid,
    transaction_id: Uuid,
    agent_id: Uuid,
    agent_percent: Decimal,
    reason: String,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
    version: i64,
}

const COLUMNS: &str =
    "id, transaction_id, agent_id, agent_percent, reason, created_at, updated_at, version";

impl From<OverrideRow> for CommissionOverride {
    fn from(row: OverrideRow) -> Self {
        CommissionOverride {
            id: CommissionOverrideId::from_uuid(row.id),
            transaction: TransactionId::from_uuid(row.transaction_id),
            agent: RosterAgentId::from_uuid(row.agent_id),
            agent_percent: row.agent_percent,
            reason: row.reason,
            created_at: row.created_at,
            updated_at: row.updated_at,
            version: row.version,
        }
    }
}

/// Now, at the precision PostgreSQL keeps, so a written override equals its later read.
fn stored_now() -> DateTime<Utc> {
    Utc::now().trunc_subsecs(6)
}

/// The overrides `ids` names (all when none), on deal `transaction` (every deal when
/// none), that `readers` may read, by deal and agent.
pub async fn overrides(
    tx: &mut TenantTx,
    ids: Option<&[Uuid]>,
    transaction: Option<Uuid>,
    readers: &PlanReaders,
) -> Result<Vec<CommissionOverride>, ApiError> {
    let rows: Vec<OverrideRow> = sqlx::query_as(&format!(
        "select {COLUMNS} from commission_overrides
          where tenant_id = $1 and ($2::uuid[] is null or id = any($2))
            and ($3::uuid is null or transaction_id = $3)
            and ($4::uuid[] is null or agent_id = any($4))
          order by transaction_id, agent_id"
    ))
    .bind(tx.tenant_id().as_uuid())
    .bind(ids)
    .bind(transaction)
    .bind(readers.agents())
    .fetch_all(tx.conn())
    .await?;
    Ok(rows.into_iter().map(CommissionOverride::from).collect())
}

/// The overrides on a deal the caller may read (an agent: their own); "not found" for
/// a deal they may not read, like another tenant's.
pub async fn list_for_transaction(
    auth: &mut Authenticated,
    transaction: TransactionId,
) -> Result<Vec<CommissionOverride>, ApiError> {
    let readers = PlanReaders::of_caller(auth).await?;
    transactions::get(auth, transaction).await?;
    overrides(&mut auth.tx, None, Some(transaction.as_uuid()), &readers).await
}

/// The override of (deal, agent), locked for a change.
async fn id_of(
    tx: &mut TenantTx,
    transaction: TransactionId,
    agent: RosterAgentId,
) -> Result<Option<CommissionOverrideId>, ApiError> {
    let id: Option<Uuid> = sqlx::query_scalar(
        "select id from commission_overrides
          where tenant_id = $1 and transaction_id = $2 and agent_id = $3 for update",
    )
    .bind(tx.tenant_id().as_uuid())
    .bind(transaction.as_uuid())
    .bind(agent.as_uuid())
    .fetch_optional(tx.conn())
    .await?;
    Ok(id.map(CommissionOverrideId::from_uuid))
}

/// Another tenant's deal or agent is as unknown as one that never existed.
async fn check_deal_and_agent(
    tx: &mut TenantTx,
    transaction: TransactionId,
    agent: RosterAgentId,
) -> Result<(), ApiError> {
    if !exists(tx, "transactions", transaction.as_uuid()).await? {
        return Err(transactions::no_such_transaction());
    }
    if !exists(tx, "roster_agents", agent.as_uuid()).await? {
        return Err(ApiError::NotFound(
            "No such agent on this brokerage's roster.".into(),
        ));
    }
    Ok(())
}

/// Stores a new override on a deal and agent of this tenant's, at the transaction's
/// version (for [`create`] and the demo seed).
pub async fn insert(tx: &mut TenantTx, record: &CommissionOverride) -> Result<i64, ApiError> {
    check_deal_and_agent(tx, record.transaction, record.agent).await?;
    let version = tx.next_version().await?;
    sqlx::query(
        "insert into commission_overrides (tenant_id, id, transaction_id, agent_id,
                                           agent_percent, reason, created_at, updated_at,
                                           version)
         values ($1, $2, $3, $4, $5, $6, $7, $7, $8)",
    )
    .bind(tx.tenant_id().as_uuid())
    .bind(record.id.as_uuid())
    .bind(record.transaction.as_uuid())
    .bind(record.agent.as_uuid())
    .bind(record.agent_percent)
    .bind(&record.reason)
    .bind(record.created_at)
    .bind(version)
    .execute(tx.conn())
    .await
    .map_err(|e| {
        if is_unique_violation(&e) {
            ApiError::Conflict {
                code: "commission_override_exists",
                message:
                    "This agent already has a split override on this deal; change that one instead."
                        .into(),
            }
        } else {
            e.into()
        }
    })?;
    Ok(version)
}

/// Puts a split override on a deal for an agent, under `id` (the server's choice, or
/// the device's that made it offline).
pub async fn create(
    auth: &mut Authenticated,
    id: CommissionOverrideId,
    new: NewCommissionOverride,
) -> Result<(CommissionOverride, i64), ApiError> {
    auth.require(Permission::ManageCommissionPlans)?;
    let mut record = new.into_record(id, stored_now())?;
    let version = insert(&mut auth.tx, &record).await?;
    record.version = version;
    auth.audit(
        "commission.override_set",
        Some(id.to_string()),
        json!({ "transaction": record.transaction, "agent": record.agent }),
    )
    .await?;
    Ok((record, version))
}

/// Changes an override's split or reason; the result is checked whole.
pub async fn update(
    auth: &mut Authenticated,
    id: CommissionOverrideId,
    changes: CommissionOverrideChanges,
) -> Result<(CommissionOverride, i64), ApiError> {
    auth.require(Permission::ManageCommissionPlans)?;
    let row: Option<OverrideRow> = sqlx::query_as(&format!(
        "select {COLUMNS} from commission_overrides where tenant_id = $1 and id = $2 for update"
    ))
    .bind(auth.tx.tenant_id().as_uuid())
    .bind(id.as_uuid())
    .fetch_optional(auth.tx.conn())
    .await?;
    let current = row
        .map(CommissionOverride::from)
        .ok_or_else(no_such_override)?;
    let fields = changes.fields();
    let mut record = changes.apply_to(current, stored_now())?;
    let version = auth.tx.next_version().await?;
    record.version = version;
    sqlx::query(
        "update commission_overrides set agent_percent = $3, reason = $4, updated_at = $5,
                version = $6
          where tenant_id = $1 and id = $2",
    )
    .bind(auth.tx.tenant_id().as_uuid())
    .bind(id.as_uuid())
    .bind(record.agent_percent)
    .bind(&record.reason)
    .bind(record.updated_at)
    .bind(version)
    .execute(auth.tx.conn())
    .await?;
    auth.audit(
        "commission.override_changed",
        Some(id.to_string()),
        json!({ "transaction": record.transaction, "agent": record.agent, "fields": fields }),
    )
    .await?;
    Ok((record, version))
}

/// Removes an override: the agent's plan split applies to the deal again.
pub async fn remove(auth: &mut Authenticated, id: CommissionOverrideId) -> Result<i64, ApiError> {
    auth.require(Permission::ManageCommissionPlans)?;
    let removed: Option<(Uuid, Uuid)> = sqlx::query_as(
        "delete from commission_overrides where tenant_id = $1 and id = $2
         returning transaction_id, agent_id",
    )
    .bind(auth.tx.tenant_id().as_uuid())
    .bind(id.as_uuid())
    .fetch_optional(auth.tx.conn())
    .await?;
    let (transaction, agent) = removed.ok_or_else(no_such_override)?;
    let version = auth.tx.next_version().await?;
    auth.tx
        .record_tombstone(
            SyncEntity::CommissionOverride.as_str(),
            id.as_uuid(),
            version,
        )
        .await?;
    auth.audit(
        "commission.override_removed",
        Some(id.to_string()),
        json!({ "transaction": transaction, "agent": agent }),
    )
    .await?;
    Ok(version)
}

/// Sets an agent's split on a deal: a new override, or the existing one changed.
/// Returns the override and whether it is new.
pub async fn set(
    auth: &mut Authenticated,
    transaction: TransactionId,
    agent: RosterAgentId,
    terms: OverrideTerms,
) -> Result<(CommissionOverride, bool), ApiError> {
    auth.require(Permission::ManageCommissionPlans)?;
    match id_of(&mut auth.tx, transaction, agent).await? {
        Some(id) => Ok((update(auth, id, terms.into()).await?.0, false)),
        None => {
            let new = NewCommissionOverride {
                transaction,
                agent,
                agent_percent: terms.agent_percent,
                reason: terms.reason,
            };
            Ok((
                create(auth, CommissionOverrideId::new(), new).await?.0,
                true,
            ))
        }
    }
}

/// Removes the agent's override on a deal.
pub async fn unset(
    auth: &mut Authenticated,
    transaction: TransactionId,
    agent: RosterAgentId,
) -> Result<i64, ApiError> {
    auth.require(Permission::ManageCommissionPlans)?;
    let id = id_of(&mut auth.tx, transaction, agent)
        .await?
        .ok_or_else(no_such_override)?;
    remove(auth, id).await
}

/// Deletes the overrides on deals the retention purge deletes, leaving tombstones at
/// `version` so every device's cache drops them too.
pub async fn delete_for_transactions(
    tx: &mut TenantTx,
    transactions: &[Uuid],
    version: i64,
) -> Result<(), ApiError> {
    let ids: Vec<Uuid> = sqlx::query_scalar(
        "delete from commission_overrides where tenant_id = $1 and transaction_id = any($2)
         returning id",
    )
    .bind(tx.tenant_id().as_uuid())
    .bind(transactions)
    .fetch_all(tx.conn())
    .await?;
    for id in ids {
        tx.record_tombstone(SyncEntity::CommissionOverride.as_str(), id, version)
            .await?;
    }
    Ok(())
}
