//! Storing invitations and writing their mail, and who may manage them: revoking goes
//! through [`revoke_by`] from the REST route and from sync pushes alike. Inviting, with
//! its seat limit and link, is the business of the routes (`invitations::http`).
//!
//! An invitation token is `bdi.<tenant>.<secret>` (see `auth::bearer_secret`): accepting
//! happens before anyone is signed in, so the token itself says which tenant to look in.
//! Only its hash is stored, and resending replaces it, so a link works until it is
//! accepted, replaced, revoked or seven days old, whichever comes first.

pub mod http;
mod outbox;
pub mod sync;

use brokerdesk_core::ids::{TenantId, UserId};
use brokerdesk_core::invitation::{InvitationStatus, InvitationSummary};
use brokerdesk_core::permission::Permission;
use brokerdesk_core::role::Role;
use chrono::{DateTime, Duration, Utc};
use serde_json::json;
use sqlx::postgres::PgArguments;
use sqlx::query::QueryAs;
use sqlx::{FromRow, Postgres};
use uuid::Uuid;

use crate::auth::{Authenticated, bearer_secret};
use crate::db::TenantTx;
use crate::error::ApiError;
use crate::mail::Mail;

const TOKEN_PREFIX: &str = "bdi";
pub const LIFETIME: Duration = Duration::days(7);

/// The tenant an invitation token belongs to; `None` for anything that is not one.
pub fn tenant_of(token: &str) -> Option<TenantId> {
    bearer_secret::tenant_of(TOKEN_PREFIX, token)
}

#[derive(Debug, FromRow)]
pub struct Invitation {
    pub id: Uuid,
    pub email: String,
    role: String,
    /// The invitee's users row; cleared when the invitation is revoked.
    pub user_id: Option<Uuid>,
    invited_by: Uuid,
    created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    accepted_at: Option<DateTime<Utc>>,
    revoked_at: Option<DateTime<Utc>>,
}

const COLUMNS: &str =
    "id, email, role, user_id, invited_by, created_at, expires_at, accepted_at, revoked_at";

impl Invitation {
    pub fn status(&self) -> InvitationStatus {
        if self.accepted_at.is_some() {
            InvitationStatus::Accepted
        } else if self.revoked_at.is_some() {
            InvitationStatus::Revoked
        } else if self.expires_at <= Utc::now() {
            InvitationStatus::Expired
        } else {
            InvitationStatus::Pending
        }
    }

    pub fn role(&self) -> Result<Role, ApiError> {
        self.role
            .parse()
            .map_err(|e| ApiError::Internal(anyhow::anyhow!("invitation {} has {e}", self.id)))
    }

    pub fn summary(&self) -> Result<InvitationSummary, ApiError> {
        Ok(InvitationSummary {
            id: self.id,
            email: self.email.clone(),
            role: self.role()?,
            status: self.status(),
            invited_by: UserId::from_uuid(self.invited_by),
            created_at: self.created_at,
            expires_at: self.expires_at,
        })
    }
}

pub async fn find(tx: &mut TenantTx, id: Uuid) -> Result<Option<Invitation>, sqlx::Error> {
    sqlx::query_as(&format!(
        "select {COLUMNS} from invitations where tenant_id = $1 and id = $2"
    ))
    .bind(tx.tenant_id().as_uuid())
    .bind(id)
    .fetch_optional(tx.conn())
    .await
}

/// The invitations with these ids, whatever their state, for sync.
pub async fn by_ids(tx: &mut TenantTx, ids: &[Uuid]) -> Result<Vec<Invitation>, sqlx::Error> {
    sqlx::query_as(&format!(
        "select {COLUMNS} from invitations where tenant_id = $1 and id = any($2)"
    ))
    .bind(tx.tenant_id().as_uuid())
    .bind(ids)
    .fetch_all(tx.conn())
    .await
}

/// The invitation whose current link is `token`. A replaced link finds nothing.
pub async fn find_by_token(
    tx: &mut TenantTx,
    token: &str,
) -> Result<Option<Invitation>, sqlx::Error> {
    sqlx::query_as(&format!(
        "select {COLUMNS} from invitations where tenant_id = $1 and token_hash = $2"
    ))
    .bind(tx.tenant_id().as_uuid())
    .bind(bearer_secret::hash(token))
    .fetch_optional(tx.conn())
    .await
}

