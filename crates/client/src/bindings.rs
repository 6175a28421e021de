//! The client's types that reach the desktop UI (through Tauri commands and events) are
//! generated as TypeScript into `ui/src/bindings/`, beside core's. This test fails when
//! the files and the Rust drift apart; run it with `UPDATE_BINDINGS=1` to rewrite them.

use brokerdesk_core::bindings_check::{check_or_update, render};

use brokerdesk_core::commissions::plan::{
    CapYear, FeeAmount, FeePayee, FranchiseFee, PostSplitFee, Split, TeamMember, TeamSplit, Tier,
    TierBasis,
};
use brokerdesk_core::commissions::reports::Period;
use brokerdesk_core::commissions::reports::figures::ProductionFigures;
use brokerdesk_core::commissions::reports::production::{DateBasis, GroupBy, ProductionQuery};
use brokerdesk_core::commissions::reports::run::{Compare, ProductionRequest};
use brokerdesk_core::commissions::simulate::{
    AgentSimulation, Comparison, PaidFigures, Simulation, SimulationRequest,
};
use brokerdesk_core::commissions::{
    CommissionPlan, NewCommissionPlan, NewPlanAssignment, PlanAssignmentRecord, PlanTerms,
    PlanVersion,
};
use brokerdesk_core::ids::{CommissionPlanId, PlanAssignmentId};

use crate::commissions::charts::{ChartId, ChartSvg};
use crate::commissions::drill::{DrillLine, TraceRow};
use crate::commissions::export::{ExportedReport, ReportExport};
use crate::commissions::view::{CapCard, FigureRow, ReportView, UnpaidView};
use crate::dotloop::card::DotloopCard;
use crate::events::{SessionEnded, SyncUpdate};
use crate::overview::{DealLink, DealList, GciToDate, Overview, SourceCount};
use crate::session::{Account, SupportInfo};
use crate::sync::RejectedEdit;
use crate::transactions::import::{DotloopImportResult, HeldBackChange};
use crate::transactions::query::{
    TransactionListQuery, TransactionRow, TransactionRowPage, TransactionSort,
};
use crate::transactions::screens::{DealParticipant, RosterMatch, TransactionDetail};

#[test]
fn ui_bindings_match_rust_types() {
    let files = vec![
        render::<Account>(),
        render::<SupportInfo>(),
        render::<RejectedEdit>(),
        render::<SyncUpdate>(),
        render::<SessionEnded>(),
        render::<TransactionListQuery>(),
        render::<TransactionSort>(),
        render::<TransactionRow>(),
        render::<TransactionRowPage>(),
        render::<TransactionDetail>(),
        render::<DealParticipant>(),
        render::<RosterMatch>(),
        render::<DotloopImportResult>(),
        render::<HeldBackChange>(),
        render::<DotloopCard>(),
        // The Reports page: core's request and figures, the client's views of them.
        render::<Period>(),
        render::<GroupBy>(),
        render::<DateBasis>(),
        render::<ProductionQuery>(),
        render::<Compare>(),
        render::<CommissionPlanId>(),
        render::<ProductionRequest>(),
        render::<ProductionFigures>(),
        render::<FigureRow>(),
        render::<CapCard>(),
        render::<UnpaidView>(),
        render::<ReportView>(),
        render::<ChartId>(),
        render::<ChartSvg>(),
        render::<TraceRow>(),
        render::<DrillLine>(),
        render::<ReportExport>(),
        render::<ExportedReport>(),
        render::<SourceCount>(),
        render::<DealLink>(),
        render::<DealList>(),
        render::<GciToDate>(),
        render::<Overview>(),
        // The Commission plans page: core's plan types and the simulation.
        render::<Split>(),
        render::<TierBasis>(),
        render::<Tier>(),
        render::<CapYear>(),
        render::<FranchiseFee>(),
        render::<FeeAmount>(),
        render::<FeePayee>(),
        render::<PostSplitFee>(),
        render::<TeamSplit>(),
        render::<TeamMember>(),
        render::<PlanTerms>(),
        render::<PlanVersion>(),
        render::<CommissionPlan>(),
        render::<NewCommissionPlan>(),
        render::<PlanAssignmentId>(),
        render::<NewPlanAssignment>(),
        render::<PlanAssignmentRecord>(),
        render::<SimulationRequest>(),
        render::<PaidFigures>(),
        render::<Comparison>(),
        render::<AgentSimulation>(),
        render::<Simulation>(),
    ];
    check_or_update(files, "brokerdesk-client");
}
