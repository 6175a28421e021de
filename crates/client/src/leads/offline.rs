//! The cached leads, read and edited offline: a lead with its consent ledger and
//! activity, the call check answered from the cache, and creating, changing and erasing
//! a lead (shown at once, queued in the outbox). The list's pages are in page.rs.

use brokerdesk_core::ids::LeadId;
use brokerdesk_core::leads::activity::{CallRecord, Conversation, LeadActivity};
use brokerdesk_core::leads::consent::{CallDecision, CallKind, CallingRules, ConsentEntry};
use brokerdesk_core::leads::{Lead, LeadChanges};
use brokerdesk_core::settings::TenantSettings;
use brokerdesk_core::sync::SyncEntity;
use brokerdesk_core::sync::push::MutationOp;
use chrono::{DateTime, Utc};

use crate::sync::edits::{LocalEdit, as_map};
use crate::sync::error::{StoreError, corrupt};
use crate::sync::records::LocalStore;

impl LocalStore {
    pub async fn lead(&self, id: LeadId) -> Result<Option<Lead>, StoreError> {
        let data: Option<String> = sqlx::query_scalar(
            "select data from records where entity = 'lead' and id = ? and deleted = 0",
        )
        .bind(id.to_string())
        .fetch_optional(self.pool())
        .await?;
        data.map(|d| serde_json::from_str(&d).map_err(corrupt))
            .transpose()
    }

    /// Cached records of a lead sub-record entity (consent, conversation, call) that
    /// belong to `lead`, oldest first by id.
    async fn children<T: serde::de::DeserializeOwned>(
        &self,
        entity: SyncEntity,
        lead: LeadId,
    ) -> Result<Vec<T>, StoreError> {
        let rows: Vec<String> = sqlx::query_scalar(
            "select data from records
              where entity in ('consent', 'conversation', 'call') and entity = ?
                and json_extract(data, '$.leadId') = ? and deleted = 0
              order by id",
        )
        .bind(entity.as_str())
        .bind(lead.to_string())
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|d| serde_json::from_str(d).map_err(corrupt))
            .collect()
    }

    /// The lead's consent ledger as last synced.
    pub async fn consents(&self, lead: LeadId) -> Result<Vec<ConsentEntry>, StoreError> {
        self.children(SyncEntity::Consent, lead).await
    }

    /// The lead's conversations and calls as last synced, oldest first.
    pub async fn activity(&self, lead: LeadId) -> Result<LeadActivity, StoreError> {
        let mut conversations: Vec<Conversation> =
            self.children(SyncEntity::Conversation, lead).await?;
        conversations.sort_by_key(|c| (c.started_at, c.id));
        let mut calls: Vec<CallRecord> = self.children(SyncEntity::Call, lead).await?;
        calls.sort_by_key(|c| (c.started_at, c.id));
        Ok(LeadActivity {
            conversations,
            calls,
        })
    }

    /// "May we call this lead on this number now?", answered offline from the cached
    /// ledger, do-not-call list and settings, by the same rule the server applies.
    pub async fn call_check(
        &self,
        lead: LeadId,
        phone: &str,
        kind: CallKind,
        now: DateTime<Utc>,
    ) -> Result<CallDecision, StoreError> {
        let lead = self.lead(lead).await?.ok_or(StoreError::NotFound)?;
        let ledger = self.consents(lead.id).await?;
        let dnc: Vec<String> = self
            .records::<serde_json::Value>(SyncEntity::DncEntry)
            .await?
            .into_iter()
            .filter_map(|entry| entry["phone"].as_str().map(str::to_owned))
            .collect();
        let settings: TenantSettings = self
            .records(SyncEntity::Settings)
            .await?
            .pop()
            .unwrap_or_default();
        let rules = CallingRules {
            settings: &settings,
        };
        Ok(rules.may_call(&lead, phone, kind, &ledger, &dnc, now))
    }

    /// Creates a lead here and queues it for the server. Validated as the server will.
    pub async fn create_lead(&self, changes: LeadChanges) -> Result<Lead, StoreError> {
        let changes = changes.normalised()?;
        let lead = Lead::create(LeadId::new(), &changes, Utc::now())?;
        let id = lead.id.to_string();
        self.create_one(SyncEntity::Lead, &id, &lead, as_map(&changes))
            .await?;
        Ok(lead)
    }

    /// Changes fields of a cached lead and queues the change.
    pub async fn update_lead(&self, id: LeadId, changes: LeadChanges) -> Result<Lead, StoreError> {
        let changes = changes.normalised()?;
        let fields = as_map(&changes);
        let edit = LocalEdit::of(SyncEntity::Lead, id.to_string(), MutationOp::Update, fields);
        self.queue_edit(edit, StoreError::NotFound, |data| {
            let mut lead: Lead = serde_json::from_str(data).map_err(corrupt)?;
            changes.apply_to(&mut lead)?;
            lead.updated_at = Utc::now();
            let updated = serde_json::to_string(&lead).expect("a lead serialises");
            Ok((Some(updated), lead))
        })
        .await
    }

    /// Erases a cached lead (hidden at once) and queues the erasure.
    pub async fn delete_lead(&self, id: LeadId) -> Result<(), StoreError> {
        self.delete_record(SyncEntity::Lead, &id.to_string(), StoreError::NotFound)
            .await
    }
}
