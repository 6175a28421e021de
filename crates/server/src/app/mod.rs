//! The composition root: the only module that names every domain. It merges their
//! routes (each domain's `http::routes()` documents its handlers for OpenAPI, so the
//! document is generated from the code that serves requests), registers their sync
//! sources, and owns start-up, configuration and the command line.

pub mod cli;
pub mod config;
mod health;
mod openapi;
pub mod shutdown;
pub mod startup;
pub mod telemetry;

use axum::http::{Method, Uri};
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::error::ApiError;
use crate::state::AppState;
use crate::sync::source::SyncSources;
use crate::{
    api_keys, audit, auth, commissions, dotloop, export, invitations, kb, leads, members, privacy,
    retention, roster, settings, staff, sync, tenancy, transactions,
};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Brokerdesk API",
        description = "Hosted multi-tenant API for real-estate brokerages."
    ),
    // CallKind and LeadSort are named by query parameters, which utoipa does not
    // collect into the components on its own.
    components(schemas(
        brokerdesk_core::error::ErrorBody,
        brokerdesk_core::leads::consent::CallKind,
        brokerdesk_core::leads::list::LeadSort
    )),
    modifiers(&SecuritySchemes)
)]
struct ApiDoc;

/// Declares the schemes routes name in `security`: `bearer` for a signed-in user's
/// access token, `api_key` for an integration's tenant API key (which may also be sent
/// as `Authorization: Bearer bd_live_…`).
struct SecuritySchemes;

impl utoipa::Modify for SecuritySchemes {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{
            ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme,
        };
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT")
                    .build(),
            ),
        );
        components.add_security_scheme(
            "api_key",
            SecurityScheme::ApiKey(ApiKey::Header(ApiKeyValue::new("X-Api-Key"))),
        );
    }
}

/// Every documented route, with the OpenAPI document they add up to.
pub fn api_router() -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(health::healthz))
        .routes(routes!(openapi::openapi_json))
        .merge(auth::http::routes())
        .merge(members::http::routes())
        .merge(audit::http::routes())
        .merge(settings::http::routes())
        .merge(tenancy::http::routes())
        .merge(tenancy::deletion::http::routes())
        .merge(export::http::routes())
        .merge(api_keys::http::routes())
        .merge(leads::http::routes())
        .merge(staff::http::routes())
        .merge(invitations::http::routes())
        .merge(roster::http::routes())
        .merge(privacy::http::routes())
        .merge(retention::http::routes())
        .merge(retention::staff_http::routes())
        .merge(transactions::http::routes())
        .merge(commissions::http::routes())
        .merge(commissions::report_http::routes())
        .merge(dotloop::http::routes())
        .merge(kb::http::routes())
        .merge(sync::http::routes())
}

/// Every synced entity's source, which pull and push loop over, and the tenant
/// snapshot the last page of a pull carries.
pub fn sync_sources() -> SyncSources {
    SyncSources::new(
        vec![
            Box::new(leads::sync::LeadSource),
            Box::new(leads::sync::CONSENTS),
            Box::new(leads::sync::CONVERSATIONS),
            Box::new(leads::sync::CALLS),
            Box::new(leads::sync::DncSource),
            Box::new(members::sync::MemberSource),
            Box::new(invitations::sync::InvitationSource),
            Box::new(api_keys::sync::ApiKeySource),
            Box::new(audit::sync::AuditSource),
            Box::new(settings::sync::SettingsSource),
            Box::new(roster::sync::RosterSource),
            Box::new(privacy::sync::PrivacyRequestSource),
            Box::new(transactions::sync::TransactionSource),
            Box::new(commissions::sync::PlanSource),
            Box::new(commissions::sync::AgentRowSource::Assignment),
            Box::new(commissions::sync::AgentRowSource::Override),
            Box::new(kb::sync::KbItemSource),
            Box::new(kb::sync::KbVersionSource),
            Box::new(kb::sync::KbChunkSource),
            // The engine's own: the field conflicts merges record.
            Box::new(sync::conflicts::ConflictSource),
        ],
        Box::new(tenancy::sync::TenantSnapshotSource),
    )
}

/// Unknown routes answer in the API's error shape rather than an empty 404.
pub async fn fallback(method: Method, uri: Uri) -> ApiError {
    ApiError::NotFound(format!("There is no route {method} {}.", uri.path()))
}
