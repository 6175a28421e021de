//! What every cached deal is judged against on the transaction screens: the
//! brokerage's status mapping (from the synced settings; the default one until a
//! tenant saves its own), its roster (to match agents and read their office), the open
//! loops by MLS number (for duplicate listings), and the day it is. Loaded once per
//! screen read, as core's health rules expect; the open loops are counted only for the
//! MLS numbers of the deals the screen shows (the list's query counts the others in
//! SQL, judge.rs).

use brokerdesk_core::ids::RosterAgentId;
use brokerdesk_core::roster::RosterAgent;
use brokerdesk_core::settings::TenantSettings;
use brokerdesk_core::sync::SyncEntity;
use brokerdesk_core::transactions::TransactionFields;
use brokerdesk_core::transactions::agents::{AgentMatches, RosterIndex};
use brokerdesk_core::transactions::health::{
    HealthContext, HealthFinding, OpenLoopsByMls, loop_health, mls_key,
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
    Ok(store
        .records::<TenantSettings>(SyncEntity::Settings)
        .await?
        .pop()
        .map(|settings| settings.transaction_status_groups)
        .unwrap_or_default())
}

/// The loops that hold the MLS numbers of `deals`, by MLS number, from the list's index
/// (index.rs) rather than the deals themselves: only those numbers' counts matter to
/// judging `deals`.
async fn open_loops(
    store: &LocalStore,
    deals: &[&TransactionFields],
    mapping: &StatusMapping,
    today: NaiveDate,
) -> Result<OpenLoopsByMls, StoreError> {
    let mut keys: Vec<String> = deals
        .iter()
        .filter_map(|deal| deal.mls_number.as_deref().map(mls_key))
        .collect();
    keys.sort_unstable();
    keys.dedup();
    if keys.is_empty() {
        return Ok(OpenLoopsByMls::default());
    }
    let loops: Vec<(Option<String>, Option<NaiveDate>, String)> = sqlx::query_as(
        "select status, closing_date, mls_number from transaction_index
          where mls_key in (select value from json_each(?))",
    )
    .bind(serde_json::to_string(&keys).map_err(corrupt)?)
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
    /// The context, without open loops counted yet (see [`Self::count_open_loops`]).
    pub async fn load(store: &LocalStore, today: NaiveDate) -> Result<Self, StoreError> {
        let mapping = status_mapping(store).await?;
        let roster: Vec<RosterAgent> = roster(store).await?.into_iter().map(|r| r.record).collect();
        Ok(Self {
            today,
            index: RosterIndex::new(&roster),
            agents: roster.into_iter().map(|a| (a.id, a)).collect(),
            mapping,
            open_by_mls: OpenLoopsByMls::default(),
        })
    }

    /// Counts the open loops that share an MLS number with `deals`, which the
    /// findings of those deals need.
    pub async fn count_open_loops(
        &mut self,
        store: &LocalStore,
        deals: &[&TransactionFields],
    ) -> Result<(), StoreError> {
        self.open_by_mls = open_loops(store, deals, &self.mapping, self.today).await?;
        Ok(())
    }

    /// The roster as matching reads it.
    pub fn roster(&self) -> &RosterIndex {
        &self.index
    }

    /// The roster agents `wanted` picks.
    pub fn agents_where(&self, wanted: impl Fn(&RosterAgent) -> bool) -> Vec<RosterAgentId> {
        self.agents
            .values()
            .filter(|a| wanted(a))
            .map(|a| a.id)
            .collect()
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
