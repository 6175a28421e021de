//! The cache keeps an audit entry's IP address and user agent no longer than the server
//! does (`CLIENT_DETAILS_KEPT_DAYS`, core's rule): the server deletes its copy, and this
//! hook blanks the cached one at the end of each pull and whenever a cache is opened, so
//! a device that stays offline forgets them on the same day. The entries still verify,
//! since their hash covers only the salted digest of the two.

use brokerdesk_core::audit::CLIENT_DETAILS_KEPT_DAYS;
use brokerdesk_core::sync::SyncEntity;
use chrono::{Duration, SecondsFormat, Utc};
use sqlx::SqliteConnection;

use crate::sync::StoreError;
use crate::sync::hook::{HookFuture, PAGE_HOOKS, PageHook};
use linkme::distributed_slice;

pub(crate) struct ClientDetailsExpiry;

#[distributed_slice(PAGE_HOOKS)]
static CLIENT_DETAILS_EXPIRY: &dyn PageHook = &ClientDetailsExpiry;

impl PageHook for ClientDetailsExpiry {
    fn entity(&self) -> SyncEntity {
        SyncEntity::AuditEntry
    }

    fn pull_ended<'a>(&'a self, conn: &'a mut SqliteConnection) -> HookFuture<'a> {
        Box::pin(expire(conn))
    }

    fn cache_opened<'a>(&'a self, conn: &'a mut SqliteConnection) -> HookFuture<'a> {
        Box::pin(expire(conn))
    }
}

async fn expire(conn: &mut SqliteConnection) -> Result<(), StoreError> {
    // The server writes `occurredAt` as RFC 3339 in UTC, so text order is time order.
    let cutoff = (Utc::now() - Duration::days(CLIENT_DETAILS_KEPT_DAYS))
        .to_rfc3339_opts(SecondsFormat::Micros, true);
    sqlx::query(
        "update records set data = json_set(data, '$.ip', json('null'), '$.userAgent', json('null')) \
         where entity = ? and json_extract(data, '$.occurredAt') < ? \
           and (json_extract(data, '$.ip') is not null or json_extract(data, '$.userAgent') is not null)",
    )
    .bind(SyncEntity::AuditEntry.as_str())
    .bind(cutoff)
    .execute(conn)
    .await?;
    Ok(())
}
