//! What the app reads and writes around a lead: its consent ledger and the "may we call
//! now?" check, its conversations and calls, and the tenant's do-not-call list.

use axum::Json;
use axum::extract::{Path, Query};
use axum::http::StatusCode;
use brokerdesk_core::ids::LeadId;
use brokerdesk_core::leads::activity::LeadActivity;
use brokerdesk_core::leads::consent::{
    CallCheckQuery, CallDecision, ConsentEntry, DncEntry, NewConsent, NewDncEntry,
};
use brokerdesk_core::permission::Permission;
use uuid::Uuid;

use crate::auth::Authenticated;
use crate::error::ApiError;
use crate::leads::{self, activity, consent};

/// The lead's consent ledger, oldest first.
#[utoipa::path(
    get, path = "/v1/leads/{id}/consents", tag = "leads",
    params(("id" = Uuid, Path, description = "Lead id")),
    responses(
        (status = 200, body = Vec<ConsentEntry>),
        (status = 404, body = brokerdesk_core::error::ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn list_consents(
    mut auth: Authenticated,
    Path(id): Path<Uuid>,
) -> Result<Json<Vec<ConsentEntry>>, ApiError> {
    let lead = leads::get(&mut auth, LeadId::from_uuid(id)).await?;
    let entries = consent::entries(&mut auth.tx, Some(lead.id), &[]).await?;
    auth.tx.commit().await?;
    Ok(Json(entries))
}

/// Adds a grant or a revocation to the ledger. A revocation takes effect at once; nothing
/// already in the ledger ever changes.
#[utoipa::path(
    post, path = "/v1/leads/{id}/consents", tag = "leads", request_body = NewConsent,
    params(("id" = Uuid, Path, description = "Lead id")),
    responses(
        (status = 201, body = ConsentEntry),
        (status = 403, body = brokerdesk_core::error::ErrorBody),
        (status = 404, body = brokerdesk_core::error::ErrorBody),
        (status = 422, body = brokerdesk_core::error::ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn add_consent(
    mut auth: Authenticated,
    Path(id): Path<Uuid>,
    Json(new): Json<NewConsent>,
) -> Result<(StatusCode, Json<ConsentEntry>), ApiError> {
    auth.require(Permission::WriteLeads)?;
    let lead = leads::get(&mut auth, LeadId::from_uuid(id)).await?;
    leads::require_write(&auth, lead.assigned_agent)?;
    let mut entries = consent::record(&mut auth, lead.id, vec![new]).await?;
    auth.tx.commit().await?;
    let entry = entries
        .pop()
        .ok_or_else(|| ApiError::Internal(anyhow::anyhow!("no entry")))?;
    Ok((StatusCode::CREATED, Json(entry)))
}

/// "May we call this lead on this number now?", with the reason.
#[utoipa::path(
    get, path = "/v1/leads/{id}/call-check", tag = "leads",
    params(("id" = Uuid, Path, description = "Lead id"), CallCheckQuery),
    responses(
        (status = 200, body = CallDecision),
        (status = 404, body = brokerdesk_core::error::ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn call_check(
    mut auth: Authenticated,
    Path(id): Path<Uuid>,
    Query(query): Query<CallCheckQuery>,
) -> Result<Json<CallDecision>, ApiError> {
    let lead = leads::get(&mut auth, LeadId::from_uuid(id)).await?;
    let decision = consent::call_check(&mut auth.tx, &lead, &query.phone, query.kind).await?;
    auth.tx.commit().await?;
    Ok(Json(decision))
}

/// The lead's conversations and calls, oldest first.
#[utoipa::path(
    get, path = "/v1/leads/{id}/activity", tag = "leads",
    params(("id" = Uuid, Path, description = "Lead id")),
    responses(
        (status = 200, body = LeadActivity),
        (status = 404, body = brokerdesk_core::error::ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn lead_activity(
    mut auth: Authenticated,
    Path(id): Path<Uuid>,
) -> Result<Json<LeadActivity>, ApiError> {
    let lead = leads::get(&mut auth, LeadId::from_uuid(id)).await?;
    let timeline = LeadActivity {
        conversations: activity::conversations(&mut auth.tx, Some(lead.id), &[]).await?,
        calls: activity::calls(&mut auth.tx, Some(lead.id), &[]).await?,
    };
    auth.tx.commit().await?;
    Ok(Json(timeline))
}

/// The tenant's do-not-call list.
#[utoipa::path(
    get, path = "/v1/dnc", tag = "leads",
    responses((status = 200, body = Vec<DncEntry>)),
    security(("bearer" = []))
)]
pub async fn list_dnc(mut auth: Authenticated) -> Result<Json<Vec<DncEntry>>, ApiError> {
    auth.require(Permission::ReadLeads)?;
    let list = consent::dnc_list(&mut auth.tx, None).await?;
    auth.tx.commit().await?;
    Ok(Json(list))
}

/// Puts a number on the do-not-call list. Anyone who works leads may: a person asking
/// not to be called is honoured by whoever hears it.
#[utoipa::path(
    post, path = "/v1/dnc", tag = "leads", request_body = NewDncEntry,
    responses(
        (status = 201, body = DncEntry),
        (status = 403, body = brokerdesk_core::error::ErrorBody),
        (status = 422, body = brokerdesk_core::error::ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn add_dnc(
    mut auth: Authenticated,
    Json(new): Json<NewDncEntry>,
) -> Result<(StatusCode, Json<DncEntry>), ApiError> {
    auth.require(Permission::WriteLeads)?;
    let entry = consent::dnc_add(&mut auth, new).await?;
    auth.tx.commit().await?;
    Ok((StatusCode::CREATED, Json(entry)))
}

/// Takes a number off the do-not-call list: for those who manage every lead.
#[utoipa::path(
    delete, path = "/v1/dnc/{id}", tag = "leads",
    params(("id" = Uuid, Path, description = "Do-not-call entry id")),
    responses(
        (status = 204),
        (status = 403, body = brokerdesk_core::error::ErrorBody),
        (status = 404, body = brokerdesk_core::error::ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn remove_dnc(
    mut auth: Authenticated,
    Path(id): Path<Uuid>,
) -> Result<StatusCode, ApiError> {
    auth.require(Permission::WriteAllLeads)?;
    if !consent::dnc_remove(&mut auth, id).await? {
        return Err(ApiError::NotFound("No such do-not-call entry.".into()));
    }
    auth.tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}
