//! `brokerdesk-cli support open|close`: platform staff open a support session in a
//! tenant, with a reason, and close it (which deletes its cache).

use brokerdesk_client::session::SessionError;
use brokerdesk_core::error::ErrorBody;
use brokerdesk_core::identity::{OpenSupportSessionRequest, StaffSignInRequest};
use serde_json::json;

use crate::commands::{CliResult, Context, describe, read_password};
use crate::output::Output;

pub struct SupportOpen {
    pub server: String,
    pub tenant: String,
    pub reason: String,
    pub ticket: Option<String>,
    pub email: String,
    pub mfa_code: String,
}

pub async fn support_open(context: &Context, out: &Output, open: SupportOpen) -> CliResult {
    let tenant_id = open.tenant.parse().map_err(|_| {
        ErrorBody::new("invalid_tenant", "--tenant takes the tenant's id (a UUID).")
    })?;
    let staff = StaffSignInRequest {
        email: open.email,
        password: read_password()?,
        mfa_code: open.mfa_code,
    };
    let request = OpenSupportSessionRequest {
        tenant_id,
        reason: open.reason,
        ticket: open.ticket,
    };
    let session = context
        .sessions
        .open_support(&open.server, &staff, &request)
        .await
        .map_err(|e| e.to_body())?;
    let account = session.account();
    out.show(account, || {
        format!("Support session open: {}.", describe(account))
    });
    Ok(())
}

pub async fn support_close(context: &Context, out: &Output) -> CliResult {
    let account = context.current()?;
    if account.support.is_none() {
        return Err(ErrorBody::new(
            "not_a_support_session",
            "The current account is not a support session.",
        ));
    }
    match context.sessions.restore(&account).await {
        Ok(session) => context
            .sessions
            .close_support(&session)
            .await
            .map_err(|e| e.to_body())?,
        // Expired: restoring already deleted the cache.
        Err(SessionError::AccessLost(_)) => {}
        Err(other) => return Err(other.to_body()),
    }
    out.show(&json!({ "closed": account }), || {
        format!(
            "Support session closed; its cache was deleted ({}).",
            describe(&account)
        )
    });
    Ok(())
}
