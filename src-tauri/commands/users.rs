//! Members and invitations.

use brokerdesk_core::identity::UserSummary;
use brokerdesk_core::ids::UserId;
use brokerdesk_core::invitation::{InvitationLink, InvitationSummary, InviteRequest};
use brokerdesk_core::role::Role;
use brokerdesk_core::sync::SyncEntity;
use tauri::State;
use uuid::Uuid;

use super::CommandResult;
use crate::state::AppState;
use crate::tenant::records;

#[tauri::command]
pub async fn list_users(state: State<'_, AppState>) -> CommandResult<Vec<UserSummary>> {
    state
        .read(
            async |tenant| tenant.api().users().await,
            async |store| records(store, SyncEntity::User).await,
        )
        .await
}

#[tauri::command]
pub async fn change_role(
    state: State<'_, AppState>,
    user_id: UserId,
    role: Role,
) -> CommandResult<UserSummary> {
    Ok(state
        .tenant()
        .await?
        .api()
        .change_role(user_id, role)
        .await?)
}

#[tauri::command]
pub async fn deactivate_user(
    state: State<'_, AppState>,
    user_id: UserId,
) -> CommandResult<UserSummary> {
    Ok(state.tenant().await?.api().deactivate_user(user_id).await?)
}

#[tauri::command]
pub async fn list_invitations(state: State<'_, AppState>) -> CommandResult<Vec<InvitationSummary>> {
    state
        .read(
            async |tenant| tenant.api().invitations().await,
            async |store| records(store, SyncEntity::Invitation).await,
        )
        .await
}

#[tauri::command]
pub async fn invite_user(
    state: State<'_, AppState>,
    request: InviteRequest,
) -> CommandResult<InvitationLink> {
    Ok(state.tenant().await?.api().invite(&request).await?)
}

#[tauri::command]
pub async fn resend_invitation(
    state: State<'_, AppState>,
    invitation_id: Uuid,
) -> CommandResult<InvitationLink> {
    let tenant = state.tenant().await?;
    Ok(tenant.api().resend_invitation(invitation_id).await?)
}

#[tauri::command]
pub async fn revoke_invitation(
    state: State<'_, AppState>,
    invitation_id: Uuid,
) -> CommandResult<InvitationSummary> {
    let tenant = state.tenant().await?;
    Ok(tenant.api().revoke_invitation(invitation_id).await?)
}
