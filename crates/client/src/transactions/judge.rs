//! Core's judgements of a deal, written out as SQL over the list's index (index.rs), so
//! a list sorted by data quality, or filtered by status group, agent or office, reads
//! narrow rows instead of decoding and judging every cached deal:
//! - the status group: core's `StatusMapping::group`;
//! - "matched to one of these roster agents": core's `RosterIndex::match_agents`, from
//!   the participants' keys (`transaction_agent_key`) and the roster's
//!   (`RosterIndex::emails_of` and `names_of`, whose rule this follows);
//! - the data-quality score: core's `quality_score` of `loop_health`, as the points
//!   the deal alone costs (`deal_penalty`, stored) less those of the findings that
//!   depend on the day, the mapping, the roster or other deals, with the weights of
//!   core's `HealthCode::weight`.
//!
//! The SQL names the index's row `i`. The day and the mapping's status codes are
//! written in as literals; the roster's keys are bound as JSON arrays.
//! tests/transactions_offline.rs holds every answer equal to core's rules.

use brokerdesk_core::ids::RosterAgentId;
use brokerdesk_core::transactions::agents::RosterIndex;
use brokerdesk_core::transactions::health::HealthCode;
use brokerdesk_core::transactions::status::{ARCHIVED, StatusGroup};

use super::context::DealContext;
use crate::sync::error::{StoreError, corrupt};

/// A text literal of SQL.
fn literal(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

/// A group as the SQL below names it.
pub(crate) fn group_name(group: StatusGroup) -> &'static str {
    match group {
        StatusGroup::Active => "'active'",
        StatusGroup::Pending => "'pending'",
        StatusGroup::Closed => "'closed'",
        StatusGroup::Cancelled => "'cancelled'",
    }
}

/// Open loops (core's `is_open`): active and pending.
const OPEN: &str = "('active', 'pending')";

/// A JSON array of texts, to bind.
fn json_list(items: &[String]) -> Result<String, StoreError> {
    serde_json::to_string(items).map_err(corrupt)
}

/// SQL for one screen read: its day, mapping and roster.
pub(crate) struct Judge<'a> {
    /// The group of `i`, as an expression.
    group: String,
    today: String,
    roster: &'a RosterIndex,
    /// Every roster email, and every name key that matches an agent (JSON arrays).
    every_email: String,
    every_name: String,
}

impl<'a> Judge<'a> {
    pub fn new(context: &'a DealContext) -> Result<Self, StoreError> {
        let today = literal(&context.today().to_string());
        let mut cases = vec![format!(
            "when i.status = {} then (case when i.closing_date < {today} then 'closed' else 'cancelled' end)",
            literal(ARCHIVED)
        )];
        // Statuses mapped to active, the unmapped ones and none at all: the `else`.
        for group in [
            StatusGroup::Pending,
            StatusGroup::Closed,
            StatusGroup::Cancelled,
        ] {
            let codes: Vec<String> = context
                .mapping()
                .groups
                .iter()
                .filter(|(code, mapped)| **mapped == group && code.as_str() != ARCHIVED)
                .map(|(code, _)| literal(code))
                .collect();
            if !codes.is_empty() {
                cases.push(format!(
                    "when i.status in ({}) then {}",
                    codes.join(", "),
                    group_name(group)
                ));
            }
        }
        let roster = context.roster();
        Ok(Self {
            group: format!("(case {} else 'active' end)", cases.join(" ")),
            today,
            every_email: json_list(&roster.emails_of(|_| true))?,
            every_name: json_list(&roster.names_of(|_| true))?,
            roster,
        })
    }

    /// The condition that `i` is in `group`.
    pub fn in_group(&self, group: StatusGroup) -> String {
        format!("{} = {}", self.group, group_name(group))
    }

    /// The condition that `i` is matched to one of the agents `wanted` picks, with its
    /// arguments.
    pub fn matched_to(
        &self,
        wanted: impl Fn(RosterAgentId) -> bool,
    ) -> Result<(String, Vec<String>), StoreError> {
        let sql = "i.id in (select k.id from transaction_agent_key k
              where k.email in (select value from json_each(?))
                 or ((k.email is null or k.email not in (select value from json_each(?)))
                     and k.name_key in (select value from json_each(?))))";
        let args = vec![
            json_list(&self.roster.emails_of(&wanted))?,
            self.every_email.clone(),
            json_list(&self.roster.names_of(&wanted))?,
        ];
        Ok((sql.to_owned(), args))
    }

    /// The common table `open_mls`: the MLS keys of more than one open loop.
    pub fn open_mls(&self) -> String {
        format!(
            "with open_mls (mls_key) as (
                select i.mls_key from transaction_index i
                 where i.mls_key is not null and {group} in {OPEN}
                 group by i.mls_key having count(*) > 1)",
            group = self.group
        )
    }

    /// The data-quality score of `i`, with its arguments; needs [`Self::open_mls`].
    pub fn score(&self) -> (String, Vec<String>) {
        use HealthCode::*;
        let (group, today) = (&self.group, &self.today);
        let sql = format!(
            "max(0, 100 - i.deal_penalty
               - (case when {group} = 'closed' and i.closing_date is null then {closed}
                       when {group} in {OPEN} and i.closing_date < {today} then {stale}
                       else 0 end)
               - (case when exists (select 1 from transaction_agent_key k
                                     where k.id = i.id
                                       and (k.email in (select value from json_each(?))
                                            or k.name_key in (select value from json_each(?))))
                       then 0 else {no_agent} end)
               - (case when {group} in {OPEN} and i.mls_key in (select mls_key from open_mls)
                       then {duplicate} else 0 end))",
            closed = ClosedWithoutClosingDate.weight(),
            stale = StalePending.weight(),
            no_agent = NoAgentMatched.weight(),
            duplicate = DuplicateMlsNumber.weight(),
        );
        (sql, vec![self.every_email.clone(), self.every_name.clone()])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literals_double_their_quotes() {
        assert_eq!(literal("O'Neil"), "'O''Neil'");
        assert_eq!(group_name(StatusGroup::Cancelled), "'cancelled'");
    }
}
