//! Platform staff: finding tenants, and support sessions inside one.

use brokerdesk_core::error::ErrorBody;
use brokerdesk_core::identity::{OpenSupportSessionRequest, StaffTenantView};
use brokerdesk_core::signed_in::SignedIn;
use tauri::{AppHandle, State};

use super::CommandResult;
use crate::ending;
use crate::state::{AppState, Identity, not_signed_in, staff_expired, support_ends_at};
use crate::sync::TenantSync;

#[tauri::command]
pub async fn staff_tenants(
    state: State<'_, AppState>,
    query: String,
) -> CommandResult<Vec<StaffTenantView>> {
    let (api, token) = state.staff().await?;
    Ok(api.authorised(&token).staff_tenants(query.trim()).await?)
}

/// Opens the tenant as support with the staff token the app holds, and switches the
/// app into it: the tenant gets an ephemeral cache of its own, synced like a member's
/// and deleted when the session ends, runs out, or the staff sign-in does.
#[tauri::command]
pub async fn open_support_session(
    app: AppHandle,
    state: State<'_, AppState>,
    request: OpenSupportSessionRequest,
) -> CommandResult<SignedIn> {
    let mut identity = state.identity.lock().await;
    let Identity::Staff(staff) = &*identity else {
        return Err(ErrorBody::new(
            "staff_view_required",
            "Support sessions are opened from the staff view, one at a time.",
        ));
    };
    if staff.expired() {
        return Err(staff_expired());
    }
    let staff = staff.clone();
    let opening = state
        .sessions
        .open_support_as(
            staff.api.base_url().as_str(),
            &staff.token,
            &staff.email,
            &request,
        )
        .await
        .map_err(|e| e.to_body())?;
    let tenant = match TenantSync::start(&app, &state.sessions, opening.session.clone(), ending::on_access_lost).await {
        Ok(tenant) => tenant,
        Err(error) => {
            // No session without its cache: end it, and delete what was made of it.
            let _ = state.sessions.close_support(&opening.session).await;
            return Err(error);
        }
    };
    ending::end_support_when_due(
        app,
        opening.details.id,
        support_ends_at(&staff, &opening.details),
    );
    *identity = Identity::Support {
        staff,
        tenant,
        summary: Box::new(opening.tenant),
        details: Box::new(opening.details),
    };
    identity.signed_in().ok_or_else(not_signed_in)
}

/// Ends the support session on the server, deletes its cache and returns to the staff
/// view (or to the sign-in screen, if the staff sign-in ran out meanwhile). A session
/// the server already ended still ends here.
#[tauri::command]
pub async fn end_support_session(state: State<'_, AppState>) -> CommandResult<Option<SignedIn>> {
    let mut identity = state.identity.lock().await;
    ending::leave_current_support(&state, &mut identity).await;
    Ok(identity.signed_in())
}
