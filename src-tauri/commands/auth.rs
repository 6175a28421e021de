//! Signing in and out.

use brokerdesk_client::api::ApiClient;
use brokerdesk_client::session::Session;
use brokerdesk_core::error::ErrorBody;
use brokerdesk_core::identity::{SignInRequest, StaffSignInRequest};
use brokerdesk_core::signed_in::SignedIn;
use std::sync::Arc;
use tauri::State;

use super::CommandResult;
use crate::state::{AppState, Identity, StaffIdentity, not_signed_in};
use crate::sync::TenantSync;

/// Who the app is signed in as when the window (re)loads. At launch that is the
/// member whose refresh token the keychain holds, signed in again without asking.
#[tauri::command]
pub async fn restore_session(state: State<'_, AppState>) -> CommandResult<Option<SignedIn>> {
    let mut identity = state.identity.lock().await;
    if let Identity::SignedOut = *identity {
        let restored = state.sessions.restore_current().await;
        if let Some(session) = restored.map_err(|e| e.to_body())? {
            *identity = member(&state, session).await?;
        }
    }
    Ok(identity.signed_in())
}

/// The member identity for a session: who they are now, from the server, and their
/// tenant's cache, syncing from now on.
async fn member(state: &AppState, session: Arc<Session>) -> CommandResult<Identity> {
    let token = session.access_token().await.map_err(|e| e.to_body())?;
    let me = session.api().authorised(&token).me().await?;
    let sync = TenantSync::start(&state.sessions, session.clone()).await?;
    Ok(Identity::Member { session, me, sync })
}

#[tauri::command]
pub async fn sign_in(
    state: State<'_, AppState>,
    server_url: String,
    request: SignInRequest,
) -> CommandResult<SignedIn> {
    let session = state
        .sessions
        .sign_in(server_url.trim(), &request)
        .await
        .map_err(|e| e.to_body())?;
    state.set_server_url(session.api().base_url().as_str());
    let identity = member(&state, session).await?;
    let signed_in = identity.signed_in().ok_or_else(not_signed_in)?;
    *state.identity.lock().await = identity;
    Ok(signed_in)
}

#[tauri::command]
pub async fn staff_sign_in(
    state: State<'_, AppState>,
    server_url: String,
    request: StaffSignInRequest,
) -> CommandResult<SignedIn> {
    let api = ApiClient::new(server_url.trim())?;
    let token = api.staff_sign_in(&request).await?;
    state.set_server_url(api.base_url().as_str());
    let staff = StaffIdentity {
        api,
        token: token.access_token,
        display_name: token.display_name,
    };
    let signed_in = staff.signed_in();
    *state.identity.lock().await = Identity::Staff(staff);
    Ok(signed_in)
}

#[tauri::command]
pub async fn sign_out(state: State<'_, AppState>) -> CommandResult<()> {
    let mut identity = state.identity.lock().await;
    match &*identity {
        Identity::SignedOut => Err(not_signed_in()),
        // Ends the session on the server when it can be reached, and crypto-shreds
        // the tenant's cache, its key and the refresh token either way.
        Identity::Member { session, sync, .. } => {
            sync.stop().await;
            state
                .sessions
                .sign_out(session)
                .await
                .map_err(|e| e.to_body())?;
            *identity = Identity::SignedOut;
            Ok(())
        }
        Identity::Support { .. } => Err(ErrorBody::new(
            "support_session_open",
            "End the support session first, from the banner at the top of the window.",
        )),
        // Staff keep nothing on disk: forgetting the token is the whole sign-out.
        Identity::Staff(_) => {
            *identity = Identity::SignedOut;
            Ok(())
        }
    }
}
