//! The tenant's mail outbox: mail the server wrote instead of sending, because no SMTP
//! server is configured. It lets an admin pass an invitation link on by hand.

use axum::Json;
use brokerdesk_core::invitation::OutboxMail;
use brokerdesk_core::permission::Permission;
use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::auth::Authenticated;
use crate::error::ApiError;

/// Only the latest mail is listed; older mail is of no use to anyone.
const MAX_LISTED: i64 = 200;

type OutboxRow = (
    Uuid,
    String,
    String,
    String,
    DateTime<Utc>,
    Option<DateTime<Utc>>,
);

/// The latest mail in the outbox, newest first. It holds invitation links, so it needs
/// the right to manage members.
#[utoipa::path(
    get, path = "/v1/mail-outbox", tag = "invitations",
    responses((status = 200, body = Vec<OutboxMail>), (status = 403, body = brokerdesk_core::error::ErrorBody)),
    security(("bearer" = []))
)]
pub async fn list_outbox(mut auth: Authenticated) -> Result<Json<Vec<OutboxMail>>, ApiError> {
    auth.require(Permission::ManageUsers)?;
    let rows: Vec<OutboxRow> = sqlx::query_as(
        "select id, to_address, subject, body, created_at, sent_at from mail_outbox
          where tenant_id = $1 order by created_at desc, id desc limit $2",
    )
    .bind(auth.tx.tenant_id().as_uuid())
    .bind(MAX_LISTED)
    .fetch_all(auth.tx.conn())
    .await?;
    Ok(Json(
        rows.into_iter()
            .map(|(id, to, subject, body, created_at, sent_at)| OutboxMail {
                id,
                to,
                subject,
                body,
                created_at,
                sent_at,
            })
            .collect(),
    ))
}
