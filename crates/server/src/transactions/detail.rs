//! One deal as its detail pane shows it: the record, its loop health findings and its
//! data-quality score, judged as core judges them (the tenant's status groups, its
//! roster, and the other open loops with the same MLS number).

use brokerdesk_core::ids::TransactionId;
use brokerdesk_core::transactions::agents::RosterIndex;
use brokerdesk_core::transactions::health::{
    HealthContext, HealthFinding, OpenLoopsByMls, loop_health, quality_score,
};
use brokerdesk_core::transactions::{Transaction, TransactionFields};
use chrono::{NaiveDate, Utc};
use serde::Serialize;

use crate::auth::Authenticated;
use crate::db::TenantTx;
use crate::error::ApiError;
use crate::settings::load_settings;
use crate::{roster, transactions};

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct TransactionDetail {
    #[serde(flatten)]
    pub transaction: Transaction,
    pub findings: Vec<HealthFinding>,
    /// 100 less the weights of the distinct findings (see core's `quality_score`).
    pub quality_score: u8,
}

/// The deals (other than `deal`'s own row) that share its MLS number.
async fn same_mls(
    tx: &mut TenantTx,
    deal: &Transaction,
) -> Result<Vec<TransactionFields>, ApiError> {
    let Some(mls) = &deal.fields.mls_number else {
        return Ok(Vec::new());
    };
    let ids: Vec<uuid::Uuid> = sqlx::query_scalar(
        "select id from transactions
          where tenant_id = $1 and upper(trim(mls_number)) = upper(trim($2)) and id <> $3",
    )
    .bind(tx.tenant_id().as_uuid())
    .bind(mls)
    .bind(deal.id.as_uuid())
    .fetch_all(tx.conn())
    .await?;
    let others = transactions::store::by_ids(tx, &ids).await?;
    Ok(others.into_iter().map(|t| t.fields).collect())
}

/// The findings on `deal` as of `today`.
pub async fn findings(
    tx: &mut TenantTx,
    deal: &Transaction,
    today: NaiveDate,
) -> Result<Vec<HealthFinding>, ApiError> {
    let mapping = load_settings(tx).await?.transaction_status_groups;
    let roster = RosterIndex::new(&roster::agents(tx, None).await?);
    let others = same_mls(tx, deal).await?;
    let open_by_mls = OpenLoopsByMls::new(
        others.iter().chain(std::iter::once(&deal.fields)),
        &mapping,
        today,
    );
    let context = HealthContext {
        today,
        mapping: &mapping,
        roster: &roster,
        open_by_mls: &open_by_mls,
    };
    Ok(loop_health(&deal.fields, &context))
}

/// The deal with its findings, if the caller may read it.
pub async fn get(
    auth: &mut Authenticated,
    id: TransactionId,
) -> Result<TransactionDetail, ApiError> {
    let transaction = transactions::get(auth, id).await?;
    let findings = findings(&mut auth.tx, &transaction, Utc::now().date_naive()).await?;
    Ok(TransactionDetail {
        quality_score: quality_score(&findings),
        transaction,
        findings,
    })
}