/// Invitations neither accepted nor revoked, expired ones included (they can be resent).
pub async fn open(tx: &mut TenantTx) -> Result<Vec<Invitation>, sqlx::Error> {
    sqlx::query_as(&format!(
        "select {COLUMNS} from invitations
          where tenant_id = $1 and accepted_at is null and revoked_at is null
          order by created_at, id"
    ))
    .bind(tx.tenant_id().as_uuid())
    .fetch_all(tx.conn())
    .await
}

pub struct NewInvitation<'a> {
    pub email: &'a str,
    pub role: Role,
    pub user_id: UserId,
    pub invited_by: UserId,
}

/// Stores a new invitation and returns it with the token for its link.
pub async fn create(
    tx: &mut TenantTx,
    new: NewInvitation<'_>,
    version: i64,
) -> Result<(Invitation, String), sqlx::Error> {
    let token = bearer_secret::generate(TOKEN_PREFIX, tx.tenant_id());
    let sql = format!(
        "insert into invitations
           (tenant_id, id, email, role, user_id, invited_by, token_hash, expires_at, version)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         returning {COLUMNS}"
    );
    let query = sqlx::query_as(&sql)
        .bind(tx.tenant_id().as_uuid())
        .bind(Uuid::now_v7())
        .bind(new.email)
        .bind(new.role.as_str())
        .bind(new.user_id.as_uuid())
        .bind(new.invited_by.as_uuid());
    let invitation = bind_new_link(query, &token, version)
        .fetch_one(tx.conn())
        .await?;
    Ok((invitation, token))
}

/// Binds what a new link changes, as the query's last three parameters: the token's
/// hash, a fresh seven days, and the transaction's version.
fn bind_new_link<'q>(
    query: QueryAs<'q, Postgres, Invitation, PgArguments>,
    token: &str,
    version: i64,
) -> QueryAs<'q, Postgres, Invitation, PgArguments> {
    query
        .bind(bearer_secret::hash(token))
        .bind(Utc::now() + LIFETIME)
        .bind(version)
}

/// Gives the invitation a new token and a fresh seven days; the old link stops working.
pub async fn renew(
    tx: &mut TenantTx,
    id: Uuid,
    version: i64,
) -> Result<(Invitation, String), sqlx::Error> {
    let token = bearer_secret::generate(TOKEN_PREFIX, tx.tenant_id());
    let sql = format!(
        "update invitations set token_hash = $3, expires_at = $4, version = $5
          where tenant_id = $1 and id = $2
          returning {COLUMNS}"
    );
    let query = sqlx::query_as(&sql).bind(tx.tenant_id().as_uuid()).bind(id);
    let invitation = bind_new_link(query, &token, version)
        .fetch_one(tx.conn())
        .await?;
    Ok((invitation, token))
}

/// Revokes an invitation and removes the invitee's users row, which never signed in and
/// holds nothing but the email and role, so the seat frees up and the address can be
/// invited again.
pub async fn revoke(
    tx: &mut TenantTx,
    invitation: &Invitation,
    version: i64,
) -> Result<Invitation, sqlx::Error> {
    let revoked = sqlx::query_as(&format!(
        "update invitations set revoked_at = now(), user_id = null, version = $3
          where tenant_id = $1 and id = $2
          returning {COLUMNS}"
    ))
    .bind(tx.tenant_id().as_uuid())
    .bind(invitation.id)
    .bind(version)
    .fetch_one(tx.conn())
    .await?;
    let deleted =
        sqlx::query("delete from users where tenant_id = $1 and id = $2 and status = 'invited'")
            .bind(tx.tenant_id().as_uuid())
            .bind(invitation.user_id)
            .execute(tx.conn())
            .await?;
    if deleted.rows_affected() > 0
        && let Some(user_id) = invitation.user_id
    {
        tx.record_tombstone("user", user_id, version).await?;
    }
    Ok(revoked)
}

