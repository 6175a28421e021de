//! Deals (transactions): one Dotloop loop each, or a deal entered by hand. The REST
//! routes and sync pushes come through the same operations here ([`create`],
//! [`put_record`], [`update`]), so the permission checks, core's validation, the plan's
//! quota and the audit entry hold on every way in. Deals are never deleted: a loop that
//! died is cancelled or archived in Dotloop and stays, as the commission history needs.
//!
//! **Who reads what.** Owners, admins and viewers (`ReadAllTransactions`) read every
//! deal; an agent reads a deal only when one of its participants has the agent's
//! member email, or the email of the roster agent linked to their membership
//! ([`Visibility`]). The REST list and reads and the sync source apply the same rule;
//! a deal the caller may not read is "not found", like another tenant's.
//!
//! The audit trail names deals by id and lists the fields a write changed, never their
//! values; an import's entry holds its counts.

pub mod detail;
pub mod http;
pub mod import;
pub mod list;
pub mod store;
pub mod sync;

use brokerdesk_core::ids::{TransactionId, UserId};
use brokerdesk_core::permission::Permission;
use brokerdesk_core::plan::QuotaResource;
use brokerdesk_core::transactions::preview::merged;
use brokerdesk_core::transactions::{
    NewTransaction, Transaction, TransactionChanges, TransactionField, TransactionFields,
};
use chrono::{DateTime, SubsecRound, Utc};
use serde_json::json;

use crate::auth::Authenticated;
use crate::db::TenantTx;
use crate::error::ApiError;

pub fn no_such_transaction() -> ApiError {
    ApiError::NotFound("No such transaction.".into())
}

/// Now, at the precision PostgreSQL keeps, so a written deal equals its later read.
fn stored_now() -> DateTime<Utc> {
    Utc::now().trunc_subsecs(6)
}

/// Which deals a reader sees.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Visibility {
    All,
    /// Those with a participant at one of these (lower-cased) addresses.
    Participant(Vec<String>),
}

impl Visibility {
    /// The rule for `user`: every deal with `ReadAllTransactions`, else those the user's
    /// member email or linked roster agent's email takes part in.
    pub async fn of(tx: &mut TenantTx, user: UserId, reads_all: bool) -> Result<Self, ApiError> {
        if reads_all {
            return Ok(Visibility::All);
        }
        let emails: Vec<String> = sqlx::query_scalar(
            "select lower(email) from users where tenant_id = $1 and id = $2
             union
             select lower(email) from roster_agents where tenant_id = $1 and member_id = $2",
        )
        .bind(tx.tenant_id().as_uuid())
        .bind(user.as_uuid())
        .fetch_all(tx.conn())
        .await?;
        Ok(Visibility::Participant(emails))
    }

    /// The caller's rule; refuses those who may read no deal at all.
    pub async fn of_caller(auth: &mut Authenticated) -> Result<Self, ApiError> {
        auth.require(Permission::ReadTransactions)?;
        let reads_all = auth.require(Permission::ReadAllTransactions).is_ok();
        Self::of(&mut auth.tx, auth.user.id, reads_all).await
    }

    /// The addresses to match `participant_emails` against; none when every deal shows.
    pub fn emails(&self) -> Option<&[String]> {
        match self {
            Visibility::All => None,
            Visibility::Participant(emails) => Some(emails),
        }
    }

    pub fn sees(&self, deal: &TransactionFields) -> bool {
        match self {
            Visibility::All => true,
            Visibility::Participant(emails) => deal.participants.iter().any(|p| {
                p.email
                    .as_deref()
                    .is_some_and(|e| emails.contains(&e.trim().to_lowercase()))
            }),
        }
    }
}

/// The deal, if the caller may read it; "not found" otherwise, whether it exists or not.
pub async fn get(auth: &mut Authenticated, id: TransactionId) -> Result<Transaction, ApiError> {
    let visibility = Visibility::of_caller(auth).await?;
    let deal = store::by_ids(&mut auth.tx, &[id.as_uuid()])
        .await?
        .pop()
        .filter(|deal| visibility.sees(&deal.fields));
    deal.ok_or_else(no_such_transaction)
}

/// Refuses a loop view id that another deal of the tenant holds.
async fn check_loop_free(
    tx: &mut TenantTx,
    id: TransactionId,
    fields: &TransactionFields,
) -> Result<(), ApiError> {
    let Some(loop_view_id) = &fields.loop_view_id else {
        return Ok(());
    };
    let taken: bool = sqlx::query_scalar(
        "select exists(select 1 from transactions
                        where tenant_id = $1 and loop_view_id = $2 and id <> $3)",
    )
    .bind(tx.tenant_id().as_uuid())
    .bind(loop_view_id)
    .bind(id.as_uuid())
    .fetch_one(tx.conn())
    .await?;
    if taken {
        Err(store::duplicate_loop())
    } else {
        Ok(())
    }
}

