//! Members and invitations. Reads, role changes, deactivation, reactivation and revoking
//! an invitation go through the encrypted cache and its outbox (see `edits`), so they
//! work offline and show as pending until synced. Inviting and resending need the
//! server: it makes the invitation link, which is shown once.

use brokerdesk_client::admin_screens;
use brokerdesk_core::admin_edit::MemberChanges;
use brokerdesk_core::admin_view::Edited;
use brokerdesk_core::identity::{UserStatus, UserSummary};
use brokerdesk_core::ids::UserId;
use brokerdesk_core::invitation::{InvitationLink, InvitationSummary, InviteRequest};
use brokerdesk_core::role::Role;
use tauri::State;
use uuid::Uuid;

use super::CommandResult;
use super::edits::{Workspace, online_only, queued, store_error};
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
    match Workspace::of(state).await? {
        Workspace::Cache(store) => admin_screens::members(&store).await.map_err(store_error),
        Workspace::Api(tenant) => Ok(synced(tenant.api().users().await?)),
    }
}

#[tauri::command]
pub async fn change_role(
    state: State<'_, AppState>,
    user_id: UserId,
    role: Role,
) -> CommandResult<UserSummary> {
    match Workspace::of(&state).await? {
        Workspace::Cache(store) => {
            let edit = store.edit_member(user_id, MemberChanges::role(role)).await;
            queued(&state, edit).await
        }
        Workspace::Api(tenant) => Ok(tenant.api().change_role(user_id, role).await?),
    }
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
    match Workspace::of(state).await? {
        Workspace::Cache(store) => {
            let edit = store
                .edit_member(user_id, MemberChanges::status(status))
                .await;
            queued(state, edit).await
        }
        Workspace::Api(tenant) if status == UserStatus::Active => {
            Ok(tenant.api().reactivate_user(user_id).await?)
        }
        Workspace::Api(tenant) => Ok(tenant.api().deactivate_user(user_id).await?),
    }
}

#[tauri::command]
pub async fn list_invitations(
    state: State<'_, AppState>,
) -> CommandResult<Vec<Edited<InvitationSummary>>> {
    match Workspace::of(&state).await? {
        Workspace::Cache(store) => admin_screens::invitations(&store)
            .await
            .map_err(store_error),
        Workspace::Api(tenant) => Ok(synced(tenant.api().invitations().await?)),
    }
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
    match Workspace::of(&state).await? {
        Workspace::Cache(store) => {
            queued(&state, store.revoke_invitation(invitation_id).await).await
        }
        Workspace::Api(tenant) => {
            tenant.api().revoke_invitation(invitation_id).await?;
            Ok(())
        }
    }
}

/// Records read straight from the server have nothing pending on this computer.
pub fn synced<T>(records: Vec<T>) -> Vec<Edited<T>> {
    records.into_iter().map(Edited::synced).collect()
}
