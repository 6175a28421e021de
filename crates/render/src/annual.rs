//! The figures of the annual report, computed by core's report functions from payout
//! lines, in one call the client (offline, from its cache) and the server make alike.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};

use brokerdesk_core::commissions::reports::Period;
use brokerdesk_core::commissions::reports::cap_progress::{CapProgress, cap_progress};
use brokerdesk_core::commissions::reports::compare::{ComparedReport, year_over_year};
use brokerdesk_core::commissions::reports::production::{
    DateBasis, GroupBy, ProductionQuery, ProductionReport, production,
};
use brokerdesk_core::commissions::{PayoutLine, PlanBook};
use brokerdesk_core::ids::RosterAgentId;
use brokerdesk_core::roster::RosterAgent;

use crate::chart::{MonthlyComparison, PipelineGroup};
use crate::pdf::ReportInput;

pub struct AnnualFigures {
    pub by_agent: ProductionReport,
    pub by_month: ComparedReport,
    pub monthly: MonthlyComparison,
    pub cap: Vec<CapProgress>,
    pub names: HashMap<RosterAgentId, String>,
}

impl AnnualFigures {
    /// Closed production for `year` by agent and by month (against the year before),
    /// and cap progress on `as_of` (or the year's last day, for a past year).
    pub fn compute(
        lines: &[PayoutLine],
        roster: &[RosterAgent],
        book: &PlanBook,
        year: i32,
        as_of: NaiveDate,
    ) -> Self {
        let period = Period::year(year);
        let query = |group_by| ProductionQuery {
            period,
            group_by,
            basis: DateBasis::Closed,
        };
        let by_month = year_over_year(lines, lines, roster, &query(GroupBy::Month));
        Self {
            by_agent: production(lines, roster, &query(GroupBy::Agent)),
            monthly: MonthlyComparison::from_year_over_year(&by_month, year, as_of),
            by_month,
            cap: cap_progress(lines, roster, book, as_of.min(period.to)),
            names: roster.iter().map(|a| (a.id, a.name.clone())).collect(),
        }
    }

    pub fn input<'a>(
        &'a self,
        brokerage: &'a str,
        synced_at: DateTime<Utc>,
        pipeline: &'a [PipelineGroup],
    ) -> ReportInput<'a> {
        ReportInput {
            brokerage,
            synced_at,
            by_agent: &self.by_agent,
            by_month: &self.by_month,
            monthly: &self.monthly,
            cap: &self.cap,
            names: &self.names,
            pipeline,
        }
    }
}
