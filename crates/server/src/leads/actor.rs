//! Who acts on leads: a signed-in member (with their role's rights) or an integration
//! holding a tenant API key (the chatbot, the calling service). The lead operations take
//! either, so the REST routes, sync pushes and ingest posts share one code path.

use brokerdesk_core::ids::UserId;
use brokerdesk_core::permission::{Permission, allowed_in_support_session};
use brokerdesk_core::plan::PlanTier;
use serde_json::Value;

use crate::auth::audit::{api_key_event, record, system_event};
use crate::auth::{ApiKeyAuth, Authenticated};
use crate::db::TenantTx;
use crate::error::ApiError;

/// What an integration may do with leads once its key's scope was checked: read and
/// write every lead, as a brokerage's front desk would; never erase one. The platform's
/// own jobs (the demo seed) act with the same rights.
const INTEGRATION_RIGHTS: &[Permission] = &[
    Permission::ReadLeads,
    Permission::ReadAllLeads,
    Permission::WriteLeads,
    Permission::WriteAllLeads,
];

/// The refusal a non-member actor gets for a permission it lacks.
fn refuse_unless(allowed: bool, message: &str) -> Result<(), ApiError> {
    if allowed {
        Ok(())
    } else {
        Err(ApiError::forbidden("forbidden", message))
    }
}

pub trait LeadActor: Send {
    fn tx(&mut self) -> &mut TenantTx;
    fn allows(&self, permission: Permission) -> bool;
    /// Refuses unless [`LeadActor::allows`] `permission`, with the error a user would get.
    fn require(&self, permission: Permission) -> Result<(), ApiError>;
    /// The member acting, when a person acts. A member without `WriteAllLeads` is limited
    /// to the leads assigned to them.
    fn member(&self) -> Option<UserId>;
    fn plan(&self) -> PlanTier;
    /// `user:<id>` or `api_key:<id>`, as records and conflicts name who wrote them.
    fn label(&self) -> String;
    /// Appends to the audit trail, in this transaction.
    fn audit(
        &mut self,
        action: &str,
        target: Option<String>,
        details: Value,
    ) -> impl Future<Output = Result<(), ApiError>> + Send;
}

impl LeadActor for Authenticated {
    fn tx(&mut self) -> &mut TenantTx {
        &mut self.tx
    }

    fn allows(&self, permission: Permission) -> bool {
        self.user.role.can(permission)
            && (self.user.support.is_none() || allowed_in_support_session(permission))
    }

    fn require(&self, permission: Permission) -> Result<(), ApiError> {
        Authenticated::require(self, permission)
    }

    fn member(&self) -> Option<UserId> {
        Some(self.user.id)
    }

    fn plan(&self) -> PlanTier {
        self.plan
    }

    fn label(&self) -> String {
        format!("user:{}", self.user.id)
    }

    async fn audit(
        &mut self,
        action: &str,
        target: Option<String>,
        details: Value,
    ) -> Result<(), ApiError> {
        Authenticated::audit(self, action, target, details).await
    }
}

impl LeadActor for ApiKeyAuth {
    fn tx(&mut self) -> &mut TenantTx {
        &mut self.tx
    }

    fn allows(&self, permission: Permission) -> bool {
        INTEGRATION_RIGHTS.contains(&permission)
    }

    fn require(&self, permission: Permission) -> Result<(), ApiError> {
        refuse_unless(
            self.allows(permission),
            "Integrations cannot do this; a member of the brokerage can.",
        )
    }

    fn member(&self) -> Option<UserId> {
        None
    }

    fn plan(&self) -> PlanTier {
        self.plan
    }

    fn label(&self) -> String {
        format!("api_key:{}", self.key.id)
    }

    async fn audit(
        &mut self,
        action: &str,
        target: Option<String>,
        details: Value,
    ) -> Result<(), ApiError> {
        let event = api_key_event(
            self.tx.tenant_id(),
            self.key.id,
            &self.key.name,
            &self.client,
            action,
            target,
            details,
        );
        record(&mut self.tx, event).await
    }
}

/// The platform itself, writing leads outside any request (the demo seed).
pub struct SystemActor {
    pub tx: TenantTx,
    pub plan: PlanTier,
    /// e.g. `system:seed-demo`.
    pub name: String,
}

impl LeadActor for SystemActor {
    fn tx(&mut self) -> &mut TenantTx {
        &mut self.tx
    }

    fn allows(&self, permission: Permission) -> bool {
        INTEGRATION_RIGHTS.contains(&permission)
    }

    fn require(&self, permission: Permission) -> Result<(), ApiError> {
        refuse_unless(self.allows(permission), "The system does not do this.")
    }

    fn member(&self) -> Option<UserId> {
        None
    }

    fn plan(&self) -> PlanTier {
        self.plan
    }

    fn label(&self) -> String {
        self.name.clone()
    }

    async fn audit(
        &mut self,
        action: &str,
        target: Option<String>,
        details: Value,
    ) -> Result<(), ApiError> {
        let event = system_event(self.tx.tenant_id(), &self.name, action, target, details);
        record(&mut self.tx, event).await
    }
}
