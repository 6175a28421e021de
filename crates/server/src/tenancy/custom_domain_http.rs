//! The tenant's custom domain: claim it, publish the TXT record it asks for, verify,
//! and remove. Only plans that include custom domains may claim or verify one.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use brokerdesk_core::custom_domain::{
    CustomDomain, CustomDomainStatus, SetCustomDomainRequest, txt_proves,
};
use brokerdesk_core::permission::Permission;
use serde_json::json;

use crate::auth::Authenticated;
use crate::error::ApiError;
use crate::state::AppState;
use crate::tenancy::custom_domains::{self, Claim, DomainTaken};

fn no_claim() -> ApiError {
    ApiError::NotFound("This brokerage has no custom domain.".into())
}

fn require_plan_feature(auth: &Authenticated) -> Result<(), ApiError> {
    if auth.plan.plan().features.custom_domain {
        return Ok(());
    }
    Err(ApiError::forbidden(
        "plan_feature_required",
        format!(
            "Custom domains are part of the paid plans; your plan is {}.",
            auth.plan.display_name()
        ),
    ))
}

/// The custom domain, its verification state and the TXT record to publish.
#[utoipa::path(
    get, path = "/v1/custom-domain", tag = "settings",
    responses(
        (status = 200, body = CustomDomainStatus),
        (status = 404, description = "No custom domain", body = brokerdesk_core::error::ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn get_custom_domain(
    mut auth: Authenticated,
) -> Result<Json<CustomDomainStatus>, ApiError> {
    auth.require(Permission::ManageSettings)?;
    let claim = custom_domains::current(&mut auth.tx)
        .await?
        .ok_or_else(no_claim)?;
    Ok(Json(claim.status()))
}

/// Claims a domain and returns the TXT record that proves control of it. Claiming a
/// different domain replaces the old one, verified or not.
#[utoipa::path(
    put, path = "/v1/custom-domain", tag = "settings", request_body = SetCustomDomainRequest,
    responses(
        (status = 200, body = CustomDomainStatus),
        (status = 403, description = "Not allowed, or the plan has no custom domains", body = brokerdesk_core::error::ErrorBody),
        (status = 422, body = brokerdesk_core::error::ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn put_custom_domain(
    State(state): State<AppState>,
    mut auth: Authenticated,
    Json(request): Json<SetCustomDomainRequest>,
) -> Result<Json<CustomDomainStatus>, ApiError> {
    auth.require(Permission::ManageSettings)?;
    require_plan_feature(&auth)?;
    let domain = CustomDomain::parse(&request.domain)
        .map_err(|e| ApiError::validation("invalid_domain", e.to_string()))?;
    if let Some(base) = state.base_domain.as_deref() {
        domain
            .check_outside(base)
            .map_err(|e| ApiError::validation("invalid_domain", e.to_string()))?;
    }
    if let Some(existing) = custom_domains::current(&mut auth.tx).await?
        && existing.domain == domain.as_str()
    {
        // Asking again for the same domain keeps its token: the record may already be
        // published, and a new token would silently undo that.
        return Ok(Json(existing.status()));
    }
    let version = auth.tx.next_version().await?;
    let claim = custom_domains::claim(&mut auth.tx, &domain, version).await?;
    auth.audit(
        "custom_domain.claimed",
        Some(claim.domain.clone()),
        json!({ "domain": claim.domain }),
    )
    .await?;
    auth.tx.commit().await?;
    Ok(Json(claim.status()))
}

/// Looks up the TXT record now; on success the domain starts naming this brokerage.
#[utoipa::path(
    post, path = "/v1/custom-domain/verify", tag = "settings",
    responses(
        (status = 200, description = "Verified", body = CustomDomainStatus),
        (status = 403, description = "Not allowed, or the plan has no custom domains", body = brokerdesk_core::error::ErrorBody),
        (status = 404, description = "No custom domain", body = brokerdesk_core::error::ErrorBody),
        (status = 409, description = "Another brokerage already uses the domain", body = brokerdesk_core::error::ErrorBody),
        (status = 422, description = "The TXT record is not there (yet)", body = brokerdesk_core::error::ErrorBody),
        (status = 503, description = "DNS could not be asked", body = brokerdesk_core::error::ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn verify_custom_domain(
    State(state): State<AppState>,
    mut auth: Authenticated,
) -> Result<Json<CustomDomainStatus>, ApiError> {
    auth.require(Permission::ManageSettings)?;
    require_plan_feature(&auth)?;
    let claim = custom_domains::current(&mut auth.tx)
        .await?
        .ok_or_else(no_claim)?;
    if claim.verified_at.is_some() {
        return Ok(Json(claim.status()));
    }
    let status = claim.status();
    let found = state
        .dns
        .txt_records(&status.record_name)
        .await
        .map_err(|error| {
            tracing::warn!(%error, "custom domain verification could not ask DNS");
            ApiError::UpstreamUnavailable {
                code: "dns_unavailable",
                message: "DNS did not answer just now. Try verifying again in a minute.".into(),
            }
        })?;
    if !txt_proves(&found, claim.token()) {
        return Err(ApiError::validation(
            "verification_record_missing",
            format!(
                "No TXT record at {} holds \"{}\" yet. Add it at your DNS provider; changes can take up to an hour to appear.",
                status.record_name, status.record_value
            ),
        ));
    }
    let version = auth.tx.next_version().await?;
    let verified = match custom_domains::mark_verified(&mut auth.tx, &claim, version).await? {
        Ok(verified) => verified,
        Err(DomainTaken) => {
            return Err(ApiError::Conflict {
                code: "domain_in_use",
                message: format!(
                    "{} already points to another Brokerdesk brokerage. Contact Brokerdesk support to move it.",
                    claim.domain
                ),
            });
        }
    };
    auth.audit(
        "custom_domain.verified",
        Some(verified.domain.clone()),
        json!({ "domain": verified.domain }),
    )
    .await?;
    auth.tx.commit().await?;
    Ok(Json(verified.status()))
}

/// Removes the custom domain; requests through it stop naming this brokerage at once.
#[utoipa::path(
    delete, path = "/v1/custom-domain", tag = "settings",
    responses(
        (status = 204, description = "Removed"),
        (status = 404, description = "No custom domain", body = brokerdesk_core::error::ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn delete_custom_domain(mut auth: Authenticated) -> Result<StatusCode, ApiError> {
    auth.require(Permission::ManageSettings)?;
    let version = auth.tx.next_version().await?;
    let removed: Claim = custom_domains::remove(&mut auth.tx, version)
        .await?
        .ok_or_else(no_claim)?;
    auth.audit(
        "custom_domain.removed",
        Some(removed.domain.clone()),
        json!({ "domain": removed.domain }),
    )
    .await?;
    auth.tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}
