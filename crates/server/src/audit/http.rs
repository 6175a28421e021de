//! Reading the tenant's audit trail, page by page, for display and for verification.

use axum::Json;
use axum::extract::Query;
use brokerdesk_core::audit::AuditEntry;
use brokerdesk_core::identity::SupportSession;
use brokerdesk_core::permission::Permission;
use chrono::{DateTime, Utc};
use serde::Deserialize;

use crate::audit;
use crate::auth::Authenticated;
use crate::error::ApiError;
use crate::state::AppState;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

const MAX_PAGE: i64 = 500;

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(rename_all = "camelCase")]
pub struct AuditPageQuery {
    /// Return entries after this seq (0 for the start).
    #[serde(default)]
    pub after_seq: i64,
    /// At most this many entries (default and maximum 500).
    pub limit: Option<i64>,
}

/// Entries of the tenant's hash-chained audit trail, in chain order.
#[utoipa::path(
    get, path = "/v1/audit", tag = "audit", params(AuditPageQuery),
    responses((status = 200, body = Vec<AuditEntry>), (status = 403, body = brokerdesk_core::error::ErrorBody)),
    security(("bearer" = []))
)]
pub async fn audit_page(
    mut auth: Authenticated,
    Query(query): Query<AuditPageQuery>,
) -> Result<Json<Vec<AuditEntry>>, ApiError> {
    auth.require(Permission::ViewAuditTrail)?;
    let limit = query.limit.unwrap_or(MAX_PAGE).clamp(1, MAX_PAGE);
    Ok(Json(
        audit::page(&mut auth.tx, query.after_seq.max(0), limit).await?,
    ))
}

/// Every support session platform staff have opened in this tenant, newest first, with
/// who opened it and why.
#[utoipa::path(
    get, path = "/v1/support-sessions", tag = "audit",
    responses((status = 200, body = Vec<SupportSession>), (status = 403, body = brokerdesk_core::error::ErrorBody)),
    security(("bearer" = []))
)]
pub async fn support_sessions(
    mut auth: Authenticated,
) -> Result<Json<Vec<SupportSession>>, ApiError> {
    auth.require(Permission::ViewAuditTrail)?;
    type Row = (
        uuid::Uuid,
        String,
        String,
        Option<String>,
        DateTime<Utc>,
        DateTime<Utc>,
        Option<DateTime<Utc>>,
    );
    let rows: Vec<Row> = sqlx::query_as(
        "select id, staff_display, reason, ticket, started_at, expires_at, ended_at
           from support_sessions where tenant_id = $1 order by started_at desc",
    )
    .bind(auth.tx.tenant_id().as_uuid())
    .fetch_all(auth.tx.conn())
    .await?;
    let tenant_id = auth.tx.tenant_id();
    Ok(Json(
        rows.into_iter()
            .map(
                |(id, staff_display, reason, ticket, started_at, expires_at, ended_at)| {
                    SupportSession {
                        id,
                        tenant_id,
                        staff_display,
                        reason,
                        ticket,
                        started_at,
                        expires_at,
                        ended_at,
                    }
                },
            )
            .collect(),
    ))
}

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(audit_page))
        .routes(routes!(support_sessions))
}
