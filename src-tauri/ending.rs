//! Sessions that end without the person asking: the sync engine lost access to the
//! tenant (and has shredded its cache), a support session ran out, or the staff sign-in
//! did. Each moves the app on at once, to the staff view or the sign-in screen, and a
//! `session-ended` event tells the window where it is now and why.

use brokerdesk_client::events::{SESSION_ENDED_EVENT, SessionEnded};
use brokerdesk_client::sync::SyncEngine;
use brokerdesk_core::error::ErrorBody;
use brokerdesk_core::signed_in::SignedIn;
use chrono::{DateTime, Utc};
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;
use tauri::{AppHandle, Emitter, Manager};
use uuid::Uuid;

use crate::state::{AppState, Identity, StaffIdentity, staff_expired};
use crate::sync::TenantSync;

/// Timers wake at least this often to compare with the wall clock, which, unlike the
/// runtime's clock, keeps running while the computer sleeps.
const CLOCK_CHECK: Duration = Duration::from_secs(30);

/// [`access_lost`] as the sync loop takes it (see `crate::sync::AccessLost`).
pub fn on_access_lost(
    app: AppHandle,
    engine: Arc<SyncEngine>,
    reason: ErrorBody,
) -> Pin<Box<dyn Future<Output = ()> + Send>> {
    Box::pin(async move { access_lost(&app, &engine, reason).await })
}

/// The engine of the tenant the app works in found access gone and shredded the cache.
async fn access_lost(app: &AppHandle, engine: &Arc<SyncEngine>, reason: ErrorBody) {
    let state = app.state::<AppState>();
    let mut identity = state.identity.lock().await;
    let ours = identity
        .tenant_sync()
        .is_some_and(|tenant| Arc::ptr_eq(tenant.engine(), engine));
    if !ours {
        return;
    }
    *identity = match take(&mut identity) {
        Identity::Support { staff, tenant, .. } => leave_support(&state, staff, tenant).await,
        Identity::Member { tenant, .. } => {
            tenant.stop().await;
            Identity::SignedOut
        }
        other => other,
    };
    announce(app, reason, identity.signed_in());
}

/// Ends a support session (on the server too, when the staff token still works) and
/// deletes its cache; then back to the staff view, or out if that has run out as well.
pub async fn leave_support(state: &AppState, staff: StaffIdentity, tenant: TenantSync) -> Identity {
    tenant.stop().await;
    if let Err(error) = state.sessions.close_support(&tenant.work.session).await {
        tracing::warn!(
            code = error.code(),
            "the support session was not ended on the server; its cache is deleted all the same"
        );
    }
    if staff.expired() {
        Identity::SignedOut
    } else {
        Identity::Staff(staff)
    }
}

/// Leaves the support session the app is in, if it is in one.
pub async fn leave_current_support(state: &AppState, identity: &mut Identity) {
    *identity = match take(identity) {
        Identity::Support { staff, tenant, .. } => leave_support(state, staff, tenant).await,
        other => other,
    };
}

/// Ends support session `session_id` at `at`, if the app is still in it then.
pub fn end_support_when_due(app: AppHandle, session_id: Uuid, at: DateTime<Utc>) {
    tauri::async_runtime::spawn(async move {
        sleep_until(at).await;
        let state = app.state::<AppState>();
        let mut identity = state.identity.lock().await;
        if !matches!(&*identity, Identity::Support { details, .. } if details.id == session_id) {
            return;
        }
        let Identity::Support {
            staff,
            tenant,
            summary,
            ..
        } = take(&mut identity)
        else {
            unreachable!("matched above, under the same lock");
        };
        let reason = if staff.expired() {
            staff_expired()
        } else {
            ErrorBody::new(
                "support_session_ended",
                format!(
                    "The support session in {} has run out. What was cached for it has been deleted from this computer.",
                    summary.name
                ),
            )
        };
        *identity = leave_support(&state, staff, tenant).await;
        announce(&app, reason, identity.signed_in());
    });
}

/// Signs staff sign-in `staff_id` out when it runs out (ending any support session in
/// it first, while the token can still say so to the server).
pub fn sign_staff_out_when_due(app: AppHandle, staff_id: Uuid, at: DateTime<Utc>) {
    tauri::async_runtime::spawn(async move {
        sleep_until(at).await;
        let state = app.state::<AppState>();
        let mut identity = state.identity.lock().await;
        let ours = match &*identity {
            Identity::Staff(staff) | Identity::Support { staff, .. } => staff.id == staff_id,
            Identity::Member { .. } | Identity::SignedOut => false,
        };
        if !ours {
            return;
        }
        if let Identity::Support { staff, tenant, .. } = take(&mut identity) {
            leave_support(&state, staff, tenant).await;
        }
        announce(&app, staff_expired(), None);
    });
}

/// The identity, leaving the app signed out until it is replaced.
fn take(identity: &mut Identity) -> Identity {
    std::mem::replace(identity, Identity::SignedOut)
}

fn announce(app: &AppHandle, reason: ErrorBody, signed_in: Option<SignedIn>) {
    let ended = SessionEnded { reason, signed_in };
    if let Err(error) = app.emit(SESSION_ENDED_EVENT, &ended) {
        tracing::warn!(%error, "the window could not be told the session ended");
    }
}

async fn sleep_until(at: DateTime<Utc>) {
    while let Ok(left) = (at - Utc::now()).to_std() {
        if left.is_zero() {
            break;
        }
        tokio::time::sleep(left.min(CLOCK_CHECK)).await;
    }
}
