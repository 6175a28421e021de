//! Signing in and out.

use brokerdesk_client::api::ApiClient;
use brokerdesk_core::error::ErrorBody;
use brokerdesk_core::identity::{SignInRequest, StaffSignInRequest};
use brokerdesk_core::signed_in::SignedIn;
use tauri::State;

use super::CommandResult;
use crate::state::{AppState, Identity, StaffIdentity, not_signed_in};

/// Who the app is signed in as when the window (re)loads.
#[tauri::command]
pub async fn restore_session(state: State<'_, AppState>) -> CommandResult<Option<SignedIn>> {
    Ok(state.identity.lock().await.signed_in())
}

#[tauri::command]
pub async fn sign_in(
    state: State<'_, AppState>,
    server_url: String,
    request: SignInRequest,
) -> CommandResult<SignedIn> {
    let api = ApiClient::new(server_url.trim())?;
    let tokens = api.sign_in(&request).await?;
    let me = api.authorised(&tokens.access_token).me().await?;
    state.set_server_url(api.base_url().as_str());
    let identity = Identity::Member {
        api,
        access_token: tokens.access_token,
        me,
    };
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
        Identity::Member {
            api, access_token, ..
        } => {
            // Ending the session on the server is best effort: signing out must work
            // offline too, and the token dies with this process anyway.
            if let Err(error) = api.authorised(access_token).sign_out().await {
                tracing::warn!(code = error.code(), "the server did not end the session");
            }
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
