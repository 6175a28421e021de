//! Which of the brokerage's roster agents work a deal, and on which side. Back-office
//! products match Dotloop participants to agents by email; the CSV export carries only
//! names (in its `Agents` column), so a name is the fallback, compared without regard
//! to case, punctuation or word order ("Smith, John" is "John Smith").

use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use ts_rs::TS;

use super::record::{Participant, TransactionFields};
use crate::ids::RosterAgentId;
use crate::roster::RosterAgent;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Side {
    /// The listing (seller's or landlord's) side.
    Sell,
    /// The buyer's or tenant's side.
    Buy,
}

/// The side a participant's role works for, if it is an agent's or broker's role.
pub fn side_of_role(role: &str) -> Option<Side> {
    match role {
        "LISTING_AGENT" | "LISTING_BROKER" => Some(Side::Sell),
        "BUYING_AGENT" | "BUYING_BROKER" | "TENANT_AGENT" => Some(Side::Buy),
        _ => None,
    }
}

/// Roles whose holder may be one of the brokerage's agents. A participant without a
/// role (from the CSV's `Agents` column) is one too.
fn may_be_agent(role: Option<&str>) -> bool {
    role.is_none_or(|role| side_of_role(role).is_some() || role == "MANAGING_BROKER")
}

/// The side a loop of this type represents when nothing else says: a listing is the
/// sell side, an offer the buy side.
fn side_of_type(transaction_type: Option<&str>) -> Option<Side> {
    match transaction_type? {
        "LISTING_FOR_SALE" | "LISTING_FOR_LEASE" => Some(Side::Sell),
        "PURCHASE_OFFER" | "LEASE_OFFER" => Some(Side::Buy),
        _ => None,
    }
}

/// The key two spellings of one name share: lower-case letters and digits of each
/// word, words sorted.
pub fn name_key(name: &str) -> String {
    let mut words: Vec<String> = name
        .split(|c: char| c.is_whitespace() || c == ',')
        .map(|w| {
            w.chars()
                .filter(|c| c.is_alphanumeric())
                .flat_map(char::to_lowercase)
                .collect::<String>()
        })
        .filter(|w| !w.is_empty())
        .collect();
    words.sort_unstable();
    words.join(" ")
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum MatchedBy {
    Email,
    Name,
}

/// A participant found on the roster.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct MatchedAgent {
    pub agent_id: RosterAgentId,
    pub participant: Participant,
    pub matched_by: MatchedBy,
    /// From the role, else from the transaction type; None when neither says.
    pub side: Option<Side>,
}

/// Who on a deal is the brokerage's, and who in an agent's role could not be placed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct AgentMatches {
    pub matched: Vec<MatchedAgent>,
    /// Participants in an agent's role (or without a role) that match no roster agent:
    /// another brokerage's agents, or agents missing from the roster.
    pub unmatched: Vec<Participant>,
}

impl AgentMatches {
    /// The sides the brokerage holds: both is a double end (two sides).
    pub fn sides(&self) -> Sides {
        let has = |side| self.matched.iter().any(|m| m.side == Some(side));
        Sides {
            sell: has(Side::Sell),
            buy: has(Side::Buy),
        }
    }

    pub fn agent_ids(&self) -> impl Iterator<Item = RosterAgentId> + '_ {
        self.matched.iter().map(|m| m.agent_id)
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Sides {
    pub sell: bool,
    pub buy: bool,
}

impl Sides {
    pub fn is_double_end(self) -> bool {
        self.sell && self.buy
    }

    /// List = 1, buy = 1, double end = 2.
    pub fn count(self) -> u8 {
        u8::from(self.sell) + u8::from(self.buy)
    }
}

/// A participant who may be one of the brokerage's agents, as the roster looks them
/// up: the email as compared (trimmed, lower-cased) and the name's [`name_key`]. A cache
/// that matches deals to the roster in SQL keeps these per deal (see
/// [`RosterIndex::emails_of`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParticipantKey {
    pub email: Option<String>,
    pub name: String,
}

/// An email as a participant's is compared with the roster's.
fn email_key(email: &str) -> String {
    email.trim().to_lowercase()
}

