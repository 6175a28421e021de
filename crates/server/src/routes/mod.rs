//! HTTP routes. Each module documents its handlers for OpenAPI; [`api_router`] gathers
//! them so the document is generated from the same code that serves requests.

pub mod api_keys;
pub mod audit;
pub mod auth;
pub mod custom_domain;
pub mod export;
pub mod health;
pub mod ingest;
pub mod integrations;
pub mod invitations;
pub mod lead_records;
pub mod lead_transfer;
pub mod leads;
pub mod mail_outbox;
pub mod me;
pub mod mfa;
pub mod openapi;
pub mod password_reset;
pub mod plan;
pub mod settings;
pub mod staff;
pub mod sync;
pub mod users;

use axum::http::{Method, Uri};
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::error::ApiError;
use crate::startup::AppState;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Brokerdesk API",
        description = "Hosted multi-tenant API for real-estate brokerages."
    ),
    components(schemas(brokerdesk_core::error::ErrorBody)),
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
        .routes(routes!(auth::register))
        .routes(routes!(auth::sign_in))
        .routes(routes!(auth::refresh))
        .routes(routes!(auth::sign_out))
        .routes(routes!(password_reset::request_reset))
        .routes(routes!(password_reset::complete_reset))
        .routes(routes!(me::me))
        .routes(routes!(me::list_sessions))
        .routes(routes!(me::revoke_session))
        .routes(routes!(me::change_password))
        .routes(routes!(mfa::enrol))
        .routes(routes!(mfa::confirm))
        .routes(routes!(mfa::disable))
        .routes(routes!(users::list_users))
        .routes(routes!(users::change_role))
        .routes(routes!(users::deactivate))
        .routes(routes!(users::reactivate))
        .routes(routes!(audit::audit_page))
        .routes(routes!(audit::support_sessions))
        .routes(routes!(settings::get_settings, settings::put_settings))
        .routes(routes!(settings::list_provider_keys))
        .routes(routes!(
            custom_domain::get_custom_domain,
            custom_domain::put_custom_domain,
            custom_domain::delete_custom_domain
        ))
        .routes(routes!(custom_domain::verify_custom_domain))
        .routes(routes!(export::export_tenant))
        .routes(routes!(
            settings::set_provider_key,
            settings::delete_provider_key
        ))
        .routes(routes!(api_keys::create_api_key, api_keys::list_api_keys))
        .routes(routes!(api_keys::revoke_api_key))
        .routes(routes!(integrations::whoami))
        .routes(routes!(ingest::ingest_lead))
        .routes(routes!(ingest::ingest_conversation))
        .routes(routes!(ingest::ingest_call))
        .routes(routes!(leads::list_leads, leads::create_lead))
        .routes(routes!(
            leads::get_lead,
            leads::update_lead,
            leads::erase_lead
        ))
        .routes(routes!(
            lead_records::list_consents,
            lead_records::add_consent
        ))
        .routes(routes!(lead_records::call_check))
        .routes(routes!(lead_records::lead_activity))
        .routes(routes!(lead_records::list_dnc, lead_records::add_dnc))
        .routes(routes!(lead_records::remove_dnc))
        .routes(routes!(lead_transfer::preview_import))
        .routes(routes!(lead_transfer::apply_import))
        .routes(routes!(lead_transfer::export_leads))
        .routes(routes!(staff::sign_in))
        .routes(routes!(staff::list_tenants))
        .routes(routes!(staff::update_tenant))
        .routes(routes!(staff::open_support_session))
        .routes(routes!(staff::end_support_session))
        .routes(routes!(plan::plan_and_usage))
        .routes(routes!(invitations::invite, invitations::list_invitations))
        .routes(routes!(invitations::resend))
        .routes(routes!(invitations::revoke))
        .routes(routes!(invitations::accept))
        .routes(routes!(mail_outbox::list_outbox))
        .routes(routes!(sync::pull_page))
        .routes(routes!(sync::push_mutations))
        .routes(routes!(sync::wait_for_change))
}

/// Unknown routes answer in the API's error shape rather than an empty 404.
pub async fn fallback(method: Method, uri: Uri) -> ApiError {
    ApiError::NotFound(format!("There is no route {method} {}.", uri.path()))
}
