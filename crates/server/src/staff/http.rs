//! Platform staff: sign in (always with MFA), list tenants, and open or end an audited
//! support session inside a tenant.

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use brokerdesk_core::identity::{
    OpenSupportSessionRequest, OpenedSupportSession, StaffSignInRequest, StaffTenantView,
    StaffToken, TenantSummary, UpdateTenantRequest,
};
use brokerdesk_core::ids::TenantId;
use brokerdesk_core::tenant::TenantStatus;
use chrono::{DateTime, Duration, Utc};
use serde::Deserialize;
use serde_json::json;
use uuid::Uuid;

use crate::audit::{self, SUBJECT_TENANT_KEY, platform_chain_id};
use crate::auth::attempt::AuthAttempt;
use crate::auth::audit::staff_event;
use crate::auth::staff::StaffAuthenticated;
use crate::auth::tokens::ACCESS_TOKEN_SECONDS;
use crate::db::TenantScope;
use crate::error::{ApiError, parse_stored};
use crate::staff;
use crate::state::AppState;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

const MIN_REASON_CHARS: usize = 15;

/// Signs platform staff in. The authenticator code is always required.
#[utoipa::path(
    post, path = "/v1/staff/sign-in", tag = "staff", request_body = StaffSignInRequest,
    responses(
        (status = 200, body = StaffToken),
        (status = 401, body = brokerdesk_core::error::ErrorBody),
        (status = 429, body = brokerdesk_core::error::ErrorBody),
    )
)]
pub async fn sign_in(
    State(state): State<AppState>,
    AuthAttempt(client): AuthAttempt,
    Json(request): Json<StaffSignInRequest>,
) -> Result<Json<StaffToken>, ApiError> {
    let mut tx = state.db.begin_platform("staff-sign-in").await?;
    let staff = staff::authenticate(
        &mut tx,
        &state.master_key,
        &request.email,
        request.password,
        &request.mfa_code,
    )
    .await?;
    let Some((staff_id, display_name)) = staff else {
        return Err(ApiError::unauthorized(
            "invalid_credentials",
            "The email, password or authenticator code is not right.",
        ));
    };
    let session = Uuid::now_v7();
    sqlx::query("insert into staff_sessions (id, staff_id, expires_at) values ($1, $2, $3)")
        .bind(session)
        .bind(staff_id)
        .bind(Utc::now() + Duration::seconds(ACCESS_TOKEN_SECONDS))
        .execute(tx.conn())
        .await?;
    let event = staff_event(
        platform_chain_id(),
        staff_id,
        &display_name,
        &client,
        "staff.signed_in",
        json!({}),
    );
    audit::append_platform(&mut tx, event).await?;
    tx.commit().await?;
    Ok(Json(StaffToken {
        access_token: state.tokens.issue_staff(staff_id, session)?,
        expires_in: ACCESS_TOKEN_SECONDS,
        display_name,
    }))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct TenantSearch {
    /// Part of a tenant's name or subdomain.
    pub q: Option<String>,
}

/// Tenants with their plan, status and usage. No tenant data.
#[utoipa::path(
    get, path = "/v1/staff/tenants", tag = "staff", params(TenantSearch),
    responses((status = 200, body = Vec<StaffTenantView>), (status = 401, body = brokerdesk_core::error::ErrorBody)),
    security(("bearer" = []))
)]
pub async fn list_tenants(
    State(state): State<AppState>,
    mut staff: StaffAuthenticated,
    Query(search): Query<TenantSearch>,
) -> Result<Json<Vec<StaffTenantView>>, ApiError> {
    let pattern = format!(
        "%{}%",
        search.q.unwrap_or_default().trim().replace(['%', '_'], "")
    );
    let rows: Vec<(Uuid, String, String, String, String, DateTime<Utc>)> = sqlx::query_as(
        "select id, name, subdomain, plan, status, created_at from tenants
          where name ilike $1 or subdomain ilike $1 order by name limit 100",
    )
    .bind(pattern)
    .fetch_all(staff.tx.conn())
    .await?;
    let mut views = Vec::with_capacity(rows.len());
    for (id, name, subdomain, plan, status, created_at) in rows {
        let tenant_id = TenantId::from_uuid(id);
        // Usage is counted inside the tenant's own scope; only the count leaves it.
        let scope = TenantScope {
            tenant_id,
            actor: format!("staff:{}", staff.staff_id),
        };
        let mut tenant_tx = state.db.begin_tenant(scope).await?;
        let users: i64 = sqlx::query_scalar(
            "select count(*) from users where tenant_id = $1 and status <> 'deactivated'",
        )
        .bind(id)
        .fetch_one(tenant_tx.conn())
        .await?;
        tenant_tx.commit().await?;
        let tenant = TenantSummary {
            id: tenant_id,
            name,
            subdomain,
            plan: parse_stored(&plan)?,
            status: parse_stored(&status)?,
        };
        views.push(StaffTenantView {
            tenant,
            users,
            created_at,
        });
    }
    Ok(Json(views))
}

