//! Registering a brokerage: the tenant, its first owner, and the owner's first session.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use brokerdesk_core::identity::{RegisterTenantRequest, SessionTokens};
use brokerdesk_core::password::check_new_password;
use brokerdesk_core::people::{Email, PersonName, single_line};
use brokerdesk_core::plan::PlanTier;
use brokerdesk_core::role::Role;
use brokerdesk_core::subdomain::Subdomain;
use serde_json::json;

use crate::auth::attempt::{AuthAttempt, issue};
use crate::auth::audit::{record, user_event};
use crate::auth::password;
use crate::db::is_unique_violation;
use crate::error::ApiError;
use crate::state::AppState;
use crate::tenancy::{self, NewTenant, NewUser};

/// Registers a brokerage with its first owner, and signs the owner in.
#[utoipa::path(
    post, path = "/v1/tenants", tag = "auth", request_body = RegisterTenantRequest,
    responses(
        (status = 201, description = "Registered and signed in", body = SessionTokens),
        (status = 409, description = "The subdomain is taken", body = brokerdesk_core::error::ErrorBody),
        (status = 422, description = "Invalid input", body = brokerdesk_core::error::ErrorBody),
        (status = 429, description = "Too many attempts from this address", body = brokerdesk_core::error::ErrorBody),
    )
)]
pub async fn register(
    State(state): State<AppState>,
    AuthAttempt(client): AuthAttempt,
    Json(request): Json<RegisterTenantRequest>,
) -> Result<(StatusCode, Json<SessionTokens>), ApiError> {
    let subdomain = Subdomain::parse(request.subdomain.trim())
        .map_err(|e| ApiError::validation("invalid_subdomain", e.to_string()))?;
    let company = request.company_name.trim();
    single_line("invalid_company_name", "The company name", company)?;
    if company.is_empty() || company.chars().count() > 200 {
        return Err(ApiError::validation(
            "invalid_company_name",
            "Enter the company name (at most 200 characters).",
        ));
    }
    let email = Email::parse(&request.owner_email)?;
    let name = PersonName::parse(&request.owner_name)?;
    let name = name.as_str();
    check_new_password(
        &request.owner_password,
        &[email.as_str(), name, company, subdomain.as_str()],
    )
    .map_err(|e| ApiError::validation("weak_password", e.to_string()))?;
    let password_hash = password::hash(request.owner_password).await?;

    let mut platform = state.db.begin_platform("registration").await?;
    if tenancy::find_by_subdomain(&mut platform, &subdomain)
        .await?
        .is_some()
    {
        return Err(subdomain_taken(&subdomain));
    }
    let new_tenant = NewTenant {
        name: company,
        subdomain: &subdomain,
        plan: PlanTier::Free,
    };
    let mut tx = tenancy::create_tenant(platform, new_tenant, "registration")
        .await
        .map_err(|e| {
            if is_unique_violation(&e) {
                subdomain_taken(&subdomain)
            } else {
                e.into()
            }
        })?;
    let user = tenancy::add_user(
        &mut tx,
        NewUser {
            email: email.as_str(),
            display_name: name,
            role: Role::Owner,
        },
    )
    .await?;
    tenancy::set_password_hash(&mut tx, user, &password_hash).await?;
    let tokens = issue(&state, &mut tx, user, Role::Owner, &client).await?;
    let event = user_event(
        tx.tenant_id(),
        Some((user, name)),
        &client,
        "tenant.registered",
        Some(subdomain.to_string()),
        json!({ "plan": "free" }),
    );
    record(&mut tx, event).await?;
    tx.commit().await?;
    Ok((StatusCode::CREATED, Json(tokens)))
}

fn subdomain_taken(subdomain: &Subdomain) -> ApiError {
    ApiError::Conflict {
        code: "subdomain_taken",
        message: format!("The subdomain {subdomain} is taken; choose another."),
    }
}
