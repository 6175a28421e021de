//! Members and invitations. Reads, role changes, deactivation, reactivation and revoking
//! an invitation go through the encrypted cache and its outbox (see `edits`), so they
//! work offline and show as pending until synced. Inviting and resending need the
//! server: it makes the invitation link, which is shown once.

use brokerdesk_client::members::screens;
use brokerdesk_core::admin_edit::MemberChanges;
use brokerdesk_core::admin_view::Edited;
use brokerdesk_core::identity::{UserStatus, UserSummary};
use brokerdesk_core::ids::UserId;
use brokerdesk_core::invitation::{InvitationLink, InvitationSummary, InviteRequest};
use brokerdesk_core::role::Role;
use tauri::State;
use uuid::Uuid;

use super::CommandResult;
use super::edits::{online_only, queued, store_error};
use crate::state::AppState;

const LINK_MADE_BY_SERVER: &str = "the invitation link is made by the server and shown once.";

/// The members as this computer shows them, for pickers and names.
#[tauri::command]
pub async fn list_users(state: State<'_, AppState>) -> CommandResult<Vec<UserSummary>> {
    let rows = members(&state).await?;
    Ok(rows.into_iter().map(|row| row.record).collect())
}

/// The members with where this computer's edits of each stand, for the Users screen.
#[tauri::command]
pub async fn member_rows(state: State<'_, AppState>) -> CommandResult<Vec<Edited<UserSummary>>> {
    members(&state).await
}

async fn members(state: &AppState) -> CommandResult<Vec<Edited<UserSummary>>> {
    let store = state.store().await?;
    screens::members(&store).await.map_err(store_error)
}

#[tauri::command]
pub async fn change_role(
    state: State<'_, AppState>,
    user_id: UserId,
    role: Role,
) -> CommandResult<UserSummary> {
    let store = state.store().await?;
    let edit = store.edit_member(user_id, MemberChanges::role(role)).await;
    queued(&state, edit).await
}

#[tauri::command]
pub async fn deactivate_user(
    state: State<'_, AppState>,
    user_id: UserId,
) -> CommandResult<UserSummary> {
    set_status(&state, user_id, UserStatus::Deactivated).await
}

#[tauri::command]
pub async fn reactivate_user(
    state: State<'_, AppState>,
    user_id: UserId,
) -> CommandResult<UserSummary> {
    set_status(&state, user_id, UserStatus::Active).await
}

async fn set_status(
    state: &AppState,
    user_id: UserId,
    status: UserStatus,
) -> CommandResult<UserSummary> {
    let store = state.store().await?;
    let edit = store
        .edit_member(user_id, MemberChanges::status(status))
        .await;
    queued(state, edit).await
}

#[tauri::command]
pub async fn list_invitations(
    state: State<'_, AppState>,
) -> CommandResult<Vec<Edited<InvitationSummary>>> {
    let store = state.store().await?;
    screens::invitations(&store)
        .await
        .map_err(store_error)
}

#[tauri::command]
pub async fn invite_user(
    state: State<'_, AppState>,
    request: InviteRequest,
) -> CommandResult<InvitationLink> {
    let invited = state.tenant().await?.api().invite(&request).await;
    // The new invitation reaches the cache with the next pull.
    state.nudge_sync().await;
    online_only(invited, "Inviting someone", LINK_MADE_BY_SERVER)
}

#[tauri::command]
pub async fn resend_invitation(
    state: State<'_, AppState>,
    invitation_id: Uuid,
) -> CommandResult<InvitationLink> {
    let resent = state
        .tenant()
        .await?
        .api()
        .resend_invitation(invitation_id)
        .await;
    state.nudge_sync().await;
    online_only(resent, "Resending an invitation", LINK_MADE_BY_SERVER)
}

#[tauri::command]
pub async fn revoke_invitation(
    state: State<'_, AppState>,
    invitation_id: Uuid,
) -> CommandResult<()> {
    let store = state.store().await?;
    queued(&state, store.revoke_invitation(invitation_id).await).await
}