/// The keys of the deal's participants who may be agents, in order: what
/// [`RosterIndex::match_agents`] looks up.
pub fn participant_keys(deal: &TransactionFields) -> Vec<ParticipantKey> {
    deal.participants
        .iter()
        .filter(|p| may_be_agent(p.role.as_deref()))
        .map(|p| ParticipantKey {
            email: p.email.as_deref().map(email_key),
            name: name_key(&p.name),
        })
        .collect()
}

/// The roster indexed for matching. Built once per import or report, not per deal.
pub struct RosterIndex {
    by_email: HashMap<String, RosterAgentId>,
    /// None where two agents share a name, which then matches neither.
    by_name: HashMap<String, Option<RosterAgentId>>,
}

impl RosterIndex {
    pub fn new(roster: &[RosterAgent]) -> Self {
        let mut by_name: HashMap<String, Option<RosterAgentId>> = HashMap::new();
        for agent in roster {
            by_name
                .entry(name_key(&agent.name))
                .and_modify(|id| *id = None)
                .or_insert(Some(agent.id));
        }
        Self {
            by_email: roster
                .iter()
                .map(|a| (a.email.to_lowercase(), a.id))
                .collect(),
            by_name,
        }
    }

    /// The emails that match the agents `wanted` picks. A participant with keys `k` is
    /// matched to one of those agents exactly when `k.email` is among these, or when
    /// `k.email` is among no agent's emails (`emails_of(|_| true)`) and `k.name` is
    /// among [`Self::names_of`] the same agents.
    pub fn emails_of(&self, wanted: impl Fn(RosterAgentId) -> bool) -> Vec<String> {
        let mut emails: Vec<String> = self
            .by_email
            .iter()
            .filter(|(_, id)| wanted(**id))
            .map(|(email, _)| email.clone())
            .collect();
        emails.sort_unstable();
        emails
    }

    /// The name keys that match the agents `wanted` picks: names no two agents share,
    /// never the empty key (see [`Self::emails_of`]).
    pub fn names_of(&self, wanted: impl Fn(RosterAgentId) -> bool) -> Vec<String> {
        let mut names: Vec<String> = self
            .by_name
            .iter()
            .filter(|(key, id)| !key.is_empty() && id.is_some_and(&wanted))
            .map(|(key, _)| key.clone())
            .collect();
        names.sort_unstable();
        names
    }

    fn find(&self, participant: &Participant) -> Option<(RosterAgentId, MatchedBy)> {
        let by_email = participant
            .email
            .as_deref()
            .and_then(|email| self.by_email.get(&email_key(email)));
        if let Some(id) = by_email {
            return Some((*id, MatchedBy::Email));
        }
        let key = name_key(&participant.name);
        match self.by_name.get(&key) {
            Some(Some(id)) if !key.is_empty() => Some((*id, MatchedBy::Name)),
            _ => None,
        }
    }

