//! The audit trail, and checking it locally.

use brokerdesk_client::audit::check::verify_trail;
use brokerdesk_client::audit::sentences::tell_trail;
use brokerdesk_core::audit::sentence::TrailLine;
use brokerdesk_core::audit::{AuditEntry, ChainVerdict};
use brokerdesk_core::identity::SupportSession;
use brokerdesk_core::sync::SyncEntity;
use tauri::State;

use super::CommandResult;
use crate::state::AppState;
use crate::tenant::{cache_error, records};

/// The whole trail in chain order, each entry with its sentence in today's names from
/// the cache; the UI filters and virtualises it.
#[tauri::command]
pub async fn audit_trail(state: State<'_, AppState>) -> CommandResult<Vec<TrailLine>> {
    let entries: Vec<AuditEntry> = state
        .read(
            async |tenant| tenant.api().audit_trail().await,
            async |store| records(store, SyncEntity::AuditEntry).await,
        )
        .await?;
    let store = state.store().await?;
    tell_trail(&store, entries).await.map_err(cache_error)
}

#[tauri::command]
pub async fn support_sessions(state: State<'_, AppState>) -> CommandResult<Vec<SupportSession>> {
    Ok(state.tenant().await?.api().support_sessions().await?)
}

/// Recomputes the hash chain here, with the core verifier, against the tenant the app
/// is signed in to (not whatever tenant the entries claim).
#[tauri::command]
pub async fn verify_audit_trail(state: State<'_, AppState>) -> CommandResult<ChainVerdict> {
    let tenant = state.tenant().await?;
    Ok(verify_trail(tenant.api(), tenant.tenant_id).await?)
}
