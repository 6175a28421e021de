//! The full export of a tenant's data (members, settings, leads and everything attached
//! to them, and the audit trail). Exports are recorded in the tenant's audit trail
//! in the same transaction that reads the data, so none can happen unrecorded.

use axum::Json;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use brokerdesk_core::export::{TENANT_EXPORT_FORMAT, TenantExport};
use brokerdesk_core::permission::Permission;
use chrono::Utc;
use serde_json::json;

use crate::auth::Authenticated;
use crate::error::ApiError;
use crate::members::all_users;
use crate::settings::{load_settings, provider_key_summaries};
use crate::state::AppState;
use crate::tenancy::{custom_domains, tenant_summary};
use crate::{api_keys, audit, invitations, leads, transactions};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// Everything the tenant holds, as one JSON document (offered as a file download).
/// Secrets are never included.
#[utoipa::path(
    get, path = "/v1/export", tag = "settings",
    responses(
        (status = 200, body = TenantExport),
        (status = 403, body = brokerdesk_core::error::ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn export_tenant(mut auth: Authenticated) -> Result<Response, ApiError> {
    auth.require(Permission::ExportTenantData)?;
    // First, so the trail exported below already shows this export.
    auth.audit(
        "tenant.exported",
        None,
        json!({ "format": TENANT_EXPORT_FORMAT }),
    )
    .await?;
    let tx = &mut auth.tx;
    let tenant = tenant_summary(tx).await?;
    let export = TenantExport {
        format: TENANT_EXPORT_FORMAT.to_owned(),
        exported_at: Utc::now(),
        settings: load_settings(tx).await?,
        custom_domain: custom_domains::current(tx).await?.map(|c| c.status()),
        users: all_users(tx).await?,
        open_invitations: invitations::open(tx)
            .await?
            .iter()
            .map(|invitation| invitation.summary())
            .collect::<Result<_, _>>()?,
        api_keys: api_keys::list(tx).await?,
        provider_keys: provider_key_summaries(tx).await?,
        leads: leads::store::all(tx).await?,
        consent_entries: {
            let ids = leads::store::sub_record_ids(tx, "consent_entries").await?;
            leads::consent::entries(tx, None, &ids).await?
        },
        conversations: {
            let ids = leads::store::sub_record_ids(tx, "conversations").await?;
            leads::activity::conversations(tx, None, &ids).await?
        },
        calls: {
            let ids = leads::store::sub_record_ids(tx, "call_records").await?;
            leads::activity::calls(tx, None, &ids).await?
        },
        do_not_call: leads::consent::dnc_list(tx, None).await?,
        transactions: transactions::store::all(tx).await?,
        audit_trail: audit::page(tx, 0, i64::MAX).await?,
        tenant,
    };
    let filename = format!(
        "brokerdesk-{}-{}.json",
        export.tenant.subdomain,
        export.exported_at.format("%Y%m%d-%H%M%S")
    );
    auth.tx.commit().await?;
    Ok((
        [(
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{filename}\""),
        )],
        Json(export),
    )
        .into_response())
}

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(export_tenant))
}
