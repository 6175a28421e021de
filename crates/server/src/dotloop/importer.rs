//! One import run for a tenant: the account's profiles, then each profile's loops
//! (`batch_size=100`, details inline, stopping at a short page; incremental after the
//! first success with `filter=updated_min=`), the participants of each loop, and each
//! page stored and its progress committed before the next page is fetched.

use brokerdesk_core::ids::TenantId;
use brokerdesk_core::transactions::dotloop_api::{
    ApiParticipant, Envelope, Loop, LoopDetails, MAX_BATCH_SIZE, Page, Profile, loop_to_transaction,
};
use chrono::{DateTime, SecondsFormat, Utc};
use serde_json::json;
use std::collections::HashSet;
use uuid::Uuid;

use super::Dotloop;
use super::api::ApiSession;
use super::runs::{self, Progress, RunLock, Trigger};
use super::store::ImportedLoop;
use crate::auth::audit::{record, system_event};
use crate::error::ApiError;

/// A run that has its lock and its row, ready to go.
pub struct StartedRun {
    pub id: Uuid,
    tenant: TenantId,
    updated_min: Option<DateTime<Utc>>,
    lock: RunLock,
}

/// Takes the tenant's import lock and records a run; `Conflict` when one is running.
pub async fn start(
    dotloop: &Dotloop,
    tenant: TenantId,
    trigger: Trigger,
) -> Result<StartedRun, ApiError> {
    let lock = runs::try_lock(&dotloop.db, tenant)
        .await?
        .ok_or_else(|| ApiError::Conflict {
            code: "dotloop_import_running",
            message: "A Dotloop import is running for this brokerage already; its progress shows in Settings."
                .into(),
        })?;
    let id = Uuid::now_v7();
    let mut tx = runs::scoped(&dotloop.db, tenant).await?;
    let updated_min = runs::start(&mut tx, id, trigger).await?;
    tx.commit().await?;
    Ok(StartedRun {
        id,
        tenant,
        updated_min,
        lock,
    })
}

/// Runs a started import to its end, records the outcome and audits it, then lets go
/// of the lock.
pub async fn finish(dotloop: &Dotloop, run: StartedRun) -> Result<Progress, ApiError> {
    let mut progress = Progress::default();
    let outcome = import(dotloop, &run, &mut progress).await;
    let mut tx = runs::scoped(&dotloop.db, run.tenant).await?;
    runs::record_progress(&mut tx, run.id, &progress).await?;
    runs::finish(&mut tx, run.id, outcome.as_ref().err().map(ApiError::code)).await?;
    let event = system_event(
        run.tenant,
        "Dotloop import",
        "dotloop.imported",
        Some(run.id.to_string()),
        json!({
            "loopsSeen": progress.loops_seen,
            "created": progress.counts.created,
            "updated": progress.counts.updated,
            "unchanged": progress.counts.unchanged,
            "incremental": run.updated_min.is_some(),
            "error": outcome.as_ref().err().map(ApiError::code),
        }),
    );
    record(&mut tx, event).await?;
    tx.commit().await?;
    run.lock.release().await?;
    outcome.map(|()| progress)
}

/// Starts and finishes a run in one go (the schedule, and tests).
pub async fn run(
    dotloop: &Dotloop,
    tenant: TenantId,
    trigger: Trigger,
) -> Result<Progress, ApiError> {
    let started = start(dotloop, tenant, trigger).await?;
    finish(dotloop, started).await
}

fn loop_query(batch: u32, updated_min: Option<DateTime<Utc>>) -> Vec<(&'static str, String)> {
    let mut query = vec![
        ("batch_number", batch.to_string()),
        ("batch_size", MAX_BATCH_SIZE.to_string()),
        ("include_details", "true".to_owned()),
        ("sort", "updated:asc".to_owned()),
    ];
    if let Some(since) = updated_min {
        query.push((
            "filter",
            format!(
                "updated_min={}",
                since.to_rfc3339_opts(SecondsFormat::Secs, true)
            ),
        ));
    }
    query
}

async fn import(
    dotloop: &Dotloop,
    run: &StartedRun,
    progress: &mut Progress,
) -> Result<(), ApiError> {
    dotloop.client()?;
    let mut api = ApiSession::open(dotloop, run.tenant).await?;
    let profiles: Envelope<Vec<Profile>> = api.get("/profile", &[]).await?;
    // A loop shows under every profile it belongs to (an agent's and their office's):
    // it is stored once per run.
    let mut seen = HashSet::new();
    for profile in &profiles.data {
        let path = format!("/profile/{}/loop", profile.id);
        for batch in 1.. {
            let page: Page<Loop> = api.get(&path, &loop_query(batch, run.updated_min)).await?;
            if batch == 1 {
                progress.loops_total += page.meta.total;
            }
            let mut imported = Vec::new();
            for api_loop in &page.data {
                if !seen.insert(api_loop.id.clone()) {
                    continue;
                }
                imported.push(with_participants(&mut api, &profile.id, api_loop).await?);
            }
            progress.loops_seen += imported.len() as u64;
            let mut tx = runs::scoped(&dotloop.db, run.tenant).await?;
            progress.counts += dotloop.store.0.store_loops(&mut tx, imported).await?;
            runs::record_progress(&mut tx, run.id, progress).await?;
            tx.commit().await?;
            if page.is_last(MAX_BATCH_SIZE) {
                break;
            }
        }
    }
    Ok(())
}

/// A loop from a list page (details inline) with its participants, as a deal.
async fn with_participants(
    api: &mut ApiSession,
    profile_id: &str,
    api_loop: &Loop,
) -> Result<ImportedLoop, ApiError> {
    let participants: Envelope<Vec<ApiParticipant>> = api
        .get(
            &format!("/profile/{profile_id}/loop/{}/participant", api_loop.id),
            &[],
        )
        .await?;
    let details = api_loop.details.clone().unwrap_or_default();
    Ok(imported(profile_id, api_loop, &details, &participants.data))
}

pub fn imported(
    profile_id: &str,
    api_loop: &Loop,
    details: &LoopDetails,
    participants: &[ApiParticipant],
) -> ImportedLoop {
    let (fields, findings) = loop_to_transaction(profile_id, api_loop, details, participants);
    ImportedLoop { fields, findings }
}

/// One loop fetched on its own (a webhook): the loop, its details and participants.
/// None when Dotloop no longer has it.
pub async fn fetch_loop(
    api: &mut ApiSession,
    profile_id: &str,
    loop_view_id: &str,
) -> Result<Option<ImportedLoop>, ApiError> {
    let base = format!("/profile/{profile_id}/loop/{loop_view_id}");
    let Some(api_loop) = api.get_optional::<Envelope<Loop>>(&base, &[]).await? else {
        return Ok(None);
    };
    let details: Envelope<LoopDetails> = api.get(&format!("{base}/detail"), &[]).await?;
    let participants: Envelope<Vec<ApiParticipant>> =
        api.get(&format!("{base}/participant"), &[]).await?;
    Ok(Some(imported(
        profile_id,
        &api_loop.data,
        &details.data,
        &participants.data,
    )))
}
