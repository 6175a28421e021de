//! The kinds of record an export holds, each read in keyset pages through its domain's
//! own loader, so every record has the API's shape (which holds no secret: no password
//! or key hashes, no MFA secrets, no provider keys or Dotloop tokens).

use serde::Serialize;
use serde_json::Value;
use uuid::Uuid;

use crate::commissions::{self, PlanReaders, assignments, overrides};
use crate::db::TenantTx;
use crate::error::ApiError;
use crate::{audit, kb, leads, members, privacy, roster, transactions};

#[derive(Clone, Copy)]
enum Loader {
    Users,
    Leads,
    Consent,
    Conversations,
    Calls,
    DoNotCall,
    Transactions,
    RosterAgents,
    CommissionPlans,
    CommissionAssignments,
    CommissionOverrides,
    KbItems,
    KbVersions,
    PrivacyRequests,
    AuditTrail,
}

/// One kind: the name of its files (`<name>.json`, `<name>.csv`) and its table.
#[derive(Clone, Copy)]
pub(super) struct Kind {
    pub name: &'static str,
    table: &'static str,
    loader: Loader,
}

const fn kind(name: &'static str, table: &'static str, loader: Loader) -> Kind {
    Kind {
        name,
        table,
        loader,
    }
}

pub(super) const ALL: [Kind; 15] = [
    kind("users", "users", Loader::Users),
    kind("leads", "leads", Loader::Leads),
    kind("consent_entries", "consent_entries", Loader::Consent),
    kind("conversations", "conversations", Loader::Conversations),
    kind("calls", "call_records", Loader::Calls),
    kind("do_not_call", "dnc_numbers", Loader::DoNotCall),
    kind("transactions", "transactions", Loader::Transactions),
    kind("roster_agents", "roster_agents", Loader::RosterAgents),
    kind(
        "commission_plans",
        "commission_plans",
        Loader::CommissionPlans,
    ),
    kind(
        "commission_assignments",
        "commission_assignments",
        Loader::CommissionAssignments,
    ),
    kind(
        "commission_overrides",
        "commission_overrides",
        Loader::CommissionOverrides,
    ),
    kind("kb_items", "kb_items", Loader::KbItems),
    kind("kb_published_versions", "kb_versions", Loader::KbVersions),
    kind(
        "privacy_requests",
        "privacy_requests",
        Loader::PrivacyRequests,
    ),
    kind("audit_trail", "audit_entries", Loader::AuditTrail),
];

/// Where the next page starts: after this id, or after this audit sequence number.
#[derive(Default)]
pub(super) struct After {
    id: Uuid,
    seq: i64,
}

impl Kind {
    pub async fn count(&self, tx: &mut TenantTx) -> Result<i64, ApiError> {
        Ok(sqlx::query_scalar(&format!(
            "select count(*) from {} where tenant_id = $1",
            self.table
        ))
        .bind(tx.tenant_id().as_uuid())
        .fetch_one(tx.conn())
        .await?)
    }

    /// Up to `limit` records after `after`, which moves past them.
    pub async fn page(
        &self,
        tx: &mut TenantTx,
        after: &mut After,
        limit: i64,
    ) -> Result<Vec<Value>, ApiError> {
        if let Loader::AuditTrail = self.loader {
            let entries = audit::page(tx, after.seq, limit).await?;
            if let Some(last) = entries.last() {
                after.seq = last.seq;
            }
            return values(entries);
        }
        let ids: Vec<Uuid> = sqlx::query_scalar(&format!(
            "select id from {} where tenant_id = $1 and id > $2 order by id limit $3",
            self.table
        ))
        .bind(tx.tenant_id().as_uuid())
        .bind(after.id)
        .bind(limit)
        .fetch_all(tx.conn())
        .await?;
        let Some(&last) = ids.last() else {
            return Ok(Vec::new());
        };
        after.id = last;
        match self.loader {
            Loader::Users => values(members::load_users(tx, &ids).await?),
            Loader::Leads => values(leads::store::by_ids(tx, &ids).await?),
            Loader::Consent => values(leads::consent::entries(tx, None, &ids).await?),
            Loader::Conversations => values(leads::activity::conversations(tx, None, &ids).await?),
            Loader::Calls => values(leads::activity::calls(tx, None, &ids).await?),
            Loader::DoNotCall => values(leads::consent::dnc_list(tx, Some(&ids)).await?),
            Loader::Transactions => values(transactions::store::by_ids(tx, &ids).await?),
            Loader::RosterAgents => values(roster::agents(tx, Some(&ids)).await?),
            // The export is the owner's, who reads every agent's plan, assignment and override.
            Loader::CommissionPlans => {
                values(commissions::plans(tx, Some(&ids), &PlanReaders::All).await?)
            }
            Loader::CommissionAssignments => {
                values(assignments::assignments(tx, Some(&ids), &PlanReaders::All).await?)
            }
            Loader::CommissionOverrides => {
                values(overrides::overrides(tx, Some(&ids), None, &PlanReaders::All).await?)
            }
            Loader::KbItems => values(kb::items(tx, Some(&ids)).await?),
            Loader::KbVersions => values(kb::publish::versions(tx, None, Some(&ids)).await?),
            Loader::PrivacyRequests => values(privacy::requests(tx, Some(&ids)).await?),
            Loader::AuditTrail => unreachable!("read by sequence number above"),
        }
    }
}

fn values<T: Serialize>(records: Vec<T>) -> Result<Vec<Value>, ApiError> {
    records
        .iter()
        .map(|record| serde_json::to_value(record).map_err(|e| anyhow::Error::from(e).into()))
        .collect()
}
