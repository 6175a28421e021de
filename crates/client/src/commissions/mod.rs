//! Commission reports offline, from the encrypted cache: the synced deals, roster,
//! settings (the status mapping), plans, assignments and the deals' split overrides go
//! into core's `ReportInputs`, the same code the server runs for `GET /v1/reports/...`,
//! so both give the same figures to the cent (`tests/commission_parity.rs`).
//!
//! The scope is the server's rule (core's `ReportScope::for_member`): everyone for a
//! role with `ViewAllCommissionReports`, else the member's own roster agent. An agent's
//! cache holds only the deals they take part in, which are all the deals their own
//! lines come from, with one exception: a team lead's override lines come from their
//! members' deals, which the lead's cache does not hold, so offline a lead's report
//! leaves those lines out where the server's includes them.

pub mod api;
pub mod charts;
pub mod drill;
pub mod export;
pub mod figures;
pub mod held;
pub mod overrides;
pub mod plans;
pub mod view;

use std::collections::HashMap;
use std::sync::Arc;

use brokerdesk_core::admin_edit::EditInvalid;
use brokerdesk_core::commissions::money::percent_of;
use brokerdesk_core::commissions::reports::Period;
use brokerdesk_core::commissions::reports::cap_progress::CapProgress;
use brokerdesk_core::commissions::reports::run::{
    ProductionAnswer, ProductionRequest, ReportInputs, ReportScope, Statement,
};
use brokerdesk_core::commissions::reports::tax1099::Form1099Total;
use brokerdesk_core::commissions::simulate::{Simulation, SimulationRequest};
use brokerdesk_core::commissions::{
    CommissionInvalid, CommissionOverride, CommissionPlan, PlanAssignmentRecord,
};
use brokerdesk_core::identity::UserSummary;
use brokerdesk_core::ids::{RosterAgentId, UserId};
use brokerdesk_core::permission::Permission;
use brokerdesk_core::role::Role;
use brokerdesk_core::roster::RosterAgent;
use brokerdesk_core::settings::TenantSettings;
use brokerdesk_core::sync::SyncEntity;
use brokerdesk_core::transactions::Transaction;
use brokerdesk_core::transactions::agents::RosterIndex;
use brokerdesk_core::transactions::status::StatusGroup;
use brokerdesk_core::transactions::status::StatusMapping;
use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use serde::de::DeserializeOwned;
use uuid::Uuid;

use crate::sync::error::{StoreError, corrupt};
use crate::sync::records::LocalStore;

fn refused(invalid: CommissionInvalid) -> StoreError {
    StoreError::InvalidEdit(EditInvalid {
        code: invalid.code,
        message: invalid.message,
    })
}

/// Every cached record of `entity`, read straight into its type (the deals are many:
/// no detour through a JSON tree).
async fn typed<T: DeserializeOwned>(
    store: &LocalStore,
    entity: SyncEntity,
) -> Result<Vec<T>, StoreError> {
    let rows: Vec<String> =
        sqlx::query_scalar("select data from records where entity = ? and deleted = 0")
            .bind(entity.as_str())
            .fetch_all(store.pool())
            .await?;
    rows.iter()
        .map(|d| serde_json::from_str(d).map_err(corrupt))
        .collect()
}

/// The synced status mapping, or the default one before the tenant saved its own.
async fn status_mapping(store: &LocalStore) -> Result<StatusMapping, StoreError> {
    Ok(typed::<TenantSettings>(store, SyncEntity::Settings)
        .await?
        .pop()
        .map(|s| s.transaction_status_groups)
        .unwrap_or_default())
}

/// The cache's inputs, loaded once and reported on as often as the screen asks. The
/// priced inputs are shared, so a copy is cheap (see held.rs).
#[derive(Clone)]
pub struct OfflineReports {
    inputs: Arc<ReportInputs>,
    scope: ReportScope,
    today: NaiveDate,
    /// Each cached deal's name, for drill-downs and statements.
    deal_names: Arc<HashMap<Uuid, String>>,
    /// The scope's deals by status group with their GCI, for the pipeline chart.
    pipeline: Vec<(StatusGroup, Decimal)>,
    /// When the cache last synced: how fresh every figure is.
    synced_at: Option<DateTime<Utc>>,
    brokerage: String,
    /// The member's role may manage plans, which running a simulation needs.
    may_simulate: bool,
}

