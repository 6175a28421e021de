//! Applying a push: each mutation at most once per device, in order, through the same
//! domain operations the REST API uses. Each entity has a module of its own below that
//! reads its mutations and calls those operations.
//!
//! The whole push is one transaction. Each mutation runs under a savepoint, so a refused
//! one leaves no trace but its answer, and its answer is stored with the device's id for
//! it. If the transaction never commits (a crash, a lost connection), nothing of the push
//! happened and the device's retry applies it afresh; if it committed and the answer was
//! lost, the retry gets the stored answers back and changes nothing.

mod api_keys;
mod invitations;
mod leads;
mod settings;
mod users;

use brokerdesk_core::sync::SyncEntity;
use brokerdesk_core::sync::push::{
    FieldConflict, MAX_PUSH_MUTATIONS, Mutation, MutationOp, MutationOutcome, MutationResult,
    PushRequest, PushResponse,
};
use uuid::Uuid;

use super::mutation_memory;
use crate::auth::Authenticated;
use crate::error::ApiError;
use crate::leads::pushed;
use crate::sync::merge::WriteOrigin;

pub async fn apply(auth: &mut Authenticated, push: PushRequest) -> Result<PushResponse, ApiError> {
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
        let outcome = match apply_one(auth, push.device_id, mutation).await {
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
    device: Uuid,
    mutation: Mutation,
) -> Result<MutationOutcome, ApiError> {
    let origin = WriteOrigin {
        device: Some(device),
        base_version: mutation.base_version,
        mutation_id: Some(mutation.mutation_id),
    };
    use MutationOp::{Delete, Update};
    let m = &mutation;
    match (m.entity, m.op) {
        (SyncEntity::Lead, _) => leads::apply(auth, m, origin).await,
        // Consent is append-only and a do-not-call entry is added or removed whole, so
        // neither has fields to merge.
        (SyncEntity::Consent, _) => Ok(applied(pushed::consent_entry(auth, m).await?, Vec::new())),
        (SyncEntity::DncEntry, _) => Ok(applied(pushed::dnc_entry(auth, m).await?, Vec::new())),
        (SyncEntity::User, Update) => users::apply(auth, m, origin).await,
        (SyncEntity::User, _) => Err(unsupported(m, users::ONLY_UPDATED)),
        (SyncEntity::Settings, Update) => settings::apply(auth, m, origin).await,
        (SyncEntity::Settings, _) => Err(unsupported(m, settings::ONLY_UPDATED)),
        (SyncEntity::ApiKey, Delete) => api_keys::apply(auth, m).await,
        (SyncEntity::ApiKey, _) => Err(unsupported(m, api_keys::ONLY_REVOKED)),
        (SyncEntity::Invitation, Delete) => invitations::apply(auth, m).await,
        (SyncEntity::Invitation, _) => Err(unsupported(m, invitations::ONLY_REVOKED)),
        (entity, _) => Err(ApiError::validation(
            "entity_read_only",
            format!("{entity} records are not changed by sync."),
        )),
    }
}

/// The mutation's record id, as the entity's id type.
fn entity_id<T: std::str::FromStr>(mutation: &Mutation) -> Result<T, ApiError> {
    mutation.entity_id.parse().map_err(|_| {
        ApiError::validation(
            "invalid_id",
            format!("The {} id is not a UUID.", mutation.entity),
        )
    })
}

/// Refuses an operation sync does not carry for the mutation's entity, saying `why`.
fn unsupported(mutation: &Mutation, why: &str) -> ApiError {
    let attempted = match mutation.op {
        MutationOp::Create => "created",
        MutationOp::Update => "changed",
        MutationOp::Delete => "deleted",
    };
    let record = match mutation.entity {
        SyncEntity::User => "A member",
        SyncEntity::Settings => "The settings",
        SyncEntity::ApiKey => "An API key",
        SyncEntity::Invitation => "An invitation",
        _ => "This record",
    };
    ApiError::validation(
        "op_not_supported",
        format!("{record} cannot be {attempted} by sync: {why}"),
    )
}

/// The answer to an applied mutation.
fn applied(version: i64, conflicts: Vec<FieldConflict>) -> MutationOutcome {
    MutationOutcome::Applied { version, conflicts }
}
