//! Moving leads in and out in bulk: a CSV import that is previewed row by row before
//! anything is written, and a CSV export that is recorded in the audit trail in the
//! transaction that reads the leads.

use axum::Json;
use axum::extract::Query;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use brokerdesk_core::ids::{LeadId, UserId};
use brokerdesk_core::leads::csv::{
    CheckedRow, ImportPreview, ImportRequest, ImportResult, check_rows, invalid_lines, preview,
    read_import, write_export,
};
use brokerdesk_core::leads::list::LeadListQuery;
use brokerdesk_core::permission::Permission;
use chrono::Utc;
use serde_json::json;
use std::collections::HashMap;

use crate::auth::Authenticated;
use crate::error::ApiError;
use crate::leads::{self, WriteOrigin, list};
use crate::members::all_users;

/// Reads the file and checks every row, resolving assigned agents by email. Nothing is
/// written.
async fn checked_rows(auth: &mut Authenticated, csv: &str) -> Result<Vec<CheckedRow>, ApiError> {
    auth.require(Permission::ImportExportLeads)?;
    let rows = read_import(csv).map_err(|e| ApiError::validation(e.code, e.message))?;
    Ok(check_rows(rows, all_users(&mut auth.tx).await?))
}

/// Checks an import file and says, row by row, what would be imported and what is wrong.
#[utoipa::path(
    post, path = "/v1/leads/import/preview", tag = "leads", request_body = ImportRequest,
    responses(
        (status = 200, body = ImportPreview),
        (status = 403, body = brokerdesk_core::error::ErrorBody),
        (status = 422, description = "The file is not lead CSV", body = brokerdesk_core::error::ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn preview_import(
    mut auth: Authenticated,
    Json(request): Json<ImportRequest>,
) -> Result<Json<ImportPreview>, ApiError> {
    let rows = checked_rows(&mut auth, &request.csv).await?;
    auth.tx.commit().await?;
    Ok(Json(preview(&rows)))
}

/// Imports the file's leads in one transaction. A file with invalid rows is refused
/// (`import_has_invalid_rows`) unless `skipInvalidRows` says to import only the valid
/// ones; the answer lists the lines left out. Over the plan's lead limit, nothing is
/// imported.
#[utoipa::path(
    post, path = "/v1/leads/import", tag = "leads", request_body = ImportRequest,
    responses(
        (status = 201, body = ImportResult),
        (status = 403, description = "Not allowed, or over the plan's lead limit (quota_exceeded)", body = brokerdesk_core::error::ErrorBody),
        (status = 422, body = brokerdesk_core::error::ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn apply_import(
    mut auth: Authenticated,
    Json(request): Json<ImportRequest>,
) -> Result<(StatusCode, Json<ImportResult>), ApiError> {
    let rows = checked_rows(&mut auth, &request.csv).await?;
    let skipped_lines = invalid_lines(&rows);
    if !skipped_lines.is_empty() && !request.skip_invalid_rows {
        return Err(ApiError::validation(
            "import_has_invalid_rows",
            format!(
                "{} rows are invalid. Preview the file to see why, then fix them or choose to import only the valid rows.",
                skipped_lines.len()
            ),
        ));
    }
    let mut lead_ids = Vec::new();
    for row in rows.into_iter().filter(CheckedRow::is_valid) {
        let lead = leads::create(
            &mut auth,
            LeadId::new(),
            row.into_changes(),
            WriteOrigin::DIRECT,
        )
        .await?;
        lead_ids.push(lead.id);
    }
    auth.audit(
        "leads.imported",
        None,
        json!({ "imported": lead_ids.len(), "skippedLines": skipped_lines }),
    )
    .await?;
    auth.tx.commit().await?;
    Ok((
        StatusCode::CREATED,
        Json(ImportResult {
            lead_ids,
            skipped_lines,
        }),
    ))
}

/// The leads that pass the list's filters (every lead without any), oldest first, as
/// CSV. The list's `sort`, `after` and `limit` do not apply. The export is recorded in
/// the audit trail, with the names of the filters used (not their values, which may be
/// personal data), in the same transaction that reads the leads, so no export goes
/// unrecorded.
#[utoipa::path(
    get, path = "/v1/leads/export", tag = "leads", params(LeadListQuery),
    responses(
        (status = 200, content_type = "text/csv", body = String),
        (status = 403, body = brokerdesk_core::error::ErrorBody),
        (status = 422, description = "A filter is invalid", body = brokerdesk_core::error::ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn export_leads(
    mut auth: Authenticated,
    Query(query): Query<LeadListQuery>,
) -> Result<Response, ApiError> {
    auth.require(Permission::ImportExportLeads)?;
    let leads = list::all_matching(&mut auth, &query).await?;
    let emails: HashMap<UserId, String> = all_users(&mut auth.tx)
        .await?
        .into_iter()
        .map(|u| (u.id, u.email))
        .collect();
    let csv = write_export(&leads, |lead| {
        lead.assigned_agent
            .and_then(|a| emails.get(&a).cloned())
            .unwrap_or_default()
    });
    auth.audit(
        "leads.exported",
        None,
        json!({ "format": "csv", "leads": leads.len(), "filters": query.filters_in_use() }),
    )
    .await?;
    auth.tx.commit().await?;
    let filename = format!("leads-{}.csv", Utc::now().format("%Y%m%d-%H%M%S"));
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{filename}\""),
            ),
        ],
        csv,
    )
        .into_response())
}
