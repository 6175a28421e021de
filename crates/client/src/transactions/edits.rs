//! Entering and editing a deal offline. The change is checked by core's rules (the
//! server's, field by field), shown at once and queued in the outbox in one transaction;
//! the server's refusal rolls it back like any other edit. What is queued is the change
//! as core normalised it (a status label as its code, trimmed text), so the server
//! stores what the user saw. A new deal is queued as one create of the whole record.

use brokerdesk_core::ids::TransactionId;
use brokerdesk_core::sync::SyncEntity;
use brokerdesk_core::sync::push::MutationOp;
use brokerdesk_core::transactions::{
    NewTransaction, Transaction, TransactionChanges, TransactionField, TransactionFields,
};
use chrono::Utc;
use serde_json::{Map, Value};

use super::quota::check_room;
use crate::sync::edits::LocalEdit;
use crate::sync::error::{StoreError, corrupt};
use crate::sync::records::LocalStore;

/// The wire values of `fields` of `deal`: a change that sets them as `deal` has them.
pub(crate) fn wire_values(
    deal: &TransactionFields,
    fields: &[TransactionField],
) -> Map<String, Value> {
    let Ok(Value::Object(mut all)) = serde_json::to_value(deal) else {
        unreachable!("a deal serialises as an object")
    };
    fields
        .iter()
        .filter_map(|f| all.remove_entry(f.as_str()))
        .collect()
}

/// `deal` as the user sees it once `fields` take the values they have in `changed`.
pub(crate) fn shown_after(
    data: &str,
    changed: &TransactionFields,
    fields: &[TransactionField],
) -> Result<(Option<String>, Transaction), StoreError> {
    let mut deal: Transaction = serde_json::from_str(data).map_err(corrupt)?;
    for &field in fields {
        deal.fields.copy_field(changed, field);
    }
    deal.updated_at = Utc::now();
    let shown = serde_json::to_string(&deal).expect("a deal serialises");
    Ok((Some(shown), deal))
}

impl LocalStore {
    /// Enters a deal by hand: checked by core as the server checks it, within the plan's
    /// quota as last synced, shown at once (pending) and queued as a create of the whole
    /// record, as the server's push takes it.
    pub async fn create_transaction(&self, new: NewTransaction) -> Result<Transaction, StoreError> {
        let fields = new.into_fields()?;
        check_room(self, 1, "deals").await?;
        let now = Utc::now();
        let deal = Transaction {
            id: TransactionId::new(),
            fields,
            created_at: now,
            updated_at: now,
            version: 0,
        };
        let sent = wire_values(&deal.fields, TransactionField::ALL);
        self.create_one(SyncEntity::Transaction, &deal.id.to_string(), &deal, sent)
            .await?;
        Ok(deal)
    }

    /// Changes fields of a cached deal and queues the change (only the fields given).
    pub async fn edit_transaction(
        &self,
        id: TransactionId,
        changes: TransactionChanges,
    ) -> Result<Transaction, StoreError> {
        let fields = changes.fields();
        if fields.is_empty() {
            return Err(StoreError::InvalidEdit(
                brokerdesk_core::admin_edit::EditInvalid {
                    code: "empty_change",
                    message: "The edit changes no field.".to_owned(),
                },
            ));
        }
        // Each field is checked on its own, so the normalised values do not depend on
        // the deal's other fields.
        let mut normalised = TransactionFields::default();
        changes.apply_to(&mut normalised)?;
        let edit = LocalEdit::of(
            SyncEntity::Transaction,
            id.to_string(),
            MutationOp::Update,
            wire_values(&normalised, &fields),
        );
        self.queue_edit(edit, StoreError::Missing("transaction"), |data| {
            shown_after(data, &normalised, &fields)
        })
        .await
    }
}
