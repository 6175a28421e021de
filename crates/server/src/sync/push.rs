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
    MAX_PUSH_MUTATIONS, Mutation, MutationOutcome, MutationResult, PushRequest, PushResponse,
};
use sqlx::types::Json;
use uuid::Uuid;

use crate::auth::Authenticated;
use crate::error::ApiError;
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
        if let Some(outcome) = remembered(auth, push.device_id, mutation_id).await? {
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
        sqlx::query(
            "insert into sync_mutations (tenant_id, device_id, mutation_id, result) values ($1, $2, $3, $4)",
        )
        .bind(auth.tx.tenant_id().as_uuid())
        .bind(push.device_id)
        .bind(mutation_id)
        .bind(Json(&outcome))
        .execute(auth.tx.conn())
        .await?;
        results.push(MutationResult {
            mutation_id,
            outcome,
            replayed: false,
        });
    }
    Ok(PushResponse { results })
}

async fn remembered(
    auth: &mut Authenticated,
    device: Uuid,
    mutation: Uuid,
) -> Result<Option<MutationOutcome>, ApiError> {
    let stored: Option<Json<MutationOutcome>> = sqlx::query_scalar(
        "select result from sync_mutations where tenant_id = $1 and device_id = $2 and mutation_id = $3",
    )
    .bind(auth.tx.tenant_id().as_uuid())
    .bind(device)
    .bind(mutation)
    .fetch_optional(auth.tx.conn())
    .await?;
    Ok(stored.map(|Json(outcome)| outcome))
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
    match mutation.entity {
        SyncEntity::Lead => leads::apply(auth, &mutation, origin).await,
        SyncEntity::User => users::apply(auth, &mutation, origin).await,
        SyncEntity::Settings => settings::apply(auth, &mutation, origin).await,
        SyncEntity::ApiKey => api_keys::apply(auth, &mutation).await,
        SyncEntity::Invitation => invitations::apply(auth, &mutation).await,
        entity => Err(ApiError::validation(
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

/// Refuses an operation sync does not carry for this entity, saying why.
fn unsupported(mutation: &Mutation, why: &str) -> ApiError {
    let op = serde_json::to_value(mutation.op)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default();
    ApiError::validation(
        "op_not_supported",
        format!("A {} cannot be {op}d by sync: {why}", mutation.entity),
    )
}