impl OfflineReports {
    /// Loads the cache as of `today` for member `user`, in their role as last synced
    /// (a member missing from the cache sees nothing).
    pub async fn load(
        store: &LocalStore,
        user: UserId,
        today: NaiveDate,
    ) -> Result<Self, StoreError> {
        let members: Vec<UserSummary> = typed(store, SyncEntity::User).await?;
        let role: Option<Role> = members.iter().find(|m| m.id == user).map(|m| m.role);
        let deals: Vec<Transaction> = typed(store, SyncEntity::Transaction).await?;
        let roster: Vec<RosterAgent> = typed(store, SyncEntity::RosterAgent).await?;
        let plans: Vec<CommissionPlan> = typed(store, SyncEntity::CommissionPlan).await?;
        let assignments: Vec<PlanAssignmentRecord> =
            typed(store, SyncEntity::CommissionAssignment).await?;
        let overrides: Vec<CommissionOverride> =
            typed(store, SyncEntity::CommissionOverride).await?;
        let mapping = status_mapping(store).await?;
        let may = |p: Permission| role.is_some_and(|r| r.can(p));
        let scope = if may(Permission::ViewCommissionReports) {
            ReportScope::for_member(may(Permission::ViewAllCommissionReports), user, &roster)
        } else {
            ReportScope::Nothing
        };
        let may_simulate = may(Permission::ManageCommissionPlans);
        let pipeline = pipeline_inputs(&deals, &roster, &mapping, scope, today);
        let deal_names = Arc::new(
            deals
                .iter()
                .map(|d| (d.id.as_uuid(), d.fields.name.clone()))
                .collect(),
        );
        let inputs = ReportInputs::new(
            &deals,
            roster,
            plans,
            &assignments,
            &overrides,
            &mapping,
            today,
        )
        .map_err(refused)?;
        let mut reports = Self {
            inputs: Arc::new(inputs),
            scope,
            today,
            deal_names,
            pipeline,
            synced_at: None,
            brokerage: String::new(),
            may_simulate,
        };
        reports.refresh_freshness(store).await?;
        Ok(reports)
    }

    /// Reads again what says how fresh the reports are: the last sync and the
    /// brokerage's name as it synced.
    async fn refresh_freshness(&mut self, store: &LocalStore) -> Result<(), StoreError> {
        self.synced_at = store.last_synced_at().await?;
        self.brokerage = store
            .tenant()
            .await?
            .map(|t| t.tenant.name)
            .unwrap_or_default();
        Ok(())
    }

    pub fn scope(&self) -> ReportScope {
        self.scope
    }

    pub fn inputs(&self) -> &ReportInputs {
        &self.inputs
    }

    pub fn today(&self) -> NaiveDate {
        self.today
    }

    pub fn synced_at(&self) -> Option<DateTime<Utc>> {
        self.synced_at
    }

    pub fn brokerage(&self) -> &str {
        &self.brokerage
    }

    pub fn deal_name(&self, deal: Uuid) -> Option<&str> {
        self.deal_names.get(&deal).map(String::as_str)
    }

    pub fn pipeline(&self) -> &[(StatusGroup, Decimal)] {
        &self.pipeline
    }

    pub fn deal_names(&self) -> &HashMap<Uuid, String> {
        &self.deal_names
    }

    pub fn production(&self, request: &ProductionRequest) -> Result<ProductionAnswer, StoreError> {
        self.inputs.production(self.scope, request).map_err(refused)
    }

    pub fn cap_progress(&self, as_of: NaiveDate) -> Vec<CapProgress> {
        self.inputs.cap_progress(self.scope, as_of)
    }

    pub fn tax_1099(&self, tax_year: i32) -> Vec<Form1099Total> {
        self.inputs.tax_1099(self.scope, tax_year)
    }

    /// What the period would have paid under another plan version, beside what it did
    /// pay. As on the server, only a role that manages plans may run it (it sums over
    /// everyone's deals).
    pub fn simulate(&self, request: &SimulationRequest) -> Result<Simulation, StoreError> {
        if !self.may_simulate || self.scope != ReportScope::Everyone {
            return Err(StoreError::Missing("report"));
        }
        self.inputs.simulate(request).map_err(refused)
    }

    /// `agent`'s statement; `Missing` when the scope does not show that agent.
    pub fn statement(&self, agent: RosterAgentId, period: Period) -> Result<Statement, StoreError> {
        self.inputs
            .statement(self.scope, agent, period)
            .ok_or(StoreError::Missing("agent"))
    }
}

/// Each deal the scope sees as (status group, GCI): everyone's for those who see all,
/// else the deals the roster matching puts the member's agent on (as the engine does),
/// so an agent's pipeline never counts a colleague's deal their cache might hold.
fn pipeline_inputs(
    deals: &[Transaction],
    roster: &[RosterAgent],
    mapping: &StatusMapping,
    scope: ReportScope,
    today: NaiveDate,
) -> Vec<(StatusGroup, Decimal)> {
    let index = RosterIndex::new(roster);
    deals
        .iter()
        .filter(|d| match scope {
            ReportScope::Everyone => true,
            ReportScope::Agent(agent) => index
                .match_agents(&d.fields)
                .matched
                .iter()
                .any(|m| m.agent_id == agent),
            ReportScope::Nothing => false,
        })
        .map(|d| {
            let f = &d.fields;
            let group = mapping.group(f.status.as_deref(), f.closing_date, today);
            let gci = f
                .commission_total
                .unwrap_or_else(|| match (f.price(), f.commission_rate) {
                    (Some(price), Some(rate)) => percent_of(price, rate),
                    _ => Decimal::ZERO,
                });
            (group, gci)
        })
        .collect()
}
