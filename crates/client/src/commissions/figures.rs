//! Everything the Reports page, its charts and its exports show for one request,
//! computed once from the cache by core's report functions: the table (grouped as
//! asked, with its comparison), production by agent and by month for the charts and
//! the PDF, cap progress and the pipeline.

use std::collections::HashMap;

use brokerdesk_core::commissions::reports::Period;
use brokerdesk_core::commissions::reports::cap_progress::CapProgress;
use brokerdesk_core::commissions::reports::compare::{ComparedReport, year_over_year};
use brokerdesk_core::commissions::reports::production::{
    DateBasis, GroupBy, ProductionQuery, ProductionReport, production,
};
use brokerdesk_core::commissions::reports::run::{ProductionAnswer, ProductionRequest};
use brokerdesk_core::ids::RosterAgentId;
use brokerdesk_render::chart::{MonthlyComparison, PipelineGroup, pipeline_by_status};
use chrono::Datelike;

use super::OfflineReports;
use crate::sync::error::StoreError;

pub struct ReportFigures {
    pub request: ProductionRequest,
    /// The report as asked for: its grouping, basis and comparison.
    pub answer: ProductionAnswer,
    /// The period by agent: the leaderboard and the PDF's agent table.
    pub by_agent: ProductionReport,
    /// The period by month against a year earlier: the PDF's month table.
    pub by_month: ComparedReport,
    /// The period's last year month by month against the year before: the monthly and
    /// cumulative charts.
    pub monthly: MonthlyComparison,
    pub cap: Vec<CapProgress>,
    pub pipeline: Vec<PipelineGroup>,
    pub names: HashMap<RosterAgentId, String>,
}

impl ReportFigures {
    /// Each figure is computed once: the table's report stands in for the leaderboard
    /// when it is grouped by agent, and the month table for the charts' months when the
    /// period is a whole year by closing date (the page's usual request).
    pub fn compute(
        reports: &OfflineReports,
        request: &ProductionRequest,
    ) -> Result<Self, StoreError> {
        let inputs = reports.inputs();
        let scope = reports.scope();
        let answer = reports.production(request)?;
        let lines = inputs.lines(scope);
        let roster = inputs.roster();
        let period = request.query.period;
        let query = |period, group_by| ProductionQuery {
            period,
            group_by,
            basis: request.query.basis,
        };
        let by_agent = match request.query.group_by {
            GroupBy::Agent => answer.report.clone(),
            _ => production(&lines, roster, &query(period, GroupBy::Agent)),
        };
        let by_month = year_over_year(&lines, &lines, roster, &query(period, GroupBy::Month));
        let year = period.to.year();
        let year_by_closing = ProductionQuery {
            basis: DateBasis::Closed,
            ..query(Period::year(year), GroupBy::Month)
        };
        let monthly = if query(period, GroupBy::Month) == year_by_closing {
            MonthlyComparison::from_year_over_year(&by_month, year, reports.today())
        } else {
            let months_of_year = year_over_year(&lines, &lines, roster, &year_by_closing);
            MonthlyComparison::from_year_over_year(&months_of_year, year, reports.today())
        };
        Ok(Self {
            request: *request,
            answer,
            by_agent,
            by_month,
            monthly,
            cap: reports.cap_progress(reports.today()),
            pipeline: pipeline_by_status(reports.pipeline().iter().copied()),
            names: roster.iter().map(|a| (a.id, a.name.clone())).collect(),
        })
    }
}
