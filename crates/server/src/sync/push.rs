//! Applying a push: each mutation at most once per device, in order, through the same
//! lead operations the REST API uses.
//!
//! The whole push is one transaction. Each mutation runs under a savepoint, so a refused
//! one leaves no trace but its answer, and its answer is stored with the device's id for
//! it. If the transaction never commits (a crash, a lost connection), nothing of the push
//! happened and the device's retry applies it afresh; if it committed and the answer was
//! lost, the retry gets the stored answers back and changes nothing.

use brokerdesk_core::ids::LeadId;
use brokerdesk_core::lead::LeadChanges;
use brokerdesk_core::sync::SyncEntity;
use brokerdesk_core::sync::push::{
    MAX_PUSH_MUTATIONS, Mutation, MutationOp, MutationOutcome, MutationResult, PushRequest,
    PushResponse,
};
use sqlx::types::Json;
use uuid::Uuid;

use crate::auth::Authenticated;
use crate::error::ApiError;
use crate::leads::{self, WriteOrigin, pushed};

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
    match mutation.entity {
        SyncEntity::Lead => {}
        SyncEntity::Consent => return applied(pushed::consent_entry(auth, &mutation).await?),
        SyncEntity::DncEntry => return applied(pushed::dnc_entry(auth, &mutation).await?),
        other => {
            return Err(ApiError::validation(
                "entity_read_only",
                format!("{other} records are changed through the app's own screens, not by sync."),
            ));
        }
    }
    let id: LeadId = mutation
        .entity_id
        .parse()
        .map_err(|_| ApiError::validation("invalid_id", "The lead id is not a UUID."))?;
    let origin = WriteOrigin {
        device: Some(device),
        base_version: mutation.base_version,
        mutation_id: Some(mutation.mutation_id),
    };
    let (version, conflicts) = match mutation.op {
        MutationOp::Create => {
            let changes = LeadChanges::from_json(&mutation.changes)?;
            let lead = leads::create(auth, id, changes, origin).await?;
            (lead.version, Vec::new())
        }
        MutationOp::Update => {
            let changes = LeadChanges::from_json(&mutation.changes)?;
            let (lead, conflicts) = leads::update(auth, id, changes, origin).await?;
            (lead.version, conflicts)
        }
        MutationOp::Delete => (leads::delete(auth, id).await?.0, Vec::new()),
    };
    Ok(MutationOutcome::Applied { version, conflicts })
}

/// A mutation that wrote `version` and overwrote nothing.
fn applied(version: i64) -> Result<MutationOutcome, ApiError> {
    Ok(MutationOutcome::Applied {
        version,
        conflicts: Vec::new(),
    })
}
