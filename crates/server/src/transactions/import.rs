//! The Dotloop CSV import: a preview against the stored deals, then the same plan
//! applied in one transaction. Both read the file with core's `parse_export` and plan
//! with core's `plan_import`, so the preview cannot promise one thing and the import do
//! another. Loops are keyed on the loop view id: a new loop gets the deal id
//! `TransactionId::for_loop_view` (the id a device importing the same file offline
//! chooses), a known loop keeps its deal's id. Importing the same file again writes
//! nothing: no deal changes version, and the audit entry says so with its counts.

use brokerdesk_core::ids::TransactionId;
use brokerdesk_core::permission::Permission;
use brokerdesk_core::plan::QuotaResource;
use brokerdesk_core::transactions::TransactionFields;
use brokerdesk_core::transactions::csv_import::parse_export;
use brokerdesk_core::transactions::preview::plan_import;
use brokerdesk_core::transactions::preview::{ImportPlan, ImportPreview, RowAction, by_loop_view};
use serde::Serialize;
use serde_json::json;
use std::collections::HashMap;

use super::store;
use crate::auth::Authenticated;
use crate::error::ApiError;

/// What an applied import did.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ImportCounts {
    pub created: u32,
    pub updated: u32,
    pub unchanged: u32,
    /// Rows without a loop view id, not imported.
    pub invalid: u32,
    /// Lines that repeated a loop of the file and were merged into it.
    pub merged_duplicate_lines: u32,
    /// Values read as empty (placeholders, unreadable numbers and dates), with a finding.
    pub findings: u32,
}

impl ImportCounts {
    fn of(preview: &ImportPreview) -> Self {
        Self {
            created: preview.created,
            updated: preview.updated,
            unchanged: preview.unchanged,
            invalid: preview.invalid,
            merged_duplicate_lines: preview.merged_duplicate_lines,
            findings: preview.findings,
        }
    }
}

/// The plan of importing `file` over the stored deals, and the stored deals' ids by
/// loop view id.
async fn plan(
    auth: &mut Authenticated,
    file: &[u8],
) -> Result<(ImportPlan, HashMap<String, TransactionId>), ApiError> {
    auth.require(Permission::WriteTransactions)?;
    let export = parse_export(file)
        .map_err(|refused| ApiError::validation(refused.code, refused.message))?;
    let loop_view_ids: Vec<String> = export
        .loops
        .iter()
        .filter_map(|parsed| parsed.fields.loop_view_id.clone())
        .collect();
    let stored = store::by_loop_views(&mut auth.tx, &loop_view_ids).await?;
    let index = by_loop_view(&stored);
    let plan = plan_import(&export, |id| index.get(id).copied());
    let ids = stored
        .iter()
        .filter_map(|deal| Some((deal.fields.loop_view_id.clone()?, deal.id)))
        .collect();
    Ok((plan, ids))
}

/// What importing `file` would do, row by row; nothing is written.
pub async fn preview(auth: &mut Authenticated, file: &[u8]) -> Result<ImportPreview, ApiError> {
    Ok(plan(auth, file).await?.0.preview)
}

/// Imports `file`: every create and update of its plan, in batches, at one version.
/// Over the plan's quota nothing is written.
pub async fn apply(auth: &mut Authenticated, file: &[u8]) -> Result<ImportCounts, ApiError> {
    let (plan, stored_ids) = plan(auth, file).await?;
    let tenant = auth.tx.tenant_id();
    let writes: Vec<(TransactionId, &TransactionFields)> = plan
        .writes
        .iter()
        .map(|write| {
            let id = match write.action {
                RowAction::Update => stored_ids.get(&write.loop_view_id).copied(),
                _ => None,
            };
            let id =
                id.unwrap_or_else(|| TransactionId::for_loop_view(tenant, &write.loop_view_id));
            (id, &write.fields)
        })
        .collect();
    let counts = ImportCounts::of(&plan.preview);
    if !writes.is_empty() {
        let version = auth.tx.next_version().await?;
        let current = store::count(&mut auth.tx).await?;
        auth.plan.plan().check_quota(
            QuotaResource::Transactions,
            current,
            u64::from(counts.created),
        )?;
        store::write(&mut auth.tx, &writes, version, super::stored_now()).await?;
    }
    auth.audit("transactions.imported", None, json!(counts))
        .await?;
    Ok(counts)
}