/// Stores a deal that is not there yet, within the plan's quota (checked under the
/// tenant clock's lock, so two writers cannot share the last slot).
async fn insert(
    auth: &mut Authenticated,
    id: TransactionId,
    fields: TransactionFields,
) -> Result<(Transaction, i64), ApiError> {
    check_loop_free(&mut auth.tx, id, &fields).await?;
    let version = auth.tx.next_version().await?;
    let current = store::count(&mut auth.tx).await?;
    auth.plan
        .plan()
        .check_quota(QuotaResource::Transactions, current, 1)?;
    let now = stored_now();
    store::write(&mut auth.tx, &[(id, &fields)], version, now).await?;
    auth.audit("transaction.created", Some(id.to_string()), json!({}))
        .await?;
    let deal = Transaction {
        id,
        fields,
        created_at: now,
        updated_at: now,
        version,
    };
    Ok((deal, version))
}

/// Replaces a stored deal's fields with `after` when they differ; returns the deal and
/// the version it is at (unchanged when nothing differed, so a repeat changes nothing).
async fn replace(
    auth: &mut Authenticated,
    current: Transaction,
    after: TransactionFields,
) -> Result<(Transaction, i64), ApiError> {
    let changed = current.fields.differing_fields(&after);
    if changed.is_empty() {
        let version = current.version;
        return Ok((current, version));
    }
    check_loop_free(&mut auth.tx, current.id, &after).await?;
    let version = auth.tx.next_version().await?;
    let now = stored_now();
    store::write(&mut auth.tx, &[(current.id, &after)], version, now).await?;
    let fields: Vec<&str> = changed.iter().map(|f| f.as_str()).collect();
    auth.audit(
        "transaction.updated",
        Some(current.id.to_string()),
        json!({ "fields": fields }),
    )
    .await?;
    let deal = Transaction {
        fields: after,
        updated_at: now,
        version,
        ..current
    };
    Ok((deal, version))
}

/// Enters a deal by hand under `id` (the server's choice on REST).
pub async fn create(
    auth: &mut Authenticated,
    id: TransactionId,
    new: NewTransaction,
) -> Result<(Transaction, i64), ApiError> {
    auth.require(Permission::WriteTransactions)?;
    let fields = new.into_fields()?;
    insert(auth, id, fields).await
}

/// A whole record a device created (sync push `Create`): a loop from a CSV it imported
/// (under `TransactionId::for_loop_view`) or a deal entered by hand. When the id is
/// stored already the record merges over it as an import does, so pushing the same
/// record twice changes nothing.
pub async fn put_record(
    auth: &mut Authenticated,
    id: TransactionId,
    record: TransactionFields,
) -> Result<(Transaction, i64), ApiError> {
    auth.require(Permission::WriteTransactions)?;
    let record = checked_record(record)?;
    match store::for_update(&mut auth.tx, id).await? {
        None => insert(auth, id, record).await,
        Some(current) => {
            let custom_keys: Vec<(&str, &str)> = record
                .custom_fields
                .iter()
                .map(|c| (c.section.as_str(), c.field.as_str()))
                .collect();
            let after = merged(
                &current.fields,
                &record,
                TransactionField::ALL,
                &custom_keys,
            );
            replace(auth, current, after).await
        }
    }
}

/// Changes some of a deal's fields, each checked by core; the others stay.
pub async fn update(
    auth: &mut Authenticated,
    id: TransactionId,
    changes: TransactionChanges,
) -> Result<(Transaction, i64), ApiError> {
    auth.require(Permission::WriteTransactions)?;
    let current = store::for_update(&mut auth.tx, id)
        .await?
        .ok_or_else(no_such_transaction)?;
    let mut after = current.fields.clone();
    changes.apply_to(&mut after)?;
    replace(auth, current, after).await
}

/// The fields only Dotloop sets: hand entry has no say over them.
const LOOP_KEYS: [&str; 6] = [
    "loopViewId",
    "loopId",
    "profileId",
    "loopUrl",
    "loopCreatedAt",
    "loopUpdatedAt",
];

fn invalid_record(why: impl std::fmt::Display) -> ApiError {
    ApiError::validation(
        "invalid_transaction",
        format!("The transaction is invalid: {why}."),
    )
}

/// Checks a pushed record. A deal entered by hand is checked field by field as hand
/// entry is (core's `NewTransaction`). A loop keeps the values core's importer read,
/// since those a person could not type (a dollar amount in a rate field) are what
/// loop health reports; only its loop view id must be a usable key.
fn checked_record(record: TransactionFields) -> Result<TransactionFields, ApiError> {
    if let Some(loop_view_id) = &record.loop_view_id {
        let usable = !loop_view_id.trim().is_empty()
            && loop_view_id.len() <= 64
            && !loop_view_id.chars().any(char::is_control);
        return if usable {
            Ok(record)
        } else {
            Err(invalid_record("the loop view id is not a Dotloop id"))
        };
    }
    let serde_json::Value::Object(mut entered) =
        serde_json::to_value(&record).map_err(invalid_record)?
    else {
        return Err(invalid_record("not an object"));
    };
    for key in LOOP_KEYS {
        entered.remove(key);
    }
    let changes: TransactionChanges =
        serde_json::from_value(serde_json::Value::Object(entered)).map_err(invalid_record)?;
    let mut checked = NewTransaction(changes).into_fields()?;
    for field in [
        TransactionField::LoopId,
        TransactionField::ProfileId,
        TransactionField::LoopUrl,
        TransactionField::LoopCreatedAt,
        TransactionField::LoopUpdatedAt,
    ] {
        checked.copy_field(&record, field);
    }
    Ok(checked)
}
