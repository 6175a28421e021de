//! Moving leads in and out in bulk: a CSV import that is previewed row by row before
//! anything is written, and a CSV export that is recorded in the audit trail in the
//! transaction that reads the leads.

use axum::Json;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use brokerdesk_core::identity::UserStatus;
use brokerdesk_core::ids::{LeadId, UserId};
use brokerdesk_core::lead::Lead;
use brokerdesk_core::lead_csv::{
    ImportPreview, ImportRequest, ImportResult, ImportRow, ImportRowReport, RowError, read_import,
    write_export,
};
use brokerdesk_core::permission::Permission;
use brokerdesk_core::role::Role;
use chrono::Utc;
use serde_json::json;
use std::collections::HashMap;

use super::users::all_users;
use crate::auth::Authenticated;
use crate::error::ApiError;
use crate::leads::store::{LEAD_COLUMNS, LeadRow};
use crate::leads::{self, WriteOrigin};

/// Reads the file and checks every row, resolving assigned agents by email. Nothing is
/// written.
async fn checked_rows(
    auth: &mut Authenticated,
    csv: &str,
) -> Result<Vec<(ImportRow, Option<UserId>)>, ApiError> {
    auth.require(Permission::ImportExportLeads)?;
    let rows = read_import(csv).map_err(|e| ApiError::validation(e.code, e.message))?;
    let agents: HashMap<String, UserId> = all_users(&mut auth.tx)
        .await?
        .into_iter()
        .filter(|u| u.status == UserStatus::Active && u.role != Role::Viewer)
        .map(|u| (u.email.to_lowercase(), u.id))
        .collect();
    Ok(rows
        .into_iter()
        .map(|mut row| {
            let agent = row.agent_email.as_ref().and_then(|email| {
                let found = agents.get(email).copied();
                if found.is_none() {
                    row.errors.push(RowError {
                        column: Some("assignedAgent".into()),
                        code: "invalid_lead_agent".into(),
                        message: format!("{email} is not an active member who can work leads."),
                    });
                }
                found
            });
            (row, agent)
        })
        .collect())
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
    let rows: Vec<ImportRowReport> = rows
        .into_iter()
        .map(|(row, _)| ImportRowReport {
            line: row.line,
            name: row.changes.name.clone().unwrap_or_default(),
            valid: row.errors.is_empty(),
            errors: row.errors,
        })
        .collect();
    let valid_rows = rows.iter().filter(|r| r.valid).count() as u32;
    Ok(Json(ImportPreview {
        invalid_rows: rows.len() as u32 - valid_rows,
        valid_rows,
        rows,
    }))
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
    let skipped_lines: Vec<u64> = rows
        .iter()
        .filter(|(row, _)| !row.errors.is_empty())
        .map(|(row, _)| row.line)
        .collect();
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
    for (row, agent) in rows.into_iter().filter(|(row, _)| row.errors.is_empty()) {
        let mut changes = row.changes;
        if let Some(agent) = agent {
            changes.assigned_agent = Some(Some(agent));
        }
        let lead = leads::create(&mut auth, LeadId::new(), changes, WriteOrigin::DIRECT).await?;
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

/// Every lead, as CSV. The export is recorded in the audit trail in the same
/// transaction that reads the leads, so no export goes unrecorded.
#[utoipa::path(
    get, path = "/v1/leads/export", tag = "leads",
    responses(
        (status = 200, content_type = "text/csv", body = String),
        (status = 403, body = brokerdesk_core::error::ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn export_leads(mut auth: Authenticated) -> Result<Response, ApiError> {
    auth.require(Permission::ImportExportLeads)?;
    let rows: Vec<LeadRow> = sqlx::query_as(&format!(
        "select {LEAD_COLUMNS} from leads where tenant_id = $1 order by created_at, id"
    ))
    .bind(auth.tx.tenant_id().as_uuid())
    .fetch_all(auth.tx.conn())
    .await?;
    let leads: Vec<Lead> = rows
        .into_iter()
        .map(LeadRow::into_lead)
        .collect::<Result<_, _>>()?;
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
        json!({ "format": "csv", "leads": leads.len() }),
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
