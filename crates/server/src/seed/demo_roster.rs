//! The demo roster: Acme's commission-earning agents across two offices and three
//! teams. Those who are also members (the owner, the admin and the agent) link to them
//! by email; the others never sign in, as most agents on a real roster do not.

use brokerdesk_core::ids::{RosterAgentId, UserId};
use brokerdesk_core::roster::NewRosterAgent;
use chrono::{NaiveDate, Utc};

use crate::db::TenantTx;
use crate::error::ApiError;
use crate::roster;

/// (name, email, office, team, anniversary as y-m-d)
type DemoAgent = (
    &'static str,
    &'static str,
    &'static str,
    Option<&'static str>,
    (i32, u32, u32),
);

const ACME_ROSTER: &[DemoAgent] = &[
    (
        "Olivia Owner",
        "owner@acme.test",
        "Downtown",
        Some("Leadership"),
        (2015, 4, 1),
    ),
    (
        "Adam Admin",
        "admin@acme.test",
        "Downtown",
        Some("Leadership"),
        (2017, 2, 6),
    ),
    (
        "Ava Agent",
        "agent@acme.test",
        "Downtown",
        Some("Harbor Team"),
        (2021, 3, 15),
    ),
    (
        "Ben Carter",
        "ben.carter@acme.test",
        "Downtown",
        Some("Harbor Team"),
        (2019, 9, 1),
    ),
    (
        "Chloe Diaz",
        "chloe.diaz@acme.test",
        "Westside",
        Some("Westside Team"),
        (2022, 6, 20),
    ),
    (
        "Daniel Evans",
        "daniel.evans@acme.test",
        "Westside",
        Some("Westside Team"),
        (2018, 1, 8),
    ),
    (
        "Grace Kim",
        "grace.kim@acme.test",
        "Westside",
        None,
        (2023, 11, 13),
    ),
];

/// Puts the demo roster of `subdomain` (acme's; others have none) in place.
pub async fn seed(tx: &mut TenantTx, subdomain: &str) -> Result<(), ApiError> {
    if subdomain != "acme" {
        return Ok(());
    }
    for &(name, email, office, team, (y, m, d)) in ACME_ROSTER {
        let member: Option<uuid::Uuid> =
            sqlx::query_scalar("select id from users where tenant_id = $1 and lower(email) = $2")
                .bind(tx.tenant_id().as_uuid())
                .bind(email)
                .fetch_optional(tx.conn())
                .await?;
        let new = NewRosterAgent {
            name: name.into(),
            email: email.into(),
            member_id: member.map(UserId::from_uuid),
            office: Some(office.into()),
            team: team.map(Into::into),
            anniversary: NaiveDate::from_ymd_opt(y, m, d),
        };
        let agent = new.into_agent(RosterAgentId::new(), Utc::now())?;
        roster::insert(tx, &agent).await?;
    }
    Ok(())
}
