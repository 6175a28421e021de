//! Recording privacy requests and changing their status offline. Each is validated by
//! core's rules (the server's), shown at once and queued in the outbox in one
//! transaction; a refusal rolls it back like any other edit.

use brokerdesk_core::admin_edit::EditInvalid;
use brokerdesk_core::ids::PrivacyRequestId;
use brokerdesk_core::people::TextInvalid;
use brokerdesk_core::privacy::{NewPrivacyRequest, PrivacyRequest, PrivacyRequestChanges};
use brokerdesk_core::sync::SyncEntity;
use brokerdesk_core::sync::push::MutationOp;
use chrono::{Local, Utc};

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
    /// Records a request here and queues it. The create sends the fields as core
    /// normalised them, so the server stores what the user saw.
    pub async fn record_privacy_request(
        &self,
        new: NewPrivacyRequest,
    ) -> Result<PrivacyRequest, StoreError> {
        let request = new
            .into_request(
                PrivacyRequestId::new(),
                Local::now().date_naive(),
                Utc::now(),
            )
            .map_err(refused)?;
        let sent = NewPrivacyRequest {
            kind: request.kind,
            law: request.law,
            requester_name: request.requester_name.clone(),
            requester_email: request.requester_email.clone(),
            channel: request.channel,
            received_on: request.received_on,
            notes: request.notes.clone(),
        };
        let id = request.id.to_string();
        self.create_one(SyncEntity::PrivacyRequest, &id, &request, as_map(&sent))
            .await?;
        Ok(request)
    }

    /// Changes a cached request's status or notes and queues the change.
    pub async fn change_privacy_request(
        &self,
        id: PrivacyRequestId,
        changes: PrivacyRequestChanges,
    ) -> Result<PrivacyRequest, StoreError> {
        let edit = LocalEdit::of(
            SyncEntity::PrivacyRequest,
            id.to_string(),
            MutationOp::Update,
            as_map(&changes),
        );
        self.queue_edit(edit, StoreError::Missing("privacy request"), |data| {
            let mut request: PrivacyRequest = serde_json::from_str(data).map_err(corrupt)?;
            changes
                .apply_to(&mut request, Local::now().date_naive())
                .map_err(refused)?;
            request.updated_at = Utc::now();
            let shown = serde_json::to_string(&request).expect("a request serialises");
            Ok((Some(shown), request))
        })
        .await
    }
}
