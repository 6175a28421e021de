//! Offline edits of the members screen: a member's role or status, and withdrawing an
//! invitation. Each shows at once and is queued for the server in one transaction, so a
//! refusal rolls it back like any other edit. Inviting someone needs the server, which
//! makes the link and shows it once, so it has no offline form.

use brokerdesk_core::admin_edit::MemberChanges;
use brokerdesk_core::identity::UserSummary;
use brokerdesk_core::ids::UserId;
use brokerdesk_core::sync::SyncEntity;
use brokerdesk_core::sync::push::MutationOp;
use serde_json::{Map, Value};
use uuid::Uuid;

use crate::sync::edits::LocalEdit;
use crate::sync::error::{StoreError, corrupt};
use crate::sync::records::LocalStore;

impl LocalStore {
    /// Changes a member's role, or deactivates (`Deactivated`) or reactivates (`Active`)
    /// them.
    pub async fn edit_member(
        &self,
        id: UserId,
        changes: MemberChanges,
    ) -> Result<UserSummary, StoreError> {
        // The same reading the server does, so a change it cannot take never queues.
        let fields = MemberChanges::from_json(&changes.to_json())?.to_json();
        let edit = LocalEdit::of(
            SyncEntity::User,
            id.to_string(),
            MutationOp::Update,
            fields.clone(),
        );
        self.queue_edit(edit, StoreError::Missing("member"), |data| {
            let shown = overlaid(data, &fields)?;
            let user: UserSummary = serde_json::from_value(shown.clone()).map_err(corrupt)?;
            Ok((Some(shown.to_string()), user))
        })
        .await
    }

    /// Withdraws an invitation here and queues the revocation.
    pub async fn revoke_invitation(&self, id: Uuid) -> Result<(), StoreError> {
        self.delete_record(
            SyncEntity::Invitation,
            &id.to_string(),
            StoreError::Missing("invitation"),
        )
        .await
    }
}

/// The record's JSON with the named fields set to their new values.
fn overlaid(data: &str, fields: &Map<String, Value>) -> Result<Value, StoreError> {
    let mut record: Value = serde_json::from_str(data).map_err(corrupt)?;
    if let Value::Object(object) = &mut record {
        object.extend(fields.clone());
    }
    Ok(record)
}
