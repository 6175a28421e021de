//! Inviting members: invite, list, resend, revoke, and (before sign-in) accept. An
//! invitation takes a seat from the moment it is made, so the plan's user limit is
//! checked when inviting, in the same transaction, under the tenant's clock-row lock.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use brokerdesk_core::identity::SessionTokens;
use brokerdesk_core::ids::UserId;
use brokerdesk_core::invitation::{
    AcceptInvitationRequest, InvitationLink, InvitationStatus, InvitationSummary, InviteRequest,
};
use brokerdesk_core::password::check_new_password;
use brokerdesk_core::people::{Email, PersonName};
use brokerdesk_core::permission::Permission;
use serde_json::json;
use uuid::Uuid;

use super::outbox;
use crate::auth::attempt::{AuthAttempt, issue};
use crate::auth::audit::{record, user_event};
use crate::auth::{Authenticated, password};
use crate::db::{TenantScope, TenantTx, is_unique_violation};
use crate::error::ApiError;
use crate::invitations::{self, Invitation, NewInvitation, ensure_can_assign, open_invitation};
use crate::mail::Dispatch;
use crate::state::AppState;
use crate::tenancy::plan_usage;
use crate::tenancy::{self, NewUser};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

fn email_taken() -> ApiError {
    ApiError::Conflict {
        code: "email_taken",
        message: "Someone with this email is already a member of, or invited to, this brokerage."
            .into(),
    }
}

/// Writes the invitation mail in the request's transaction and returns the link.
async fn send_link(
    state: &AppState,
    auth: &mut Authenticated,
    invitation: &Invitation,
    token: &str,
) -> Result<(String, Dispatch), ApiError> {
    let company: String = sqlx::query_scalar("select name from tenants where id = $1")
        .bind(auth.tx.tenant_id().as_uuid())
        .fetch_one(auth.tx.conn())
        .await?;
    let link = invitations::link(&state.public_url, token);
    let mail = invitations::mail(&company, &auth.user.display_name, invitation, &link);
    let dispatch = state.mailer.submit(&mut auth.tx, mail).await?;
    Ok((link, dispatch))
}

/// Invites someone by email. Their membership (status `invited`) takes a seat at once;
/// the link to accept is returned and mailed (or written to the outbox without SMTP).
#[utoipa::path(
    post, path = "/v1/invitations", tag = "invitations", request_body = InviteRequest,
    responses(
        (status = 201, description = "Invited", body = InvitationLink),
        (status = 403, description = "`forbidden`, `role_not_grantable`, or `quota_exceeded` when the plan has no free seat", body = brokerdesk_core::error::ErrorBody),
        (status = 409, description = "`email_taken`", body = brokerdesk_core::error::ErrorBody),
        (status = 422, body = brokerdesk_core::error::ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn invite(
    State(state): State<AppState>,
    mut auth: Authenticated,
    Json(request): Json<InviteRequest>,
) -> Result<(StatusCode, Json<InvitationLink>), ApiError> {
    auth.require(Permission::ManageUsers)?;
    let email = Email::parse(&request.email)?.into_string();
    ensure_can_assign(&auth, request.role)?;

    // The clock-row lock comes first: it queues this tenant's other writers, so the
    // email and seat checks below stay true until this transaction commits.
    let version = auth.tx.next_version().await?;
    let taken: bool = sqlx::query_scalar(
        "select exists(select 1 from users where tenant_id = $1 and lower(email) = $2)",
    )
    .bind(auth.tx.tenant_id().as_uuid())
    .bind(&email)
    .fetch_one(auth.tx.conn())
    .await?;
    if taken {
        return Err(email_taken());
    }
    plan_usage::ensure_seat_available(&mut auth.tx).await?;

    let local_part = email.split('@').next().unwrap_or(&email);
    let placeholder_name: String = local_part.chars().take(200).collect();
    let invitee = NewUser {
        email: &email,
        display_name: &placeholder_name,
        role: request.role,
    };
    let user_id = tenancy::add_invited_user(&mut auth.tx, invitee, version)
        .await
        .map_err(|e| {
            if is_unique_violation(&e) {
                email_taken()
            } else {
                e.into()
            }
        })?;
    let new = NewInvitation {
        email: &email,
        role: request.role,
        user_id,
        invited_by: auth.user.id,
    };
    let (invitation, token) = invitations::create(&mut auth.tx, new, version).await?;
    let (invite_url, dispatch) = send_link(&state, &mut auth, &invitation, &token).await?;
    auth.audit(
        "invitation.created",
        Some(invitation.id.to_string()),
        // No email: the trail holds no personal data, so that it can outlive the
        // invitation's retention period (and the member's). The sentence names the
        // invitee from the invitation while it is kept.
        json!({ "role": request.role, "user_id": user_id }),
    )
    .await?;
    let invitation = invitation.summary()?;
    auth.tx.commit().await?;
    dispatch.run().await;
    Ok((
        StatusCode::CREATED,
        Json(InvitationLink {
            invitation,
            invite_url,
        }),
    ))
}

/// Invitations not yet accepted or revoked, expired ones included so they can be resent.
#[utoipa::path(
    get, path = "/v1/invitations", tag = "invitations",
    responses((status = 200, body = Vec<InvitationSummary>), (status = 403, body = brokerdesk_core::error::ErrorBody)),
    security(("bearer" = []))
)]
pub async fn list_invitations(
    mut auth: Authenticated,
) -> Result<Json<Vec<InvitationSummary>>, ApiError> {
    auth.require(Permission::ManageUsers)?;
    let open = invitations::open(&mut auth.tx).await?;
    Ok(Json(
        open.iter()
            .map(Invitation::summary)
            .collect::<Result<_, _>>()?,
    ))
}

