//! Who an access token speaks for, loaded fresh inside the request's tenant transaction:
//! a member of the tenant, or platform staff in a live support session.

use brokerdesk_core::plan::PlanTier;
use brokerdesk_core::role::Role;
use chrono::{DateTime, Utc};

use super::tokens::AccessClaims;
use crate::db::TenantTx;
use crate::error::{ApiError, parse_stored};

/// Platform staff acting in the tenant, and why.
#[derive(Clone, Debug)]
pub struct SupportActor {
    pub staff_display: String,
    pub reason: String,
    pub ticket: Option<String>,
}

pub struct Principal {
    /// The role stored now, not the one in the token, so a demotion applies at once.
    pub role: Role,
    pub display_name: String,
    /// False when the session has ended, expired or been revoked, or the user is
    /// no longer active.
    pub live: bool,
    pub tenant_status: String,
    /// When a pending deletion is due, for the refusal of writes meanwhile.
    pub deletion_due_at: Option<DateTime<Utc>>,
    pub plan: PlanTier,
    pub subdomain: String,
    /// The tenant's verified custom domain, if it has one.
    pub custom_domain: Option<String>,
    pub support: Option<SupportActor>,
}

type Row = (
    bool,
    String,
    String,
    String,
    String,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<DateTime<Utc>>,
);

/// The principal behind `claims`, or `None` when the token names no session here.
pub async fn load(tx: &mut TenantTx, claims: &AccessClaims) -> Result<Option<Principal>, ApiError> {
    let sql = if claims.support {
        // Staff act as an admin, narrowed further by the support-session restrictions.
        "select ss.ended_at is null and ss.expires_at > now(), 'admin', ss.staff_display,
                t.status, t.plan, t.subdomain, t.custom_domain, ss.reason, ss.ticket,
                t.deletion_due_at
           from support_sessions ss join tenants t on t.id = ss.tenant_id
          where ss.tenant_id = $1 and ss.id = $2 and ss.staff_id = $3"
    } else {
        "select s.revoked_at is null and s.expires_at > now() and u.status = 'active', u.role, u.display_name,
                t.status, t.plan, t.subdomain, t.custom_domain, null, null, t.deletion_due_at
           from sessions s
           join users u on u.tenant_id = s.tenant_id and u.id = s.user_id
           join tenants t on t.id = s.tenant_id
          where s.tenant_id = $1 and s.id = $2 and s.user_id = $3"
    };
    let row: Option<Row> = sqlx::query_as(sql)
        .bind(claims.tid.as_uuid())
        .bind(claims.sid)
        .bind(claims.sub.as_uuid())
        .fetch_optional(tx.conn())
        .await?;
    let Some((
        live,
        role,
        display_name,
        tenant_status,
        plan,
        subdomain,
        custom_domain,
        reason,
        ticket,
        deletion_due_at,
    )) = row
    else {
        return Ok(None);
    };
    Ok(Some(Principal {
        role: parse_stored(&role)?,
        live,
        tenant_status,
        deletion_due_at,
        plan: parse_stored(&plan)?,
        subdomain,
        custom_domain,
        support: reason.map(|reason| SupportActor {
            staff_display: display_name.clone(),
            reason,
            ticket,
        }),
        display_name,
    }))
}
