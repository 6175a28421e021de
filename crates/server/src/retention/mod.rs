//! Retention (core's `retention`): the owner's policies, the dry run that shows what a
//! policy would purge before it is saved, legal holds, and the scheduler that purges.
//! The dry run and the purge read the same queries (`purge`), holds excluded, so what
//! the app shows is what goes. The trail records ids and counts, never what was purged.

pub mod holds;
pub mod http;
pub mod purge;
pub mod scheduler;
pub mod staff_http;

use brokerdesk_core::ids::UserId;
use brokerdesk_core::permission::Permission;
use brokerdesk_core::retention::{DryRunResult, PurgeCount, RetentionKind, RetentionPolicy};
use chrono::{DateTime, Utc};
use serde_json::json;

use crate::auth::Authenticated;
use crate::db::TenantTx;
use crate::error::ApiError;

/// The periods the tenant has set, by kind: `Some(None)` is "keep forever" set
/// explicitly; a kind with no row is kept forever too.
pub async fn stored_policies(
    tx: &mut TenantTx,
) -> Result<Vec<(RetentionKind, Option<u32>, DateTime<Utc>)>, ApiError> {
    let rows: Vec<(String, Option<i32>, DateTime<Utc>)> = sqlx::query_as(
        "select kind, months, updated_at from retention_policies where tenant_id = $1",
    )
    .bind(tx.tenant_id().as_uuid())
    .fetch_all(tx.conn())
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(kind, months, at)| {
            let months = months.and_then(|m| u32::try_from(m).ok());
            RetentionKind::parse(&kind).map(|kind| (kind, months, at))
        })
        .collect())
}

/// Every kind with its setting and legal minimum. Owners set them; admins see them, as
/// they set the holds that stop a purge.
pub async fn policies(auth: &mut Authenticated) -> Result<Vec<RetentionPolicy>, ApiError> {
    auth.require(Permission::ManageLegalHolds)?;
    let stored = stored_policies(&mut auth.tx).await?;
    Ok(RetentionKind::ALL
        .into_iter()
        .map(|kind| match stored.iter().find(|(k, ..)| *k == kind) {
            Some(&(_, months, at)) => RetentionPolicy::new(kind, months, Some(at)),
            None => RetentionPolicy::new(kind, None, None),
        })
        .collect())
}

pub fn parse_kind(name: &str) -> Result<RetentionKind, ApiError> {
    RetentionKind::parse(name).ok_or_else(|| {
        ApiError::NotFound(format!(
            "No retention policy for \"{name}\": the kinds are conversations, closed_leads, invitations_and_mail, transactions and kb_versions."
        ))
    })
}

/// Sets how long `kind` is kept (none: forever), never below its legal minimum.
pub async fn set_policy(
    auth: &mut Authenticated,
    kind: RetentionKind,
    months: Option<u32>,
) -> Result<RetentionPolicy, ApiError> {
    auth.require(Permission::ManageRetention)?;
    let updated_at = store_policy(&mut auth.tx, kind, months, auth.user.id).await?;
    auth.audit(
        "retention.policy_set",
        None,
        json!({ "kind": kind.as_str(), "months": months }),
    )
    .await?;
    Ok(RetentionPolicy::new(kind, months, Some(updated_at)))
}

/// Stores a policy, validated against its legal minimum; for [`set_policy`] and the seed.
pub async fn store_policy(
    tx: &mut TenantTx,
    kind: RetentionKind,
    months: Option<u32>,
    by: UserId,
) -> Result<DateTime<Utc>, ApiError> {
    kind.validate(months)?;
    Ok(sqlx::query_scalar(
        "insert into retention_policies (tenant_id, kind, months, updated_at, updated_by)
         values ($1, $2, $3, now(), $4)
         on conflict (tenant_id, kind) do update
            set months = excluded.months, updated_at = excluded.updated_at, updated_by = excluded.updated_by
         returning updated_at",
    )
    .bind(tx.tenant_id().as_uuid())
    .bind(kind.as_str())
    .bind(months.map(|m| m as i32))
    .bind(by.as_uuid())
    .fetch_one(tx.conn())
    .await?)
}

/// What a policy of `months` for `kind` would purge at `now`: the purge's own queries,
/// so held records, and everything of a held tenant, are left out as the purge leaves
/// them.
pub async fn dry_run(
    auth: &mut Authenticated,
    kind: RetentionKind,
    months: u32,
    now: DateTime<Utc>,
) -> Result<DryRunResult, ApiError> {
    auth.require(Permission::ManageRetention)?;
    kind.validate(Some(months))?;
    dry_run_in(&mut auth.tx, kind, months, now).await
}

async fn dry_run_in(
    tx: &mut TenantTx,
    kind: RetentionKind,
    months: u32,
    now: DateTime<Utc>,
) -> Result<DryRunResult, ApiError> {
    if holds::tenant_held(tx).await? {
        let none = kind
            .records()
            .iter()
            .map(|&record| PurgeCount { record, count: 0 })
            .collect();
        return Ok(DryRunResult::new(kind, months, none, 0));
    }
    let counts = purge::find(tx, kind, months, now)
        .await?
        .iter()
        .map(purge::Found::count)
        .collect();
    let kept = if kind == RetentionKind::ClosedLeads {
        purge::kept_for_consent(tx, months, now).await?
    } else {
        0
    };
    Ok(DryRunResult::new(kind, months, counts, kept))
}