/// Sends the invitation again with a new link, valid for seven more days. The previous
/// link stops working.
#[utoipa::path(
    post, path = "/v1/invitations/{id}/resend", tag = "invitations",
    params(("id" = Uuid, Path, description = "Invitation id")),
    responses(
        (status = 200, body = InvitationLink),
        (status = 403, body = brokerdesk_core::error::ErrorBody),
        (status = 404, body = brokerdesk_core::error::ErrorBody),
        (status = 409, description = "Already accepted or revoked", body = brokerdesk_core::error::ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn resend(
    State(state): State<AppState>,
    mut auth: Authenticated,
    Path(id): Path<Uuid>,
) -> Result<Json<InvitationLink>, ApiError> {
    auth.require(Permission::ManageUsers)?;
    let version = auth.tx.next_version().await?;
    open_invitation(&mut auth, id).await?;
    let (invitation, token) = invitations::renew(&mut auth.tx, id, version).await?;
    let (invite_url, dispatch) = send_link(&state, &mut auth, &invitation, &token).await?;
    auth.audit("invitation.resent", Some(id.to_string()), json!({}))
        .await?;
    let invitation = invitation.summary()?;
    auth.tx.commit().await?;
    dispatch.run().await;
    Ok(Json(InvitationLink {
        invitation,
        invite_url,
    }))
}

/// Withdraws an invitation: its link stops working, and the invitee's pending membership
/// is removed, which frees the seat.
#[utoipa::path(
    post, path = "/v1/invitations/{id}/revoke", tag = "invitations",
    params(("id" = Uuid, Path, description = "Invitation id")),
    responses(
        (status = 200, body = InvitationSummary),
        (status = 403, body = brokerdesk_core::error::ErrorBody),
        (status = 404, body = brokerdesk_core::error::ErrorBody),
        (status = 409, description = "Already accepted or revoked", body = brokerdesk_core::error::ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn revoke(
    mut auth: Authenticated,
    Path(id): Path<Uuid>,
) -> Result<Json<InvitationSummary>, ApiError> {
    let (summary, _) = invitations::revoke_by(&mut auth, id).await?;
    auth.tx.commit().await?;
    Ok(Json(summary))
}

fn invalid_invitation() -> ApiError {
    ApiError::NotFound(
        "This invitation link is not valid. It may have been replaced by a newer one: use the \
         latest mail, or ask for the invitation to be sent again."
            .into(),
    )
}

/// Refuses an invitation that can no longer be accepted, saying why.
fn ensure_acceptable(invitation: &Invitation) -> Result<(), ApiError> {
    match invitation.status() {
        InvitationStatus::Pending => Ok(()),
        InvitationStatus::Accepted => Err(ApiError::Conflict {
            code: "invitation_used",
            message: "This invitation has already been accepted. Sign in instead.".into(),
        }),
        InvitationStatus::Expired => Err(ApiError::Gone {
            code: "invitation_expired",
            message: "This invitation has expired. Ask for it to be sent again.".into(),
        }),
        InvitationStatus::Revoked => Err(revoked()),
    }
}

fn revoked() -> ApiError {
    ApiError::Gone {
        code: "invitation_revoked",
        message: "This invitation was withdrawn.".into(),
    }
}

/// The invitation behind `token`, if it can still be accepted, looked up in `tx`.
async fn acceptable(tx: &mut TenantTx, token: &str) -> Result<Invitation, ApiError> {
    let invitation = invitations::find_by_token(tx, token)
        .await?
        .ok_or_else(invalid_invitation)?;
    ensure_acceptable(&invitation)?;
    Ok(invitation)
}

/// Accepts an invitation: sets the invitee's name and password, activates the
/// membership and signs them in. Each link works once.
#[utoipa::path(
    post, path = "/v1/invitations/accept", tag = "invitations", request_body = AcceptInvitationRequest,
    responses(
        (status = 200, description = "Accepted and signed in", body = SessionTokens),
        (status = 403, description = "`tenant_suspended`", body = brokerdesk_core::error::ErrorBody),
        (status = 404, description = "`not_found`: unknown or replaced link", body = brokerdesk_core::error::ErrorBody),
        (status = 409, description = "`invitation_used`", body = brokerdesk_core::error::ErrorBody),
        (status = 410, description = "`invitation_expired` or `invitation_revoked`", body = brokerdesk_core::error::ErrorBody),
        (status = 422, description = "`invalid_name` or `weak_password`", body = brokerdesk_core::error::ErrorBody),
    )
)]
pub async fn accept(
    State(state): State<AppState>,
    AuthAttempt(client): AuthAttempt,
    Json(request): Json<AcceptInvitationRequest>,
) -> Result<Json<SessionTokens>, ApiError> {
    let tenant_id = invitations::tenant_of(&request.token).ok_or_else(invalid_invitation)?;
    let name = PersonName::parse(&request.name)?;
    let name = name.as_str();
    let scope = TenantScope {
        tenant_id,
        actor: "invitation".into(),
    };

    // A first look, without taking the tenant's clock lock, turns bad links away and
    // gives the email the password must not lean on. The lock is not held while the
    // password is hashed.
    let mut tx = state.db.begin_tenant(scope.clone()).await?;
    let tenant_status: Option<String> =
        sqlx::query_scalar("select status from tenants where id = $1")
            .bind(tenant_id.as_uuid())
            .fetch_optional(tx.conn())
            .await?;
    match tenant_status.as_deref() {
        Some("active") => {}
        Some("suspended") => {
            return Err(ApiError::forbidden(
                "tenant_suspended",
                "This brokerage's account is suspended, so invitations cannot be accepted now.",
            ));
        }
        _ => return Err(invalid_invitation()),
    }
    let email = acceptable(&mut tx, &request.token).await?.email;
    drop(tx);
    check_new_password(&request.password, &[email.as_str(), name])
        .map_err(|e| ApiError::validation("weak_password", e.to_string()))?;
    let password_hash = password::hash(request.password).await?;

    // Under the lock, look again: a concurrent accept, resend or revoke has committed.
    let mut tx = state.db.begin_tenant(scope).await?;
    let version = tx.next_version().await?;
    let invitation = acceptable(&mut tx, &request.token).await?;
    let role = invitation.role()?;
    let user_id = invitation
        .user_id
        .map(UserId::from_uuid)
        .ok_or_else(|| ApiError::Internal(anyhow::anyhow!("open invitation without a user")))?;
    let activated = sqlx::query(
        "update users set display_name = $3, password_hash = $4, status = 'active', version = $5,
                updated_at = now()
          where tenant_id = $1 and id = $2 and status = 'invited'",
    )
    .bind(tenant_id.as_uuid())
    .bind(user_id.as_uuid())
    .bind(name)
    .bind(&password_hash)
    .bind(version)
    .execute(tx.conn())
    .await?;
    if activated.rows_affected() != 1 {
        // Deactivating an invitee revokes the invitation too, so this is not expected;
        // if it happens anyway, the member is not to be let in.
        return Err(revoked());
    }
    invitations::mark_accepted(&mut tx, invitation.id, version).await?;
    let tokens = issue(&state, &mut tx, user_id, role, &client).await?;
    let event = user_event(
        tenant_id,
        Some((user_id, name)),
        &client,
        "invitation.accepted",
        Some(invitation.id.to_string()),
        json!({ "role": role }),
    );
    record(&mut tx, event).await?;
    tx.commit().await?;
    Ok(Json(tokens))
}

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(invite, list_invitations))
        .routes(routes!(resend))
        .routes(routes!(revoke))
        .routes(routes!(accept))
        .routes(routes!(outbox::list_outbox))
}
