//! Recording what a signed-in user did, in the same transaction as the action.

use brokerdesk_core::audit::{ActorKind, AuditActor, AuditEvent};
use brokerdesk_core::ids::{ApiKeyId, TenantId, UserId};
use serde_json::Value;
use uuid::Uuid;

use super::Authenticated;
use super::sessions::ClientInfo;
use crate::audit;
use crate::db::TenantTx;
use crate::error::ApiError;

/// An event by a member of the tenant (or, before sign-in completes, about one).
pub fn user_event(
    tenant_id: TenantId,
    user: Option<(UserId, &str)>,
    client: &ClientInfo,
    action: &str,
    target: Option<String>,
    details: Value,
) -> AuditEvent {
    let actor = match user {
        Some((id, display)) => AuditActor {
            kind: ActorKind::User,
            id: Some(id.to_string()),
            display: display.to_owned(),
        },
        None => AuditActor {
            kind: ActorKind::User,
            id: None,
            display: "unknown user".to_owned(),
        },
    };
    event(tenant_id, actor, client, action, target, details)
}

/// An event by an integration, through a tenant API key.
pub fn api_key_event(
    tenant_id: TenantId,
    key: ApiKeyId,
    key_name: &str,
    client: &ClientInfo,
    action: &str,
    target: Option<String>,
    details: Value,
) -> AuditEvent {
    let actor = AuditActor {
        kind: ActorKind::ApiKey,
        id: Some(key.to_string()),
        display: key_name.to_owned(),
    };
    event(tenant_id, actor, client, action, target, details)
}

/// An event by the platform itself (scheduled work, the demo seed).
pub fn system_event(
    tenant_id: TenantId,
    name: &str,
    action: &str,
    target: Option<String>,
    details: Value,
) -> AuditEvent {
    let actor = AuditActor {
        kind: ActorKind::System,
        id: None,
        display: name.to_owned(),
    };
    event(
        tenant_id,
        actor,
        &ClientInfo::default(),
        action,
        target,
        details,
    )
}

/// An event by platform staff, filed in `chain`: a tenant's trail, or the platform's.
pub fn staff_event(
    chain: TenantId,
    staff: Uuid,
    display: &str,
    client: &ClientInfo,
    action: &str,
    details: Value,
) -> AuditEvent {
    let actor = AuditActor {
        kind: ActorKind::Staff,
        id: Some(staff.to_string()),
        display: display.to_owned(),
    };
    event(chain, actor, client, action, None, details)
}

fn event(
    tenant_id: TenantId,
    actor: AuditActor,
    client: &ClientInfo,
    action: &str,
    target: Option<String>,
    details: Value,
) -> AuditEvent {
    AuditEvent {
        tenant_id,
        occurred_at: chrono::Utc::now(),
        actor,
        action: action.to_owned(),
        target,
        ip: client.ip.clone(),
        user_agent: client.user_agent.clone(),
        reason: None,
        support_ticket: None,
        details,
    }
}

pub async fn record(tx: &mut TenantTx, event: AuditEvent) -> Result<(), ApiError> {
    audit::append(tx, event).await?;
    Ok(())
}

impl Authenticated {
    /// Appends an entry for something the signed-in user did in this transaction.
    pub async fn audit(
        &mut self,
        action: &str,
        target: Option<String>,
        details: Value,
    ) -> Result<(), ApiError> {
        let mut event = user_event(
            self.tx.tenant_id(),
            Some((self.user.id, &self.user.display_name)),
            &self.client,
            action,
            target,
            details,
        );
        if let Some(support) = &self.user.support {
            // Staff in a support session: the owner sees who, and why, on every entry.
            event.actor.kind = ActorKind::Staff;
            event.reason = Some(support.reason.clone());
            event.support_ticket = support.ticket.clone();
        }
        record(&mut self.tx, event).await
    }
}
