//! A split agreed for one deal and one agent ("on this deal Alice keeps 85% instead of
//! her plan's 70%"), kept as a record of its own beside the deal rather than in the
//! transaction's columns: a Dotloop import rewrites a deal's columns, and must never
//! erase an override. The engine reads it as the deal's [`SplitOverride`] (the cap
//! still applies, and the reason shows in the trace); an override naming an agent who
//! is not (or no longer) on the deal changes nothing.
//!
//! Every way in (the REST route, a sync push, an edit made offline) ends in
//! [`validated_override`], so the server and the desktop accept exactly the same.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use super::deal::{Deal, SplitOverride};
use super::plan::CommissionInvalid;
use crate::ids::{CommissionOverrideId, RosterAgentId, TransactionId};
use crate::people::single_line;

pub const INVALID_OVERRIDE: &str = "invalid_commission_override";
/// Long enough for "Retention deal agreed with the broker on 3 March, see email".
pub const MAX_REASON: usize = 200;

/// A stored override of one agent's split on one deal.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct CommissionOverride {
    pub id: CommissionOverrideId,
    pub transaction: TransactionId,
    pub agent: RosterAgentId,
    /// What the agent keeps on this deal, in % (85 means 85/15), instead of their plan's.
    #[ts(type = "string")]
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub agent_percent: Decimal,
    /// Why: one line, shown in the payout's trace.
    pub reason: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// The tenant clock value of the write that last touched it.
    #[ts(type = "number")]
    pub version: i64,
}

/// The split and its reason, as a person sets them (the REST route's body: the deal
/// and the agent are in its path).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct OverrideTerms {
    #[ts(type = "string")]
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub agent_percent: Decimal,
    pub reason: String,
}

/// An override made on a device: a sync push's create.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NewCommissionOverride {
    pub transaction: TransactionId,
    pub agent: RosterAgentId,
    #[ts(type = "string")]
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub agent_percent: Decimal,
    pub reason: String,
}

/// A change to an override: absent fields stay (a sync push's update).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct CommissionOverrideChanges {
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub agent_percent: Option<Decimal>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// The one check of an override: the agent keeps 0 to 100 %, and the reason is one
/// line of 1 to [`MAX_REASON`] characters. Returns the terms as stored (reason trimmed).
pub fn validated_override(
    agent_percent: Decimal,
    reason: &str,
) -> Result<OverrideTerms, CommissionInvalid> {
    let refuse = |message: String| CommissionInvalid {
        code: INVALID_OVERRIDE,
        message,
    };
    if agent_percent < Decimal::ZERO || agent_percent > Decimal::ONE_HUNDRED {
        return Err(refuse(
            "The agent's split on this deal must be between 0 and 100 %.".into(),
        ));
    }
    let reason = reason.trim();
    if reason.is_empty() || reason.chars().count() > MAX_REASON {
        return Err(refuse(format!(
            "Give the reason for this deal's split in 1 to {MAX_REASON} characters."
        )));
    }
    single_line(INVALID_OVERRIDE, "The reason", reason).map_err(|t| refuse(t.message))?;
    Ok(OverrideTerms {
        agent_percent,
        reason: reason.to_owned(),
    })
}

impl OverrideTerms {
    pub fn validated(&self) -> Result<OverrideTerms, CommissionInvalid> {
        validated_override(self.agent_percent, &self.reason)
    }
}

impl NewCommissionOverride {
    pub fn terms(&self) -> Result<OverrideTerms, CommissionInvalid> {
        validated_override(self.agent_percent, &self.reason)
    }

    /// The record as stored under `id`, checked.
    pub fn into_record(
        self,
        id: CommissionOverrideId,
        now: DateTime<Utc>,
    ) -> Result<CommissionOverride, CommissionInvalid> {
        let terms = self.terms()?;
        Ok(CommissionOverride {
            id,
            transaction: self.transaction,
            agent: self.agent,
            agent_percent: terms.agent_percent,
            reason: terms.reason,
            created_at: now,
            updated_at: now,
            version: 0,
        })
    }
}

