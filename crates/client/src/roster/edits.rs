//! Adding and editing roster agents offline. Each is validated by core's rules (the
//! server's), shown at once and queued in the outbox in one transaction; a refusal rolls
//! it back like any other edit.

use brokerdesk_core::admin_edit::EditInvalid;
use brokerdesk_core::ids::RosterAgentId;
use brokerdesk_core::people::TextInvalid;
use brokerdesk_core::roster::{NewRosterAgent, RosterAgent, RosterAgentChanges};
use brokerdesk_core::sync::SyncEntity;
use brokerdesk_core::sync::push::MutationOp;
use chrono::Utc;

use crate::sync::edits::{LocalEdit, as_map};
use crate::sync::error::{StoreError, corrupt};
use crate::sync::records::LocalStore;

fn refused(invalid: TextInvalid) -> StoreError {
    StoreError::InvalidEdit(EditInvalid {
        code: invalid.code,
        message: invalid.message,
    })
}

impl LocalStore {
    /// Puts an agent on the roster here and queues the create. The create sends the
    /// fields as core normalised them, so the server stores what the user saw.
    pub async fn add_roster_agent(&self, new: NewRosterAgent) -> Result<RosterAgent, StoreError> {
        let agent = new
            .into_agent(RosterAgentId::new(), Utc::now())
            .map_err(refused)?;
        let sent = NewRosterAgent {
            name: agent.name.clone(),
            email: agent.email.clone(),
            member_id: agent.member_id,
            office: agent.office.clone(),
            team: agent.team.clone(),
            anniversary: agent.anniversary,
        };
        let id = agent.id.to_string();
        self.create_one(SyncEntity::RosterAgent, &id, &agent, as_map(&sent))
            .await?;
        Ok(agent)
    }

    /// Changes fields of a cached agent and queues the change (only the fields given).
    pub async fn edit_roster_agent(
        &self,
        id: RosterAgentId,
        changes: RosterAgentChanges,
    ) -> Result<RosterAgent, StoreError> {
        let fields = as_map(&changes);
        let edit = LocalEdit::of(
            SyncEntity::RosterAgent,
            id.to_string(),
            MutationOp::Update,
            fields,
        );
        self.queue_edit(edit, StoreError::Missing("roster agent"), |data| {
            let mut agent: RosterAgent = serde_json::from_str(data).map_err(corrupt)?;
            changes.apply_to(&mut agent).map_err(refused)?;
            agent.updated_at = Utc::now();
            let shown = serde_json::to_string(&agent).expect("an agent serialises");
            Ok((Some(shown), agent))
        })
        .await
    }
}