    /// The deal's participants matched to the roster: by email first, then by name.
    pub fn match_agents(&self, deal: &TransactionFields) -> AgentMatches {
        let mut matches = AgentMatches::default();
        for participant in &deal.participants {
            let role = participant.role.as_deref();
            if !may_be_agent(role) {
                continue;
            }
            match self.find(participant) {
                Some((agent_id, matched_by)) => matches.matched.push(MatchedAgent {
                    agent_id,
                    participant: participant.clone(),
                    matched_by,
                    side: role
                        .and_then(side_of_role)
                        .or_else(|| side_of_type(deal.transaction_type.as_deref())),
                }),
                None => matches.unmatched.push(participant.clone()),
            }
        }
        matches
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use chrono::Utc;

    /// A roster agent for tests elsewhere in the domain too.
    pub(crate) fn agent(name: &str, email: &str) -> RosterAgent {
        RosterAgent {
            id: RosterAgentId::new(),
            name: name.into(),
            email: email.into(),
            member_id: None,
            office: None,
            team: None,
            anniversary: None,
            created_at: Utc::now(),
            updated_at: Utc::now(),
        }
    }

    fn person(name: &str, email: Option<&str>, role: Option<&str>) -> Participant {
        Participant {
            name: name.into(),
            email: email.map(str::to_owned),
            role: role.map(str::to_owned),
        }
    }

    #[test]
    fn email_first_then_name_and_the_rest_listed() {
        let alice = agent("Alice Agent", "alice@acme.test");
        let bob = agent("Bob Broker", "bob@acme.test");
        let index = RosterIndex::new(&[alice.clone(), bob.clone()]);
        let deal = TransactionFields {
            participants: vec![
                person("A. Agent", Some("ALICE@acme.test"), Some("LISTING_AGENT")),
                person("Broker, Bob", None, Some("BUYING_AGENT")),
                person(
                    "Olga Other",
                    Some("olga@elsewhere.test"),
                    Some("BUYING_AGENT"),
                ),
                person("Sam Seller", Some("alice@acme.test"), Some("SELLER")),
            ],
            ..Default::default()
        };
        let matches = index.match_agents(&deal);
        assert_eq!(matches.matched.len(), 2);
        assert_eq!(matches.matched[0].agent_id, alice.id);
        assert_eq!(matches.matched[0].matched_by, MatchedBy::Email);
        assert_eq!(matches.matched[0].side, Some(Side::Sell));
        assert_eq!(matches.matched[1].agent_id, bob.id);
        assert_eq!(matches.matched[1].matched_by, MatchedBy::Name);
        assert_eq!(matches.matched[1].side, Some(Side::Buy));
        assert_eq!(
            matches.unmatched,
            vec![deal.participants[2].clone()],
            "the seller is no agent"
        );
        let sides = matches.sides();
        assert!(sides.is_double_end());
        assert_eq!(sides.count(), 2);
    }

    #[test]
    fn a_shared_name_matches_nobody_and_roleless_agents_take_the_loop_side() {
        let index = RosterIndex::new(&[
            agent("Pat Lee", "pat1@acme.test"),
            agent("Pat Lee", "pat2@acme.test"),
            agent("Kim Park", "kim@acme.test"),
        ]);
        let deal = TransactionFields {
            transaction_type: Some("LISTING_FOR_SALE".into()),
            participants: vec![
                person("Pat Lee", None, None),
                person("Park, Kim", None, None),
            ],
            ..Default::default()
        };
        let matches = index.match_agents(&deal);
        assert_eq!(matches.unmatched.len(), 1);
        assert_eq!(matches.matched[0].side, Some(Side::Sell));
        let sides = matches.sides();
        assert!(!sides.is_double_end());
        assert_eq!(sides.count(), 1);
    }

    #[test]
    fn participant_keys_and_the_rosters_key_lists_match_as_match_agents_does() {
        let roster = [
            agent("Alice Agent", "Alice@acme.test"),
            agent("Pat Lee", "pat1@acme.test"),
            agent("Pat Lee", "pat2@acme.test"),
            agent("Bob Broker", "bob@acme.test"),
        ];
        let index = RosterIndex::new(&roster);
        let deal = TransactionFields {
            participants: vec![
                // The email names Alice, which wins over the name.
                person(
                    "Bob Broker",
                    Some(" alice@ACME.test "),
                    Some("LISTING_AGENT"),
                ),
                // An unknown email falls back to the name.
                person("Broker, Bob", Some("nobody@elsewhere.test"), None),
                person("Pat Lee", None, None),
                person("Alice Agent", None, Some("SELLER")),
                person("", Some(""), None),
            ],
            ..Default::default()
        };
        let keys = participant_keys(&deal);
        assert_eq!(keys.len(), 4, "the seller may not be an agent");
        assert_eq!(keys[0].email.as_deref(), Some("alice@acme.test"));
        let every_email = index.emails_of(|_| true);
        let matches = index.match_agents(&deal);
        for agent in &roster {
            let emails = index.emails_of(|id| id == agent.id);
            let names = index.names_of(|id| id == agent.id);
            let known = |k: &ParticipantKey, list: &[String]| {
                k.email.as_ref().is_some_and(|e| list.contains(e))
            };
            let by_keys = keys
                .iter()
                .filter(|k| {
                    known(k, &emails) || (!known(k, &every_email) && names.contains(&k.name))
                })
                .count();
            let by_rule = matches.agent_ids().filter(|id| *id == agent.id).count();
            assert_eq!(by_keys, by_rule, "{}", agent.name);
        }
        assert_eq!(matches.matched.len(), 2);
        assert!(index.names_of(|_| true).iter().all(|n| n != "lee pat"));
    }

    #[test]
    fn name_keys_ignore_order_case_and_punctuation() {
        assert_eq!(name_key("Smith, John"), name_key("john  SMITH"));
        assert_eq!(name_key("Mary-Jo O'Neil"), name_key("o'neil, mary-jo"));
        assert_ne!(name_key("John Smith"), name_key("John Smyth"));
    }
}
