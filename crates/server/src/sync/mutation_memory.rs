//! What the server remembers of pushed mutations: each one's answer, by device and
//! mutation id, so a replay (the device never saw the acknowledgement) gets the same
//! answer and changes nothing.
//!
//! Answers are kept for [`REMEMBER_FOR`], then purged. The purge runs at the end of a
//! push, for the pushing tenant only: no scheduler has to be operated, it runs as the
//! API role under the tenant's row-level security, and finding nothing to purge costs
//! one index probe. A tenant that stops pushing stops adding answers, so what it leaves
//! behind no longer grows.
//!
//! Forgetting must not turn a late replay into a second application. For each device
//! the newest purged mutation id is kept: a device pushes its queue in order and makes
//! its ids in time order (UUIDv7), so an id at or below that mark which is no longer
//! remembered was answered before, and is refused as forgotten.

use brokerdesk_core::sync::push::MutationOutcome;
use chrono::{Duration, Utc};
use sqlx::types::Json;
use uuid::Uuid;

use crate::db::TenantTx;
use crate::error::ApiError;

/// How long a push answer is kept. A device that replays a mutation later than this
/// after the server first received it gets [`FORGOTTEN`] instead of the answer.
pub const REMEMBER_FOR: Duration = Duration::days(30);

/// The refusal code of a replay whose answer was purged.
pub const FORGOTTEN: &str = "mutation_forgotten";

/// The answer `device` got for `mutation`, if the server still has it, or the refusal of
/// a mutation whose answer was purged.
pub async fn recall(
    tx: &mut TenantTx,
    device: Uuid,
    mutation: Uuid,
) -> Result<Option<MutationOutcome>, ApiError> {
    let (stored, forgotten): (Option<Json<MutationOutcome>>, bool) = sqlx::query_as(
        "select (select result from sync_mutations
                  where tenant_id = $1 and device_id = $2 and mutation_id = $3),
                exists (select 1 from sync_forgotten_mutations
                         where tenant_id = $1 and device_id = $2 and through_mutation >= $3)",
    )
    .bind(tx.tenant_id().as_uuid())
    .bind(device)
    .bind(mutation)
    .fetch_one(tx.conn())
    .await?;
    Ok(match (stored, forgotten) {
        (Some(Json(outcome)), _) => Some(outcome),
        (None, true) => Some(MutationOutcome::Rejected {
            code: FORGOTTEN.to_owned(),
            message: format!(
                "The server received this edit more than {} days ago and no longer keeps what \
                 became of it, so it was not applied again. The record now shows what the \
                 server holds: check it, and make the edit again if it is missing.",
                REMEMBER_FOR.num_days()
            ),
        }),
        (None, false) => None,
    })
}

/// Keeps the answer `device` got for `mutation`, in the push's transaction.
pub async fn remember(
    tx: &mut TenantTx,
    device: Uuid,
    mutation: Uuid,
    outcome: &MutationOutcome,
) -> Result<(), ApiError> {
    sqlx::query(
        "insert into sync_mutations (tenant_id, device_id, mutation_id, result) values ($1, $2, $3, $4)",
    )
    .bind(tx.tenant_id().as_uuid())
    .bind(device)
    .bind(mutation)
    .bind(Json(outcome))
    .execute(tx.conn())
    .await?;
    Ok(())
}

/// Purges the tenant's answers older than [`REMEMBER_FOR`] and raises each affected
/// device's forgotten mark. Returns how many answers went.
pub async fn forget_expired(tx: &mut TenantTx) -> Result<u64, ApiError> {
    // uuid has no max(); lower-case hex text orders as the uuid's bytes do.
    let forgotten: i64 = sqlx::query_scalar(
        "with gone as (
             delete from sync_mutations where tenant_id = $1 and created_at < $2
             returning device_id, mutation_id),
         marks as (
             insert into sync_forgotten_mutations (tenant_id, device_id, through_mutation)
             select $1, device_id, max(mutation_id::text)::uuid from gone group by device_id
             on conflict (tenant_id, device_id) do update
                set through_mutation = greatest(sync_forgotten_mutations.through_mutation,
                                                excluded.through_mutation))
         select count(*) from gone",
    )
    .bind(tx.tenant_id().as_uuid())
    .bind(Utc::now() - REMEMBER_FOR)
    .fetch_one(tx.conn())
    .await?;
    Ok(forgotten as u64)
}
