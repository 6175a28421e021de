//! Platform staff: finding tenants, and support sessions inside one.

use brokerdesk_core::error::ErrorBody;
use brokerdesk_core::identity::{OpenSupportSessionRequest, StaffTenantView};
use brokerdesk_core::signed_in::SignedIn;
use tauri::State;

use super::CommandResult;
use crate::state::{AppState, Identity, not_signed_in};

#[tauri::command]
pub async fn staff_tenants(
    state: State<'_, AppState>,
    query: String,
) -> CommandResult<Vec<StaffTenantView>> {
    let (api, token) = state.staff().await?;
    Ok(api.authorised(&token).staff_tenants(query.trim()).await?)
}

/// Opens the tenant as support and switches the app into it. `subdomain` finds the
/// tenant's summary for the banner; the server's answer, not the UI, supplies it.
#[tauri::command]
pub async fn open_support_session(
    state: State<'_, AppState>,
    request: OpenSupportSessionRequest,
    subdomain: String,
) -> CommandResult<SignedIn> {
    let mut identity = state.identity.lock().await;
    let Identity::Staff(staff) = &*identity else {
        return Err(ErrorBody::new(
            "staff_view_required",
            "Support sessions are opened from the staff view, one at a time.",
        ));
    };
    let tenant = staff
        .api()
        .staff_tenants(&subdomain)
        .await?
        .into_iter()
        .map(|view| view.tenant)
        .find(|tenant| tenant.id == request.tenant_id)
        .ok_or_else(|| ErrorBody::new("not_found", "That brokerage no longer exists."))?;
    let opened = staff.api().open_support_session(&request).await?;
    *identity = Identity::Support {
        staff: staff.clone(),
        tenant,
        opened,
    };
    identity.signed_in().ok_or_else(not_signed_in)
}

/// Ends the support session on the server and returns to the staff view. A session
/// the server already ended (it expired) still returns the app to the staff view.
#[tauri::command]
pub async fn end_support_session(state: State<'_, AppState>) -> CommandResult<SignedIn> {
    let mut identity = state.identity.lock().await;
    let Identity::Support { staff, opened, .. } = &*identity else {
        return identity.signed_in().ok_or_else(not_signed_in);
    };
    let session = &opened.session;
    if let Err(error) = staff
        .api()
        .end_support_session(session.tenant_id, session.id)
        .await
    {
        tracing::warn!(
            code = error.code(),
            "ending the support session failed; leaving it anyway"
        );
    }
    *identity = Identity::Staff(staff.clone());
    identity.signed_in().ok_or_else(not_signed_in)
}
