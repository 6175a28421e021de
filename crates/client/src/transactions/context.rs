//! What every cached deal is judged against on the transaction screens: the
//! brokerage's status mapping (from the synced settings; the default one until a
//! tenant saves its own), its roster (to match agents and read their office), the open
//! loops by MLS number (for duplicate listings), and the day it is. Loaded once per
//! screen read, as core's health rules expect.

use brokerdesk_core::admin_view::Edited;
use brokerdesk_core::ids::RosterAgentId;
use brokerdesk_core::roster::RosterAgent;
use brokerdesk_core::settings::TenantSettings;
use brokerdesk_core::sync::SyncEntity;
use brokerdesk_core::transactions::agents::{AgentMatches, RosterIndex};
use brokerdesk_core::transactions::health::{
    HealthContext, HealthFinding, OpenLoopsByMls, loop_health,
};
use brokerdesk_core::transactions::status::{StatusGroup, StatusMapping};
use brokerdesk_core::transactions::{Transaction, TransactionFields};
use chrono::NaiveDate;
use std::collections::HashMap;

use crate::roster::screens::roster;
use crate::sync::error::{StoreError, corrupt};
use crate::sync::records::LocalStore;

pub(crate) struct DealContext {
    today: NaiveDate,
    mapping: StatusMapping,
    agents: HashMap<RosterAgentId, RosterAgent>,
    index: RosterIndex,
    open_by_mls: OpenLoopsByMls,
}

/// The tenant's status mapping as last synced, or the default one when the tenant has
/// no settings document (yet).
async fn status_mapping(store: &LocalStore) -> Result<StatusMapping, StoreError> {
    match store.records(SyncEntity::Settings).await?.pop() {
        Some(value) => Ok(serde_json::from_value::<TenantSettings>(value)
            .map_err(corrupt)?
            .transaction_status_groups),
        None => Ok(StatusMapping::default()),
    }
}

impl DealContext {
    /// `deals` are all the cached deals (for the open loops by MLS number).
    pub async fn load(
        store: &LocalStore,
        deals: &[Edited<Transaction>],
        today: NaiveDate,
    ) -> Result<Self, StoreError> {
        let mapping = status_mapping(store).await?;
        let roster: Vec<RosterAgent> = roster(store).await?.into_iter().map(|r| r.record).collect();
        let open_by_mls =
            OpenLoopsByMls::new(deals.iter().map(|d| &d.record.fields), &mapping, today);
        Ok(Self {
            today,
            index: RosterIndex::new(&roster),
            agents: roster.into_iter().map(|a| (a.id, a)).collect(),
            mapping,
            open_by_mls,
        })
    }

    pub fn group(&self, deal: &TransactionFields) -> StatusGroup {
        self.mapping
            .group(deal.status.as_deref(), deal.closing_date, self.today)
    }

    pub fn matches(&self, deal: &TransactionFields) -> AgentMatches {
        self.index.match_agents(deal)
    }

    pub fn agent(&self, id: RosterAgentId) -> Option<&RosterAgent> {
        self.agents.get(&id)
    }

    pub fn findings(&self, deal: &TransactionFields) -> Vec<HealthFinding> {
        loop_health(
            deal,
            &HealthContext {
                today: self.today,
                mapping: &self.mapping,
                roster: &self.index,
                open_by_mls: &self.open_by_mls,
            },
        )
    }
}