impl CommissionOverrideChanges {
    /// The changed fields' names, for the audit entry (which holds no values).
    pub fn fields(&self) -> Vec<&'static str> {
        let mut fields = Vec::new();
        if self.agent_percent.is_some() {
            fields.push("agentPercent");
        }
        if self.reason.is_some() {
            fields.push("reason");
        }
        fields
    }

    /// `record` with the change, checked whole.
    pub fn apply_to(
        self,
        record: CommissionOverride,
        now: DateTime<Utc>,
    ) -> Result<CommissionOverride, CommissionInvalid> {
        let terms = validated_override(
            self.agent_percent.unwrap_or(record.agent_percent),
            self.reason.as_deref().unwrap_or(&record.reason),
        )?;
        Ok(CommissionOverride {
            agent_percent: terms.agent_percent,
            reason: terms.reason,
            updated_at: now,
            ..record
        })
    }
}

impl From<OverrideTerms> for CommissionOverrideChanges {
    fn from(terms: OverrideTerms) -> Self {
        Self {
            agent_percent: Some(terms.agent_percent),
            reason: Some(terms.reason),
        }
    }
}

impl CommissionOverride {
    pub fn split(&self) -> SplitOverride {
        SplitOverride {
            agent_percent: self.agent_percent,
            reason: self.reason.clone(),
        }
    }
}

/// Sets each deal agent's split override from `overrides`, by (transaction, agent);
/// overrides for agents not on the deal, or for deals not given, are left unused.
pub fn apply_overrides(deals: &mut [Deal], overrides: &[CommissionOverride]) {
    if overrides.is_empty() {
        return;
    }
    let by_key: HashMap<(Uuid, RosterAgentId), &CommissionOverride> = overrides
        .iter()
        .map(|o| ((o.transaction.as_uuid(), o.agent), o))
        .collect();
    for deal in deals {
        for agent in &mut deal.agents {
            if let Some(o) = by_key.get(&(deal.id, agent.agent)) {
                agent.split_override = Some(o.split());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::dec;

    fn new(percent: Decimal, reason: &str) -> NewCommissionOverride {
        NewCommissionOverride {
            transaction: TransactionId::new(),
            agent: RosterAgentId::new(),
            agent_percent: percent,
            reason: reason.into(),
        }
    }

    #[test]
    fn the_split_and_the_reason_are_checked_on_every_way_in() {
        let made = new(dec!(85), "  Retention deal ")
            .into_record(CommissionOverrideId::new(), Utc::now())
            .unwrap();
        assert_eq!(made.reason, "Retention deal", "trimmed");
        for (percent, reason, why) in [
            (dec!(100.01), "x", "between 0 and 100"),
            (dec!(-1), "x", "between 0 and 100"),
            (dec!(80), "   ", "1 to 200"),
            (dec!(80), "two\nlines", "control"),
            (dec!(80), "zero\u{200B}width", "invisible"),
        ] {
            let refused = new(percent, reason)
                .into_record(CommissionOverrideId::new(), Utc::now())
                .unwrap_err();
            assert_eq!(refused.code, INVALID_OVERRIDE);
            assert!(refused.message.contains(why), "{why}: {}", refused.message);
        }
        assert!(new(dec!(0), "x").terms().is_ok());
        assert!(new(dec!(100), &"r".repeat(MAX_REASON)).terms().is_ok());
        assert!(new(dec!(100), &"r".repeat(MAX_REASON + 1)).terms().is_err());

        let change = CommissionOverrideChanges {
            agent_percent: Some(dec!(90)),
            reason: None,
        };
        assert_eq!(change.fields(), ["agentPercent"]);
        let changed = change.apply_to(made.clone(), Utc::now()).unwrap();
        assert_eq!(
            (changed.agent_percent, changed.reason.as_str()),
            (dec!(90), "Retention deal")
        );
        let bad = CommissionOverrideChanges {
            reason: Some("\u{0}".into()),
            ..Default::default()
        };
        assert_eq!(
            bad.apply_to(made, Utc::now()).unwrap_err().code,
            INVALID_OVERRIDE
        );
        assert!(
            serde_json::from_str::<OverrideTerms>(r#"{"agentPercent":"80","reason":"x","x":1}"#)
                .is_err(),
            "unknown fields are refused"
        );
    }
}