/// Opens a support session in a tenant: a reason of at least 15 characters is required,
/// the access is written to the tenant's own audit trail (and the platform's), and the
/// returned token acts in the tenant for an hour at most.
#[utoipa::path(
    post, path = "/v1/staff/support-sessions", tag = "staff", request_body = OpenSupportSessionRequest,
    responses(
        (status = 201, body = OpenedSupportSession),
        (status = 404, body = brokerdesk_core::error::ErrorBody),
        (status = 422, body = brokerdesk_core::error::ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn open_support_session(
    State(state): State<AppState>,
    mut staff: StaffAuthenticated,
    Json(request): Json<OpenSupportSessionRequest>,
) -> Result<(StatusCode, Json<OpenedSupportSession>), ApiError> {
    let reason = request.reason.trim().to_owned();
    if reason.chars().count() < MIN_REASON_CHARS {
        return Err(ApiError::validation(
            "reason_too_short",
            format!(
                "Say why you need access, in at least {MIN_REASON_CHARS} characters. The brokerage's owner will read it."
            ),
        ));
    }
    let ticket = request
        .ticket
        .map(|t| t.trim().to_owned())
        .filter(|t| !t.is_empty());
    let status: Option<String> = sqlx::query_scalar("select status from tenants where id = $1")
        .bind(request.tenant_id.as_uuid())
        .fetch_optional(staff.tx.conn())
        .await?;
    if status.is_none_or(|s| s == "deleted") {
        return Err(ApiError::NotFound("No such tenant.".into()));
    }

    let new_session = staff::NewSupportSession {
        tenant_id: request.tenant_id,
        staff_id: staff.staff_id,
        staff_display: staff.display_name.clone(),
        reason,
        ticket,
    };
    // Two trails, two transactions (the tenant's rows are only reachable in its own
    // scope). The tenant's entry commits first and the token is issued only after the
    // platform's commits, so a failure between them leaves an "opened" entry for a
    // session that never got a token, and never an access that a trail does not show.
    let (session, mut event) =
        staff::start_support_session(&state.db, new_session, &staff.client).await?;
    let details = event.details.clone();
    let mut platform_details = details;
    platform_details[SUBJECT_TENANT_KEY] = json!(session.tenant_id);
    event.tenant_id = platform_chain_id();
    event.details = platform_details;
    audit::append_platform(&mut staff.tx, event).await?;
    staff.tx.commit().await?;

    let access_token = state.tokens.issue_support(
        session.tenant_id,
        staff.staff_id,
        session.id,
        session.expires_at,
    )?;
    Ok((
        StatusCode::CREATED,
        Json(OpenedSupportSession {
            session,
            access_token,
        }),
    ))
}

/// Ends a support session early; its token stops working at once.
#[utoipa::path(
    post, path = "/v1/staff/tenants/{tenant_id}/support-sessions/{id}/end", tag = "staff",
    params(("tenant_id" = Uuid, Path, description = "Tenant id"), ("id" = Uuid, Path, description = "Support session id")),
    responses((status = 204, description = "Ended"), (status = 404, body = brokerdesk_core::error::ErrorBody)),
    security(("bearer" = []))
)]
pub async fn end_support_session(
    State(state): State<AppState>,
    staff: StaffAuthenticated,
    Path((tenant_id, id)): Path<(Uuid, Uuid)>,
) -> Result<StatusCode, ApiError> {
    let tenant_id = TenantId::from_uuid(tenant_id);
    let scope = TenantScope {
        tenant_id,
        actor: format!("staff:{}", staff.staff_id),
    };
    let mut tx = state.db.begin_tenant(scope).await?;
    let version = tx.next_version().await?;
    let done = sqlx::query(
        "update support_sessions set ended_at = now(), version = $4
          where tenant_id = $1 and id = $2 and staff_id = $3 and ended_at is null",
    )
    .bind(tenant_id.as_uuid())
    .bind(id)
    .bind(staff.staff_id)
    .bind(version)
    .execute(tx.conn())
    .await?;
    if done.rows_affected() == 0 {
        return Err(ApiError::NotFound(
            "No open support session of yours with that id.".into(),
        ));
    }
    let event = staff_event(
        tenant_id,
        staff.staff_id,
        &staff.display_name,
        &staff.client,
        "support.session_ended",
        json!({ "supportSessionId": id }),
    );
    audit::append(&mut tx, event).await?;
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Changes a tenant's plan, status or trial end. The change is recorded in the platform
/// trail and in the tenant's own, so the owner sees it too.
#[utoipa::path(
    patch, path = "/v1/staff/tenants/{tenant_id}", tag = "staff", request_body = UpdateTenantRequest,
    params(("tenant_id" = Uuid, Path, description = "Tenant id")),
    responses(
        (status = 200, body = StaffTenantView),
        (status = 404, body = brokerdesk_core::error::ErrorBody),
        (status = 422, body = brokerdesk_core::error::ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn update_tenant(
    State(state): State<AppState>,
    mut staff: StaffAuthenticated,
    Path(tenant_id): Path<Uuid>,
    Json(request): Json<UpdateTenantRequest>,
) -> Result<Json<StaffTenantView>, ApiError> {
    let reason = request.reason.trim().to_owned();
    if reason.chars().count() < MIN_REASON_CHARS {
        return Err(ApiError::validation(
            "reason_too_short",
            format!(
                "Say why, in at least {MIN_REASON_CHARS} characters. The brokerage's owner will read it."
            ),
        ));
    }
    type Row = (
        String,
        String,
        String,
        String,
        Option<DateTime<Utc>>,
        DateTime<Utc>,
    );
    let before: Option<Row> = sqlx::query_as(
        "select name, subdomain, plan, status, trial_ends_at, created_at from tenants where id = $1",
    )
    .bind(tenant_id)
    .fetch_optional(staff.tx.conn())
    .await?;
    let (name, subdomain, plan, status, trial, created_at) =
        before.ok_or_else(|| ApiError::NotFound("No such tenant.".into()))?;
    // A deletion is the owner's to ask for or cancel; staff hold one instead.
    let moves = request.status.is_some_and(|to| to.as_str() != status);
    if moves
        && (status == "pending_deletion" || request.status == Some(TenantStatus::PendingDeletion))
    {
        return Err(ApiError::validation(
            "deletion_is_the_owners",
            "Only the owner asks for or cancels a deletion. Hold the deletion instead.",
        ));
    }
    let plan = request.plan.map_or(plan, |p| p.as_str().to_owned());
    let status = request.status.map_or(status, |s| s.as_str().to_owned());
    let trial = if request.clear_trial {
        None
    } else {
        request.trial_ends_at.or(trial)
    };
    sqlx::query("update tenants set plan = $2, status = $3, trial_ends_at = $4, updated_at = now() where id = $1")
        .bind(tenant_id)
        .bind(&plan)
        .bind(&status)
        .bind(trial)
        .execute(staff.tx.conn())
        .await?;
    let details = json!({ "plan": plan, "status": status, "trialEndsAt": trial });

    let tenant = TenantId::from_uuid(tenant_id);
    let scope = TenantScope {
        tenant_id: tenant,
        actor: format!("staff:{}", staff.staff_id),
    };
    let mut tenant_tx = state.db.begin_tenant(scope).await?;
    let mut event = staff_event(
        tenant,
        staff.staff_id,
        &staff.display_name,
        &staff.client,
        "tenant.updated_by_staff",
        details.clone(),
    );
    event.reason = Some(reason);
    audit::append(&mut tenant_tx, event.clone()).await?;
    let users: i64 = sqlx::query_scalar(
        "select count(*) from users where tenant_id = $1 and status <> 'deactivated'",
    )
    .bind(tenant_id)
    .fetch_one(tenant_tx.conn())
    .await?;
    tenant_tx.commit().await?;
    event.tenant_id = platform_chain_id();
    event.details[SUBJECT_TENANT_KEY] = json!(tenant);
    audit::append_platform(&mut staff.tx, event).await?;
    staff.tx.commit().await?;
    let summary = TenantSummary {
        id: tenant,
        name,
        subdomain,
        plan: parse_stored(&plan)?,
        status: parse_stored(&status)?,
    };
    Ok(Json(StaffTenantView {
        tenant: summary,
        users,
        created_at,
    }))
}

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(sign_in))
        .routes(routes!(list_tenants))
        .routes(routes!(update_tenant))
        .routes(routes!(open_support_session))
        .routes(routes!(end_support_session))
        .merge(super::deletions::routes())
}
