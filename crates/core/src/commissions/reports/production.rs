//! Production for a period, grouped by agent, team, office, month or year.

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};
use rustc_hash::FxBuildHasher;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::Period;
use super::figures::{CountedLine, FiguresBuilder, ProductionFigures};
use crate::commissions::deal::DealStatus;
use crate::commissions::line::PayoutLine;
use crate::ids::RosterAgentId;
use crate::roster::RosterAgent;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub enum GroupBy {
    Agent,
    Team,
    Office,
    Month,
    Year,
}

/// Which date puts a deal in the period: closing (accrual production) or contract
/// ("written" business).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub enum DateBasis {
    Closed,
    Written,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ProductionQuery {
    pub period: Period,
    pub group_by: GroupBy,
    pub basis: DateBasis,
}

/// A group: an agent, a team or office (None for agents without one), a month or a year.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase", tag = "kind", content = "value")]
pub enum GroupKey {
    Agent(RosterAgentId),
    Team(Option<String>),
    Office(Option<String>),
    Month { year: i32, month: u32 },
    Year(i32),
}

impl GroupKey {
    /// The group this one is compared with a year later (itself, unless it is a date).
    pub fn a_year_later(&self) -> Self {
        match self {
            GroupKey::Month { year, month } => GroupKey::Month {
                year: year + 1,
                month: *month,
            },
            GroupKey::Year(year) => GroupKey::Year(year + 1),
            other => other.clone(),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ProductionRow {
    pub key: GroupKey,
    /// What a person reads: the agent's name, the team or office ("No team"), "2025-03".
    pub label: String,
    pub figures: ProductionFigures,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ProductionReport {
    pub query: ProductionQuery,
    /// In key order: agents by id, then teams and offices by name, months and years in
    /// time order.
    pub rows: Vec<ProductionRow>,
    pub total: ProductionFigures,
}

/// The production report. Closed basis: closed deals whose closing date is in the
/// period are production, and pending deals expected to close in it are the pipeline.
/// Written basis: deals whose contract date is in the period are production whether
/// closed or not, and those still pending are also the pipeline.
pub fn production(
    lines: &[PayoutLine],
    roster: &[RosterAgent],
    query: &ProductionQuery,
) -> ProductionReport {
    let agents: HashMap<RosterAgentId, &RosterAgent> = roster.iter().map(|a| (a.id, a)).collect();
    let mut groups = Groups::new(&agents, query.group_by);
    let mut total = FiguresBuilder::default();
    for line in lines {
        let Some((date, production, pending)) = counts(line, query) else {
            continue;
        };
        let counted = CountedLine::new(line, production, pending);
        groups.builder_for(line.agent, date).add(&counted);
        total.add(&counted);
    }
    ProductionReport {
        query: *query,
        rows: groups.into_rows(),
        total: total.finish(),
    }
}

/// The groups of one report as they fill. Each line finds its group through its agent's
/// id (or its month or year) in a map to the group's index, not by comparing its
/// `GroupKey` (a team's or office's name) along a `BTreeMap` once per line; the keys are
/// sorted once, when the rows are made.
struct Groups<'a> {
    agents: &'a HashMap<RosterAgentId, &'a RosterAgent>,
    group_by: GroupBy,
    builders: Vec<(GroupKey, FiguresBuilder)>,
    by_key: HashMap<GroupKey, usize, FxBuildHasher>,
    by_agent: HashMap<RosterAgentId, usize, FxBuildHasher>,
}

impl<'a> Groups<'a> {
    fn new(agents: &'a HashMap<RosterAgentId, &'a RosterAgent>, group_by: GroupBy) -> Self {
        Self {
            agents,
            group_by,
            builders: Vec::new(),
            by_key: HashMap::default(),
            by_agent: HashMap::default(),
        }
    }

    fn builder_for(&mut self, agent: RosterAgentId, date: NaiveDate) -> &mut FiguresBuilder {
        let index = match self.by_agent.get(&agent) {
            Some(index) => *index,
            None => match agent_key(agent, self.agents.get(&agent), self.group_by) {
                Some(key) => {
                    let index = self.index_of(key);
                    self.by_agent.insert(agent, index);
                    index
                }
                None => self.index_of(date_key(date, self.group_by)),
            },
        };
        &mut self.builders[index].1
    }

    fn index_of(&mut self, key: GroupKey) -> usize {
        if let Some(index) = self.by_key.get(&key) {
            return *index;
        }
        self.builders.push((key.clone(), FiguresBuilder::default()));
        self.by_key.insert(key, self.builders.len() - 1);
        self.builders.len() - 1
    }

    /// The rows in key order.
    fn into_rows(mut self) -> Vec<ProductionRow> {
        self.builders.sort_by(|a, b| a.0.cmp(&b.0));
        self.builders
            .into_iter()
            .map(|(key, builder)| ProductionRow {
                label: label(&key, self.agents),
                key,
                figures: builder.finish(),
            })
            .collect()
    }
}

/// The lines behind one row of the report, or behind its total when `key` is None: the
/// drill-down from a figure to what it sums, with the report's own rules for which
/// lines count and which group they fall in.
pub fn lines_behind<'a>(
    lines: &'a [PayoutLine],
    roster: &[RosterAgent],
    query: &ProductionQuery,
    key: Option<&GroupKey>,
) -> Vec<&'a PayoutLine> {
    let agents: HashMap<RosterAgentId, &RosterAgent> = roster.iter().map(|a| (a.id, a)).collect();
    lines
        .iter()
        .filter(|line| {
            let Some((date, _, _)) = counts(line, query) else {
                return false;
            };
            key.is_none_or(|key| {
                let own = agent_key(line.agent, agents.get(&line.agent), query.group_by)
                    .unwrap_or_else(|| date_key(date, query.group_by));
                &own == key
            })
        })
        .collect()
}

/// Whether the line is in the report: the date that places it, and whether it counts
/// as production, as pipeline, or both.
fn counts(line: &PayoutLine, query: &ProductionQuery) -> Option<(NaiveDate, bool, bool)> {
    let pending = line.status == DealStatus::Pending;
    match query.basis {
        DateBasis::Closed => query.period.contains(line.closing_date).then_some((
            line.closing_date,
            !pending,
            pending,
        )),
        DateBasis::Written => line
            .contract_date
            .filter(|d| query.period.contains(*d))
            .map(|d| (d, true, pending)),
    }
}

/// The group of an agent's lines when grouping by agent, team or office (an agent off
/// the roster has no team or office); None when grouping by a date.
fn agent_key(
    id: RosterAgentId,
    agent: Option<&&RosterAgent>,
    group_by: GroupBy,
) -> Option<GroupKey> {
    match group_by {
        GroupBy::Agent => Some(GroupKey::Agent(id)),
        GroupBy::Team => Some(GroupKey::Team(agent.and_then(|a| a.team.clone()))),
        GroupBy::Office => Some(GroupKey::Office(agent.and_then(|a| a.office.clone()))),
        GroupBy::Month | GroupBy::Year => None,
    }
}

fn date_key(date: NaiveDate, group_by: GroupBy) -> GroupKey {
    match group_by {
        GroupBy::Year => GroupKey::Year(date.year()),
        _ => GroupKey::Month {
            year: date.year(),
            month: date.month(),
        },
    }
}

pub(crate) fn label(key: &GroupKey, agents: &HashMap<RosterAgentId, &RosterAgent>) -> String {
    match key {
        GroupKey::Agent(id) => agents
            .get(id)
            .map_or_else(|| id.to_string(), |a| a.name.clone()),
        GroupKey::Team(team) => team.clone().unwrap_or_else(|| "No team".to_owned()),
        GroupKey::Office(office) => office.clone().unwrap_or_else(|| "No office".to_owned()),
        GroupKey::Month { year, month } => format!("{year}-{month:02}"),
        GroupKey::Year(year) => year.to_string(),
    }
}
