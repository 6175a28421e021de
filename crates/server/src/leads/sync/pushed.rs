//! The lead records a device may change through sync push besides leads themselves:
//! consent entries (created only, as the ledger is append-only; a revocation is an
//! entry of its own) and the do-not-call list (numbers added and taken off). Each goes
//! through the functions, and the permission checks, of its REST route, so a desktop
//! offline gets the answer it would have got online.

use brokerdesk_core::leads::consent::{NewConsent, NewDncEntry};
use brokerdesk_core::permission::Permission;
use brokerdesk_core::sync::SyncEntity;
use brokerdesk_core::sync::push::{Mutation, MutationOp};
use uuid::Uuid;

use crate::error::ApiError;
use crate::leads::{LeadActor, consent, get, require_write};

fn record_id(mutation: &Mutation) -> Result<Uuid, ApiError> {
    mutation
        .entity_id
        .parse()
        .map_err(|_| ApiError::validation("invalid_id", "The record id is not a UUID."))
}

/// Records a consent entry under the id the device chose. Returns the version written.
pub async fn consent_entry(
    auth: &mut impl LeadActor,
    mutation: &Mutation,
) -> Result<i64, ApiError> {
    if mutation.op != MutationOp::Create {
        return Err(ApiError::validation(
            "consent_append_only",
            "Consent entries are never changed or removed; record a revocation instead.",
        ));
    }
    let id = record_id(mutation)?;
    let (lead, new): (_, NewConsent) = NewConsent::from_mutation_changes(&mutation.changes)?;
    auth.require(Permission::WriteLeads)?;
    let lead = get(auth, lead).await?;
    require_write(auth, lead.assigned_agent)?;
    let entries = consent::record_with_ids(auth, lead.id, vec![(id, new)]).await?;
    Ok(entries.first().map_or(0, |e| e.version))
}

/// Adds a number to the do-not-call list, or takes one off. Returns the version written.
pub async fn dnc_entry(auth: &mut impl LeadActor, mutation: &Mutation) -> Result<i64, ApiError> {
    let id = record_id(mutation)?;
    match mutation.op {
        MutationOp::Create => {
            auth.require(Permission::WriteLeads)?;
            let new: NewDncEntry =
                serde_json::from_value(serde_json::Value::Object(mutation.changes.clone()))
                    .map_err(|e| {
                        ApiError::validation(
                            "invalid_dnc_entry",
                            format!("The do-not-call entry is invalid: {e}."),
                        )
                    })?;
            let (_, added) = consent::dnc_add_with_id(auth, id, new).await?;
            // The transaction's version (the clock moves once per transaction).
            let version = auth.tx().next_version().await?;
            if !added {
                // The number was already listed under another id: the device's own copy
                // goes, and it keeps the entry it already has (or will pull).
                auth.tx()
                    .record_tombstone(SyncEntity::DncEntry.as_str(), id, version)
                    .await?;
            }
            Ok(version)
        }
        MutationOp::Delete => {
            auth.require(Permission::WriteAllLeads)?;
            // Taken off already (by someone else) is what the device asked for.
            consent::dnc_remove(auth, id).await?;
            Ok(auth.tx().next_version().await?)
        }
        MutationOp::Update => Err(ApiError::validation(
            "dnc_not_editable",
            "A do-not-call entry is not edited: take the number off and add it again.",
        )),
    }
}
