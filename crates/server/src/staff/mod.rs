//! Platform staff accounts. They are created by an operator on the command line, never
//! through the API, and always carry a TOTP seed: staff cannot sign in without MFA.

pub mod deletions;
pub mod http;

use brokerdesk_core::password::check_new_password;
use uuid::Uuid;

use brokerdesk_core::audit::AuditEvent;
use brokerdesk_core::identity::SupportSession;
use brokerdesk_core::ids::TenantId;
use chrono::{Duration, Utc};
use serde_json::json;

use crate::audit;
use crate::auth::audit::staff_event;
use crate::auth::sessions::ClientInfo;
use crate::auth::staff::StaffAuthenticated;
use crate::auth::tokens::SUPPORT_SESSION_SECONDS;
use crate::auth::{mfa, password};
use crate::db::{Database, PlatformTx, TenantScope, TenantTx};
use crate::error::ApiError;
use crate::sealed::MasterKey;

/// The demo staff member's TOTP seed. Demo data only: its base32 form is in the README.
pub const DEMO_STAFF_SEED: &[u8] = b"brokerdesk-demo-staff!";
pub const DEMO_STAFF_EMAIL: &str = "support@brokerdesk.test";

/// What the operator needs to hand the new staff member.
pub struct NewStaff {
    pub id: Uuid,
    pub otpauth_url: String,
    pub totp_secret: String,
}

fn seal_context(staff: Uuid) -> String {
    format!("staff:{staff}/totp")
}

pub async fn create(
    tx: &mut PlatformTx,
    master: &MasterKey,
    email: &str,
    display_name: &str,
    password_plain: String,
    seed: Vec<u8>,
) -> anyhow::Result<NewStaff> {
    let email = email.trim().to_lowercase();
    check_new_password(&password_plain, &[&email, display_name])?;
    let id = Uuid::now_v7();
    let sealed = master.seal(&seed, &seal_context(id));
    let hash = password::hash(password_plain).await?;
    sqlx::query(
        "insert into staff (id, email, display_name, password_hash, mfa_secret_sealed) values ($1, $2, $3, $4, $5)",
    )
    .bind(id)
    .bind(&email)
    .bind(display_name.trim())
    .bind(hash)
    .bind(sealed)
    .execute(tx.conn())
    .await?;
    let (otpauth_url, totp_secret) = mfa::enrolment(seed, &email)?;
    Ok(NewStaff {
        id,
        otpauth_url,
        totp_secret,
    })
}

/// The staff member whose email, password and current TOTP code these are. A code is
/// accepted once only.
pub async fn authenticate(
    tx: &mut PlatformTx,
    master: &MasterKey,
    email: &str,
    password_plain: String,
    code: &str,
) -> anyhow::Result<Option<(Uuid, String)>> {
    type Row = (Uuid, String, String, Vec<u8>, Option<i64>);
    let row: Option<Row> = sqlx::query_as(
        "select id, display_name, password_hash, mfa_secret_sealed, mfa_last_step
           from staff where lower(email) = $1 and status = 'active'",
    )
    .bind(email.trim().to_lowercase())
    .fetch_optional(tx.conn())
    .await?;
    let stored_hash = row.as_ref().map(|r| r.2.clone());
    if !password::verify(password_plain, stored_hash).await? {
        return Ok(None);
    }
    let Some((id, display_name, _, sealed, last_step)) = row else {
        return Ok(None);
    };
    let seed = master.open(&sealed, &seal_context(id))?;
    let fresh = mfa::fresh_step(seed, code, last_step)?;
    let Some(step) = fresh else { return Ok(None) };
    sqlx::query("update staff set mfa_last_step = $2 where id = $1")
        .bind(id)
        .bind(step)
        .execute(tx.conn())
        .await?;
    Ok(Some((id, display_name)))
}

pub struct NewSupportSession {
    pub tenant_id: TenantId,
    pub staff_id: Uuid,
    pub staff_display: String,
    pub reason: String,
    pub ticket: Option<String>,
}

/// Records a support session in the tenant, with its entry in the tenant's own audit
/// trail, and commits. Returns the session and that entry's event, for the platform trail.
pub async fn start_support_session(
    db: &Database,
    new: NewSupportSession,
    client: &ClientInfo,
) -> Result<(SupportSession, AuditEvent), ApiError> {
    let started_at = Utc::now();
    let session = SupportSession {
        id: Uuid::now_v7(),
        tenant_id: new.tenant_id,
        staff_display: new.staff_display,
        reason: new.reason,
        ticket: new.ticket,
        started_at,
        expires_at: started_at + Duration::seconds(SUPPORT_SESSION_SECONDS),
        ended_at: None,
    };
    let scope = TenantScope {
        tenant_id: session.tenant_id,
        actor: format!("staff:{}", new.staff_id),
    };
    let mut tx = db.begin_tenant(scope).await?;
    let version = tx.next_version().await?;
    sqlx::query(
        "insert into support_sessions (tenant_id, id, staff_id, staff_display, reason, ticket, started_at, expires_at, version)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(session.tenant_id.as_uuid())
    .bind(session.id)
    .bind(new.staff_id)
    .bind(&session.staff_display)
    .bind(&session.reason)
    .bind(&session.ticket)
    .bind(session.started_at)
    .bind(session.expires_at)
    .bind(version)
    .execute(tx.conn())
    .await?;
    let details = json!({ "supportSessionId": session.id, "expiresAt": session.expires_at });
    let mut event = staff_event(
        session.tenant_id,
        new.staff_id,
        &session.staff_display,
        client,
        "support.session_opened",
        details,
    );
    event.reason = Some(session.reason.clone());
    event.support_ticket = session.ticket.clone();
    audit::append(&mut tx, event.clone()).await?;
    tx.commit().await?;
    Ok((session, event))
}

/// A transaction in `tenant`'s scope for a staff member's action on it (outside a support
/// session: holds and the like), named after the staff member.
pub async fn begin_tenant_as(
    db: &Database,
    staff: &StaffAuthenticated,
    tenant: TenantId,
) -> Result<TenantTx, ApiError> {
    let scope = TenantScope {
        tenant_id: tenant,
        actor: format!("staff:{}", staff.staff_id),
    };
    Ok(db.begin_tenant(scope).await?)
}

/// Records a staff action on a tenant in the tenant's trail, in `tenant_tx` (committed
/// here, with whatever the action wrote there), then in the platform trail, in the staff
/// member's transaction (committed last), with the staff's reason, so the owner sees it.
pub async fn record_on_tenant(
    mut staff: StaffAuthenticated,
    mut tenant_tx: TenantTx,
    action: &str,
    reason: Option<String>,
) -> Result<(), ApiError> {
    let tenant = tenant_tx.tenant_id();
    let mut event = staff_event(
        tenant,
        staff.staff_id,
        &staff.display_name,
        &staff.client,
        action,
        json!({}),
    );
    event.reason = reason;
    audit::append(&mut tenant_tx, event.clone()).await?;
    tenant_tx.commit().await?;
    event.tenant_id = audit::platform_chain_id();
    event.details[audit::SUBJECT_TENANT_KEY] = json!(tenant);
    audit::append_platform(&mut staff.tx, event).await?;
    staff.tx.commit().await?;
    Ok(())
}
