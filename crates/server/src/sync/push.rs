//! Applying a push: each mutation at most once per device, in order, through the same
//! domain operations the REST API uses: each entity's [`SyncSource`](super::source::SyncSource) reads its
//! mutations and calls those operations.
//!
//! The whole push is one transaction. Each mutation runs under a savepoint, so a refused
//! one leaves no trace but its answer, and its answer is stored with the device's id for
//! it. If the transaction never commits (a crash, a lost connection), nothing of the push
//! happened and the device's retry applies it afresh; if it committed and the answer was
//! lost, the retry gets the stored answers back and changes nothing.

use brokerdesk_core::sync::push::{
    MAX_PUSH_MUTATIONS, Mutation, MutationOutcome, MutationResult, PushRequest, PushResponse,
};
use uuid::Uuid;

use super::merge::WriteOrigin;
use super::mutation_memory;
use super::source::{SyncSources, read_only};
use crate::auth::Authenticated;
use crate::error::ApiError;

pub async fn apply(
    auth: &mut Authenticated,
    sources: &SyncSources,
    push: PushRequest,
) -> Result<PushResponse, ApiError> {
    if push.mutations.len() > MAX_PUSH_MUTATIONS {
        return Err(ApiError::validation(
            "push_too_large",
            format!("Send at most {MAX_PUSH_MUTATIONS} mutations per push."),
        ));
    }
    let mut results = Vec::with_capacity(push.mutations.len());
    for mutation in push.mutations {
        let mutation_id = mutation.mutation_id;
        if let Some(outcome) =
            mutation_memory::recall(&mut auth.tx, push.device_id, mutation_id).await?
        {
            results.push(MutationResult {
                mutation_id,
                outcome,
                replayed: true,
            });
            continue;
        }
        sqlx::query("savepoint mutation")
            .execute(auth.tx.conn())
            .await?;
        let outcome = match apply_one(auth, sources, push.device_id, mutation).await {
            Ok(outcome) => {
                sqlx::query("release savepoint mutation")
                    .execute(auth.tx.conn())
                    .await?;
                outcome
            }
            Err(error @ (ApiError::Internal(_) | ApiError::Unavailable)) => return Err(error),
            Err(refused) => {
                sqlx::query("rollback to savepoint mutation")
                    .execute(auth.tx.conn())
                    .await?;
                MutationOutcome::Rejected {
                    code: refused.code().to_owned(),
                    message: refused.to_string(),
                }
            }
        };
        mutation_memory::remember(&mut auth.tx, push.device_id, mutation_id, &outcome).await?;
        results.push(MutationResult {
            mutation_id,
            outcome,
            replayed: false,
        });
    }
    // Last, so a push that wrote holds the tenant clock before it locks old answers (an
    // erasure takes them in that order too).
    mutation_memory::forget_expired(&mut auth.tx).await?;
    Ok(PushResponse { results })
}

async fn apply_one(
    auth: &mut Authenticated,
    sources: &SyncSources,
    device: Uuid,
    mutation: Mutation,
) -> Result<MutationOutcome, ApiError> {
    let origin = WriteOrigin {
        device: Some(device),
        base_version: mutation.base_version,
        mutation_id: Some(mutation.mutation_id),
    };
    match sources.get(mutation.entity) {
        Some(source) => source.apply(auth, &mutation, origin).await,
        None => Err(read_only(&mutation)),
    }
}
