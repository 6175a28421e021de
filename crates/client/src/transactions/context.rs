//! What every cached deal is judged against on the transaction screens: the
//! brokerage's status mapping (from the synced settings; the default one until a
//! tenant saves its own), its roster (to match agents and read their office), the open
//! loops by MLS number (for duplicate listings), and the day it is. Loaded once per
//! screen read, as core's health rules expect.

use brokerdesk_core::ids::RosterAgentId;
use brokerdesk_core::roster::RosterAgent;
use brokerdesk_core::settings::TenantSettings;
use brokerdesk_core::sync::SyncEntity;
use brokerdesk_core::transactions::TransactionFields;
use brokerdesk_core::transactions::agents::{AgentMatches, RosterIndex};
use brokerdesk_core::transactions::health::{
    HealthContext, HealthFinding, OpenLoopsByMls, loop_health,
};
use brokerdesk_core::transactions::status::{StatusGroup, StatusMapping};
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

/// The open loops by MLS number, from the list's index (index.rs) rather than the
/// deals themselves, so judging one deal does not decode them all.
async fn open_loops(
    store: &LocalStore,
    mapping: &StatusMapping,
    today: NaiveDate,
) -> Result<OpenLoopsByMls, StoreError> {
    let loops: Vec<(Option<String>, Option<NaiveDate>, String)> = sqlx::query_as(
        "select status, closing_date, mls_number from transaction_index
          where mls_number is not null",
    )
    .fetch_all(store.pool())
    .await?;
    Ok(OpenLoopsByMls::from_loops(
        loops
            .iter()
            .map(|(status, closing, mls)| (status.as_deref(), *closing, Some(mls.as_str()))),
        mapping,
        today,
    ))
}

impl DealContext {
    pub async fn load(store: &LocalStore, today: NaiveDate) -> Result<Self, StoreError> {
        let mapping = status_mapping(store).await?;
        let roster: Vec<RosterAgent> = roster(store).await?.into_iter().map(|r| r.record).collect();
        let open_by_mls = open_loops(store, &mapping, today).await?;
        Ok(Self {
            today,
            index: RosterIndex::new(&roster),
            agents: roster.into_iter().map(|a| (a.id, a)).collect(),
            mapping,
            open_by_mls,
        })
    }

    pub fn mapping(&self) -> &StatusMapping {
        &self.mapping
    }

    pub fn today(&self) -> NaiveDate {
        self.today
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
