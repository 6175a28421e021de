//! The roster: the brokerage's commission-earning agents. An agent on the roster may or
//! may not sign in to Brokerdesk (many agents never do); when they do, the roster entry
//! links to their member. Dotloop participants are matched to roster agents by email,
//! and commission plans are assigned to them.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::ids::{RosterAgentId, UserId};
use crate::people::{Email, PersonName, TextInvalid, single_line};

const MAX_GROUP: usize = 100;

/// One commission-earning agent.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct RosterAgent {
    pub id: RosterAgentId,
    pub name: String,
    /// Lower-cased; unique within the tenant, since it is how deals find their agent.
    pub email: String,
    /// The member this agent signs in as, if they do.
    pub member_id: Option<UserId>,
    pub office: Option<String>,
    pub team: Option<String>,
    /// The day the agent joined, on which an anniversary commission cap resets.
    #[ts(type = "string | null")]
    pub anniversary: Option<NaiveDate>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// What a person enters to add an agent.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NewRosterAgent {
    pub name: String,
    pub email: String,
    #[serde(default)]
    pub member_id: Option<UserId>,
    #[serde(default)]
    pub office: Option<String>,
    #[serde(default)]
    pub team: Option<String>,
    #[serde(default)]
    #[ts(type = "string | null")]
    pub anniversary: Option<NaiveDate>,
}

/// A change to some of an agent's fields: absent fields stay, `null` clears the
/// optional ones. (On the wire a partial [`RosterAgent`].)
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct RosterAgentChanges {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(deserialize_with = "crate::patch::present")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub member_id: Option<Option<UserId>>,
    #[serde(deserialize_with = "crate::patch::present")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub office: Option<Option<String>>,
    #[serde(deserialize_with = "crate::patch::present")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub team: Option<Option<String>>,
    #[serde(deserialize_with = "crate::patch::present")]
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub anniversary: Option<Option<NaiveDate>>,
}

/// An office or team name: one trimmed line; empty means none.
fn group_name(what: &str, raw: Option<String>) -> Result<Option<String>, TextInvalid> {
    let Some(raw) = raw else { return Ok(None) };
    let name = raw.trim();
    if name.is_empty() {
        return Ok(None);
    }
    if name.chars().count() > MAX_GROUP {
        return Err(TextInvalid::new(
            "invalid_roster_agent",
            format!("The {what} name is limited to {MAX_GROUP} characters."),
        ));
    }
    single_line("invalid_roster_agent", &format!("The {what} name"), name)?;
    Ok(Some(name.to_owned()))
}

impl NewRosterAgent {
    /// The agent as stored, with every field checked and normalised.
    pub fn into_agent(
        self,
        id: RosterAgentId,
        now: DateTime<Utc>,
    ) -> Result<RosterAgent, TextInvalid> {
        Ok(RosterAgent {
            id,
            name: PersonName::parse(&self.name)?.into_string(),
            email: Email::parse(&self.email)?.into_string(),
            member_id: self.member_id,
            office: group_name("office", self.office)?,
            team: group_name("team", self.team)?,
            anniversary: self.anniversary,
            created_at: now,
            updated_at: now,
        })
    }
}

impl RosterAgentChanges {
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }

    /// Applies the change to `agent`, checking each changed field as a new agent's is.
    pub fn apply_to(self, agent: &mut RosterAgent) -> Result<(), TextInvalid> {
        if let Some(name) = self.name {
            agent.name = PersonName::parse(&name)?.into_string();
        }
        if let Some(email) = self.email {
            agent.email = Email::parse(&email)?.into_string();
        }
        if let Some(member) = self.member_id {
            agent.member_id = member;
        }
        if let Some(office) = self.office {
            agent.office = group_name("office", office)?;
        }
        if let Some(team) = self.team {
            agent.team = group_name("team", team)?;
        }
        if let Some(anniversary) = self.anniversary {
            agent.anniversary = anniversary;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn new_agent() -> NewRosterAgent {
        NewRosterAgent {
            name: "  Alice Agent ".into(),
            email: "Alice@Acme.test".into(),
            member_id: None,
            office: Some(" Downtown ".into()),
            team: Some("  ".into()),
            anniversary: NaiveDate::from_ymd_opt(2021, 3, 15),
        }
    }

    #[test]
    fn a_new_agent_is_normalised() {
        let agent = new_agent()
            .into_agent(RosterAgentId::new(), Utc::now())
            .unwrap();
        assert_eq!(agent.name, "Alice Agent");
        assert_eq!(agent.email, "alice@acme.test");
        assert_eq!(agent.office.as_deref(), Some("Downtown"));
        assert_eq!(agent.team, None, "a blank team is no team");
    }

    #[test]
    fn bad_fields_are_refused_with_their_code() {
        let mut bad_email = new_agent();
        bad_email.email = "alice@acme".into();
        let refused = bad_email
            .into_agent(RosterAgentId::new(), Utc::now())
            .unwrap_err();
        assert_eq!(refused.code, "invalid_email");
        let mut bad_office = new_agent();
        bad_office.office = Some("Down\ntown".into());
        let refused = bad_office
            .into_agent(RosterAgentId::new(), Utc::now())
            .unwrap_err();
        assert_eq!(refused.code, "invalid_roster_agent");
    }

    #[test]
    fn changes_keep_absent_fields_and_clear_nulls() {
        let mut agent = new_agent()
            .into_agent(RosterAgentId::new(), Utc::now())
            .unwrap();
        let changes: RosterAgentChanges =
            serde_json::from_str(r#"{"team":"Harbor Team","office":null}"#).unwrap();
        changes.apply_to(&mut agent).unwrap();
        assert_eq!(agent.team.as_deref(), Some("Harbor Team"));
        assert_eq!(agent.office, None);
        assert_eq!(agent.email, "alice@acme.test");
        assert!(serde_json::from_str::<RosterAgentChanges>(r#"{"nmae":"x"}"#).is_err());
        assert!(RosterAgentChanges::default().is_empty());
    }
}
