//! The lead routes: list with filters and keyset pages, read, create, change and erase.
//! Each calls the same lead operations as sync pushes and integration posts.

mod ingest;
mod records;
mod transfer;

use axum::Json;
use axum::extract::{Path, Query};
use axum::http::StatusCode;
use brokerdesk_core::ids::LeadId;
use brokerdesk_core::leads::list::{LeadListQuery, LeadPage};
use brokerdesk_core::leads::{Lead, LeadChanges};
use brokerdesk_core::permission::Permission;
use uuid::Uuid;

use crate::auth::Authenticated;
use crate::error::ApiError;
use crate::leads::{self, WriteOrigin, list};
use crate::state::AppState;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// Leads the caller may see (agents: those assigned to them), filtered, in pages.
#[utoipa::path(
    get, path = "/v1/leads", tag = "leads", params(LeadListQuery),
    responses(
        (status = 200, body = LeadPage),
        (status = 422, description = "A filter or the cursor is invalid", body = brokerdesk_core::error::ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn list_leads(
    mut auth: Authenticated,
    Query(query): Query<LeadListQuery>,
) -> Result<Json<LeadPage>, ApiError> {
    let page = list::page(&mut auth, &query).await?;
    auth.tx.commit().await?;
    Ok(Json(page))
}

/// Creates a lead. An agent's new lead is assigned to them. Counts against the plan.
#[utoipa::path(
    post, path = "/v1/leads", tag = "leads", request_body = LeadChanges,
    responses(
        (status = 201, body = Lead),
        (status = 403, description = "Not allowed, or the plan's lead limit is reached (quota_exceeded)", body = brokerdesk_core::error::ErrorBody),
        (status = 422, body = brokerdesk_core::error::ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn create_lead(
    mut auth: Authenticated,
    Json(changes): Json<LeadChanges>,
) -> Result<(StatusCode, Json<Lead>), ApiError> {
    let lead = leads::create(&mut auth, LeadId::new(), changes, WriteOrigin::DIRECT).await?;
    auth.tx.commit().await?;
    Ok((StatusCode::CREATED, Json(lead)))
}

#[utoipa::path(
    get, path = "/v1/leads/{id}", tag = "leads",
    params(("id" = Uuid, Path, description = "Lead id")),
    responses(
        (status = 200, body = Lead),
        (status = 404, body = brokerdesk_core::error::ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn get_lead(
    mut auth: Authenticated,
    Path(id): Path<Uuid>,
) -> Result<Json<Lead>, ApiError> {
    let lead = leads::get(&mut auth, LeadId::from_uuid(id)).await?;
    auth.tx.commit().await?;
    Ok(Json(lead))
}

/// Changes the fields present in the body; `null` clears an optional field.
#[utoipa::path(
    patch, path = "/v1/leads/{id}", tag = "leads", request_body = LeadChanges,
    params(("id" = Uuid, Path, description = "Lead id")),
    responses(
        (status = 200, body = Lead),
        (status = 403, body = brokerdesk_core::error::ErrorBody),
        (status = 404, body = brokerdesk_core::error::ErrorBody),
        (status = 422, body = brokerdesk_core::error::ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn update_lead(
    mut auth: Authenticated,
    Path(id): Path<Uuid>,
    Json(changes): Json<LeadChanges>,
) -> Result<Json<Lead>, ApiError> {
    auth.require(Permission::WriteLeads)?;
    let (lead, _) = leads::update(
        &mut auth,
        LeadId::from_uuid(id),
        changes,
        WriteOrigin::DIRECT,
    )
    .await?;
    auth.tx.commit().await?;
    Ok(Json(lead))
}

/// Erases the lead for a privacy request: its personal data goes everywhere, including
/// its consent ledger, conversations and calls, and every device's cache drops it.
#[utoipa::path(
    delete, path = "/v1/leads/{id}", tag = "leads",
    params(("id" = Uuid, Path, description = "Lead id")),
    responses(
        (status = 204, description = "Erased"),
        (status = 403, body = brokerdesk_core::error::ErrorBody),
        (status = 404, body = brokerdesk_core::error::ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn erase_lead(
    mut auth: Authenticated,
    Path(id): Path<Uuid>,
) -> Result<StatusCode, ApiError> {
    auth.require(Permission::DeleteLeads)?;
    let (_, erased) = leads::delete(&mut auth, LeadId::from_uuid(id)).await?;
    if !erased {
        return Err(leads::no_such_lead());
    }
    auth.tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(ingest::ingest_lead))
        .routes(routes!(ingest::ingest_conversation))
        .routes(routes!(ingest::ingest_call))
        .routes(routes!(list_leads, create_lead))
        .routes(routes!(get_lead, update_lead, erase_lead))
        .routes(routes!(records::list_consents, records::add_consent))
        .routes(routes!(records::call_check))
        .routes(routes!(records::lead_activity))
        .routes(routes!(records::list_dnc, records::add_dnc))
        .routes(routes!(records::remove_dnc))
        .routes(routes!(transfer::preview_import))
        .routes(routes!(transfer::apply_import))
        .routes(routes!(transfer::export_leads))
}
