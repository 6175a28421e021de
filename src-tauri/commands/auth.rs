//! Signing in and out.

use brokerdesk_client::api::ApiClient;
use brokerdesk_client::session::{MemberIdentity, Session};
use brokerdesk_core::error::ErrorBody;
use brokerdesk_core::identity::{SignInRequest, StaffSignInRequest};
use brokerdesk_core::signed_in::SignedIn;
use chrono::{Duration, Utc};
use std::sync::Arc;
use tauri::{AppHandle, State};
use uuid::Uuid;

use super::CommandResult;
use crate::ending;
use crate::state::{AppState, Identity, StaffIdentity, not_signed_in};
use crate::sync::TenantSync;
use crate::tenant::cache_error;

/// Who the app is signed in as when the window (re)loads. At launch that is the
/// member whose refresh token the keychain holds, signed in again without asking, and
/// working from the cache when the server cannot be reached.
#[tauri::command]
pub async fn restore_session(
    app: AppHandle,
    state: State<'_, AppState>,
) -> CommandResult<Option<SignedIn>> {
    let mut identity = state.identity.lock().await;
    if let Identity::SignedOut = *identity {
        state.clear_support_leftovers().await;
        let restored = state.sessions.restore_current().await;
        if let Some(session) = restored.map_err(|e| e.to_body())? {
            *identity = member(&app, &state, session).await?;
        }
    }
    Ok(identity.signed_in())
}

/// The member identity for a session: their tenant's cache, syncing from now on, and
/// who they are, from the server or, offline, from that cache.
async fn member(
    app: &AppHandle,
    state: &AppState,
    session: Arc<Session>,
) -> CommandResult<Identity> {
    let tenant = TenantSync::start(app, &state.sessions, session, ending::on_access_lost).await?;
    let account = tenant.work.session.account().clone();
    let who = tenant
        .work
        .read(
            async |access| access.api().me().await.map(MemberIdentity::from),
            async |store| {
                MemberIdentity::from_cache(store, &account)
                    .await
                    .map_err(cache_error)?
                    .ok_or_else(never_synced)
            },
        )
        .await;
    match who {
        Ok(who) => Ok(Identity::Member { tenant, who }),
        Err(error) => {
            tenant.stop().await;
            Err(error)
        }
    }
}

fn never_synced() -> ErrorBody {
    ErrorBody::new(
        "server_unreachable",
        "The server cannot be reached, and this computer has no copy of your brokerage yet. Connect to the network and try again.",
    )
}

#[tauri::command]
pub async fn sign_in(
    app: AppHandle,
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
    let identity = member(&app, &state, session).await?;
    let signed_in = identity.signed_in().ok_or_else(not_signed_in)?;
    *state.identity.lock().await = identity;
    Ok(signed_in)
}

/// Staff tokens cannot be refreshed: the app leaves the staff sign-in when it runs out.
#[tauri::command]
pub async fn staff_sign_in(
    app: AppHandle,
    state: State<'_, AppState>,
    server_url: String,
    request: StaffSignInRequest,
) -> CommandResult<SignedIn> {
    let api = ApiClient::new(server_url.trim())?;
    let token = api.staff_sign_in(&request).await?;
    state.set_server_url(api.base_url().as_str());
    let staff = StaffIdentity {
        id: Uuid::new_v4(),
        api,
        token: token.access_token,
        email: request.email.trim().to_lowercase(),
        display_name: token.display_name,
        expires_at: Utc::now() + Duration::seconds(token.expires_in),
    };
    ending::sign_staff_out_when_due(app, staff.id, staff.leaves_at());
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
        Identity::Member { tenant, .. } => {
            tenant.stop().await;
            state
                .sessions
                .sign_out(&tenant.work.session)
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
