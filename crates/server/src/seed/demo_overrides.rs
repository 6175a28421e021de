//! Acme's demo split overrides: three closed deals on which the listing agent's split
//! was agreed apart from their plan (two above it, one below), so a deal's detail shows
//! its override and the reports show what one does (the reason in the payout's trace).
//! Tests set overrides of their own for Olivia Owner and Adam Admin, and count those on
//! Ava Agent's deals, so none is theirs or on hers.

use brokerdesk_core::commissions::NewCommissionOverride;
use brokerdesk_core::ids::CommissionOverrideId;
use chrono::Utc;
use rust_decimal::Decimal;

use super::demo_transactions::deal_id;
use crate::commissions::overrides;
use crate::db::TenantTx;
use crate::error::ApiError;
use crate::roster;

/// (demo deal, its listing agent's email, what the agent keeps in %, why).
const ACME_OVERRIDES: &[(usize, &str, i64, &str)] = &[
    (
        18,
        "daniel.evans@acme.test",
        85,
        "Relocation deal negotiated at 85/15",
    ),
    (
        3,
        "chloe.diaz@acme.test",
        80,
        "Repeat client from the agent's own sphere, 80/20 agreed with the broker",
    ),
    (
        5,
        "grace.kim@acme.test",
        50,
        "Company-generated lead from the website, 50/50 as agreed",
    ),
];

/// Puts Acme's demo overrides in place, after its roster and deals (a tenant without
/// those agents gets none).
pub async fn seed(tx: &mut TenantTx) -> Result<(), ApiError> {
    let roster = roster::agents(tx, None).await?;
    for &(deal, email, agent_percent, reason) in ACME_OVERRIDES {
        let Some(agent) = roster.iter().find(|a| a.email == email) else {
            continue;
        };
        let new = NewCommissionOverride {
            transaction: deal_id(tx.tenant_id(), deal),
            agent: agent.id,
            agent_percent: Decimal::from(agent_percent),
            reason: reason.into(),
        };
        let record = new.into_record(CommissionOverrideId::new(), Utc::now())?;
        overrides::insert(tx, &record).await?;
    }
    Ok(())
}
