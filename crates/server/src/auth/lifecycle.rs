//! What a tenant's lifecycle does to a request, decided here for every extractor: a
//! tenant pending deletion is read-only, and a deleted tenant answers 410
//! `tenant_deleted` to everything, so a device knows to shred its copy rather than ask
//! the user to sign in again.

use axum::http::Method;
use axum::http::request::Parts;
use brokerdesk_core::ids::TenantId;
use brokerdesk_core::tenant_deletion::{
    DELETED_CODE, PENDING_CODE, deleted_message, pending_message,
};
use chrono::{DateTime, Utc};

use crate::db::TenantTx;
use crate::error::ApiError;

/// Writes a tenant pending deletion still takes: cancelling the deletion, signing out,
/// and starting an export job, so the owner can take the data out before it goes.
const WRITES_WHILE_PENDING: &[(Method, &str)] = &[
    (Method::DELETE, "/v1/tenant/deletion"),
    (Method::POST, "/v1/auth/sign-out"),
    (Method::POST, "/v1/exports"),
];

pub fn is_write(method: &Method) -> bool {
    !matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// The answer to anything asked of a deleted tenant.
pub fn deleted() -> ApiError {
    ApiError::Gone {
        code: DELETED_CODE,
        message: deleted_message().to_owned(),
    }
}

/// Refuses a write to a tenant whose deletion is pending, unless it is one of the few
/// that stay open; reads always pass.
pub fn check_pending(parts: &Parts, due_at: Option<DateTime<Utc>>) -> Result<(), ApiError> {
    let open = WRITES_WHILE_PENDING
        .iter()
        .any(|(method, path)| parts.method == method && parts.uri.path() == *path);
    if !is_write(&parts.method) || open {
        return Ok(());
    }
    Err(pending_refusal(due_at))
}

/// The refusal of a write while the deletion is pending (409, with the due date).
pub fn pending_refusal(due_at: Option<DateTime<Utc>>) -> ApiError {
    ApiError::Conflict {
        code: PENDING_CODE,
        message: pending_message(due_at.unwrap_or_else(Utc::now)),
    }
}

/// Whether the tenant has been deleted, read from its own registry row (which the
/// tenant's transaction may see), for a credential that no longer finds its rows.
pub async fn is_deleted(tx: &mut TenantTx, tenant: TenantId) -> Result<bool, sqlx::Error> {
    let status: Option<String> = sqlx::query_scalar("select status from tenants where id = $1")
        .bind(tenant.as_uuid())
        .fetch_optional(tx.conn())
        .await?;
    Ok(status.as_deref() == Some("deleted"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::Request;

    fn parts(method: Method, path: &str) -> Parts {
        Request::builder()
            .method(method)
            .uri(path)
            .body(())
            .unwrap()
            .into_parts()
            .0
    }

    #[test]
    fn while_pending_reads_and_the_way_out_pass_and_other_writes_do_not() {
        let due = Some(Utc::now());
        for (method, path) in [
            (Method::GET, "/v1/leads"),
            (Method::GET, "/v1/exports/x/download"),
            (Method::DELETE, "/v1/tenant/deletion"),
            (Method::POST, "/v1/auth/sign-out"),
            (Method::POST, "/v1/exports"),
        ] {
            assert!(
                check_pending(&parts(method.clone(), path), due).is_ok(),
                "{method} {path}"
            );
        }
        for (method, path) in [
            (Method::POST, "/v1/leads"),
            (Method::POST, "/v1/sync/push"),
            (Method::POST, "/v1/tenant/deletion"),
            (Method::PATCH, "/v1/settings"),
            (Method::DELETE, "/v1/leads/x"),
        ] {
            let refused = check_pending(&parts(method.clone(), path), due).unwrap_err();
            assert_eq!(refused.code(), PENDING_CODE, "{method} {path}");
            assert_eq!(refused.status(), axum::http::StatusCode::CONFLICT);
        }
    }
}
