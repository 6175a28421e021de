//! Offline edits of what decides whether a lead may be called: its consent ledger (an
//! entry is only ever added; a revocation is an entry of its own) and the tenant's
//! do-not-call list. Each shows in the cache at once, so the call check answers from it
//! straight away, and queues a mutation the server applies with the checks of its REST
//! route; a refusal rolls the record back like any refused edit.

use brokerdesk_core::ids::LeadId;
use brokerdesk_core::leads::LeadInvalid;
use brokerdesk_core::leads::consent::{ConsentEntry, DncEntry, NewConsent, NewDncEntry};
use brokerdesk_core::sync::SyncEntity;
use chrono::Utc;
use uuid::Uuid;

use crate::sync::edits::as_map;
use crate::sync::error::StoreError;
use crate::sync::records::LocalStore;

impl LocalStore {
    /// Records a grant or a revocation for a cached lead, validated as the server will.
    /// `recorded_by` names the member, as the server will (`user:<id>`).
    pub async fn record_consent(
        &self,
        lead: LeadId,
        new: NewConsent,
        recorded_by: &str,
    ) -> Result<ConsentEntry, StoreError> {
        let now = Utc::now();
        let new = new.normalised(now)?;
        self.lead(lead).await?.ok_or(StoreError::NotFound)?;
        let entry = ConsentEntry {
            id: Uuid::now_v7(),
            lead_id: lead,
            channel: new.channel,
            action: new.action,
            written: new.written,
            covers: new.covers.clone(),
            text: new.text.clone(),
            captured_at: new.captured_at.unwrap_or(now),
            captured_where: new.captured_where.clone(),
            evidence: new.evidence.clone(),
            recorded_by: recorded_by.to_owned(),
            recorded_at: now,
            version: 0,
        };
        let id = entry.id.to_string();
        self.create_one(
            SyncEntity::Consent,
            &id,
            &entry,
            new.to_mutation_changes(lead),
        )
        .await?;
        Ok(entry)
    }

    /// The tenant's do-not-call list as cached (with local changes), by number.
    pub async fn dnc_list(&self) -> Result<Vec<DncEntry>, StoreError> {
        let mut list: Vec<DncEntry> = self.records(SyncEntity::DncEntry).await?;
        list.sort_by(|a, b| a.phone.cmp(&b.phone));
        Ok(list)
    }

    /// Puts a number on the do-not-call list. A number already listed is refused here,
    /// with the reason, rather than listed twice.
    pub async fn add_dnc(&self, new: NewDncEntry, added_by: &str) -> Result<DncEntry, StoreError> {
        let new = new.normalised()?;
        if self.dnc_list().await?.iter().any(|e| e.phone == new.phone) {
            return Err(StoreError::Invalid(LeadInvalid {
                code: "dnc_exists",
                message: format!("{} is already on the do-not-call list.", new.phone),
            }));
        }
        let entry = DncEntry {
            id: Uuid::now_v7(),
            phone: new.phone.clone(),
            reason: new.reason.clone(),
            added_by: added_by.to_owned(),
            added_at: Utc::now(),
            version: 0,
        };
        let id = entry.id.to_string();
        self.create_one(SyncEntity::DncEntry, &id, &entry, as_map(&new))
            .await?;
        Ok(entry)
    }

    /// Takes a number off the do-not-call list (hidden at once).
    pub async fn remove_dnc(&self, id: Uuid) -> Result<(), StoreError> {
        match self
            .delete_record(SyncEntity::DncEntry, &id.to_string(), StoreError::NotFound)
            .await
        {
            Err(StoreError::NotFound) => Err(StoreError::Invalid(LeadInvalid {
                code: "not_found",
                message: "That number is not on the do-not-call list (any more).".into(),
            })),
            done => done,
        }
    }
}