fn no_such_invitation() -> ApiError {
    ApiError::NotFound("No such invitation.".into())
}

/// Refuses unless the caller may give `role` to someone: managing an invitation needs
/// the same authority as the membership it offers.
pub fn ensure_can_assign(auth: &Authenticated, role: Role) -> Result<(), ApiError> {
    if auth.user.role.can_assign(role) {
        Ok(())
    } else {
        Err(ApiError::forbidden(
            "role_not_grantable",
            format!(
                "Your role ({}) cannot invite someone as {role}.",
                auth.user.role
            ),
        ))
    }
}

/// The invitation `id` if it is still open and the caller may manage its role. Call it
/// after `next_version()`, so nobody else can accept or revoke it meanwhile.
pub async fn open_invitation(auth: &mut Authenticated, id: Uuid) -> Result<Invitation, ApiError> {
    let invitation = find(&mut auth.tx, id)
        .await?
        .ok_or_else(no_such_invitation)?;
    ensure_can_assign(auth, invitation.role()?)?;
    match invitation.status() {
        InvitationStatus::Pending | InvitationStatus::Expired => Ok(invitation),
        InvitationStatus::Accepted => Err(ApiError::Conflict {
            code: "invitation_accepted",
            message: "This invitation has already been accepted.".into(),
        }),
        InvitationStatus::Revoked => Err(ApiError::Conflict {
            code: "invitation_revoked",
            message: "This invitation was revoked; invite the person again instead.".into(),
        }),
    }
}

/// Withdraws an open invitation: its link stops working, and the invitee's pending
/// membership is removed, which frees the seat. Returns it with the tenant version the
/// revocation was made at.
pub async fn revoke_by(
    auth: &mut Authenticated,
    id: Uuid,
) -> Result<(InvitationSummary, i64), ApiError> {
    auth.require(Permission::ManageUsers)?;
    let version = auth.tx.next_version().await?;
    let invitation = open_invitation(auth, id).await?;
    let revoked = revoke(&mut auth.tx, &invitation, version).await?;
    auth.audit("invitation.revoked", Some(id.to_string()), json!({}))
        .await?;
    Ok((revoked.summary()?, version))
}

/// Revokes the open invitation of a member who is being deactivated before accepting
/// it, so its link cannot bring them back. Returns how many there were (0 or 1).
pub async fn withdraw_for_user(
    tx: &mut TenantTx,
    user: UserId,
    version: i64,
) -> Result<u64, sqlx::Error> {
    let done = sqlx::query(
        "update invitations set revoked_at = now(), version = $3
          where tenant_id = $1 and user_id = $2 and accepted_at is null and revoked_at is null",
    )
    .bind(tx.tenant_id().as_uuid())
    .bind(user.as_uuid())
    .bind(version)
    .execute(tx.conn())
    .await?;
    Ok(done.rows_affected())
}

pub async fn mark_accepted(tx: &mut TenantTx, id: Uuid, version: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "update invitations set accepted_at = now(), version = $3 where tenant_id = $1 and id = $2",
    )
    .bind(tx.tenant_id().as_uuid())
    .bind(id)
    .bind(version)
    .execute(tx.conn())
    .await?;
    Ok(())
}

/// The link that accepts an invitation.
pub fn link(public_url: &str, token: &str) -> String {
    format!("{public_url}/invite/{token}")
}

/// The mail that carries the link.
pub fn mail(company: &str, inviter: &str, invitation: &Invitation, link: &str) -> Mail {
    let role = invitation.role.as_str();
    let expires = invitation.expires_at.format("%-d %B %Y at %H:%M UTC");
    Mail {
        to: invitation.email.clone(),
        subject: format!("{inviter} invited you to {company} on Brokerdesk"),
        body: format!(
            "Hello,\n\n\
             {inviter} has invited you to join {company} on Brokerdesk, with the role {role}.\n\n\
             To accept, choose your name and password here:\n\n{link}\n\n\
             The link works once, until {expires}. If you were not expecting this \
             invitation, you can ignore this mail.\n"
        ),
    }
}
