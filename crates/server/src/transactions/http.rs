//! The deals' routes: list, read (with loop health), enter and change by hand, and the
//! Dotloop CSV import (preview, then apply). Deals are not deleted.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Path, Query};
use axum::http::StatusCode;
use brokerdesk_core::ids::TransactionId;
use brokerdesk_core::transactions::preview::ImportPreview;
use brokerdesk_core::transactions::{NewTransaction, Transaction, TransactionChanges};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use super::detail::{self, TransactionDetail};
use super::import::{self, ImportCounts};
use super::list::{self, TransactionListQuery, TransactionPage};
use crate::auth::Authenticated;
use crate::edge::input::MAX_FILE_BYTES;
use crate::error::ApiError;
use crate::state::AppState;
use crate::transactions;

pub fn routes() -> OpenApiRouter<AppState> {
    // An export of 250,000 loops (core's row limit) with its custom sections runs to a
    // few hundred megabytes; the API's usual 2 MB would refuse a brokerage's real file.
    let import = OpenApiRouter::new()
        .routes(routes!(preview_import))
        .routes(routes!(apply_import))
        .layer(DefaultBodyLimit::max(MAX_FILE_BYTES));
    OpenApiRouter::new()
        .routes(routes!(list_transactions, add_transaction))
        .routes(routes!(get_transaction, change_transaction))
        .merge(import)
}

/// The deals the caller may read (an agent: those they take part in), newest change
/// first, a page at a time.
#[utoipa::path(
    get, path = "/v1/transactions", tag = "transactions", params(TransactionListQuery),
    responses(
        (status = 200, body = TransactionPage),
        (status = 403, body = brokerdesk_core::error::ErrorBody),
        (status = 422, description = "A filter or the cursor is invalid", body = brokerdesk_core::error::ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn list_transactions(
    mut auth: Authenticated,
    Query(query): Query<TransactionListQuery>,
) -> Result<Json<TransactionPage>, ApiError> {
    Ok(Json(list::page(&mut auth, &query).await?))
}

/// Enters a deal by hand.
#[utoipa::path(
    post, path = "/v1/transactions", tag = "transactions", request_body = NewTransaction,
    responses(
        (status = 201, body = Transaction),
        (status = 403, description = "Not allowed, or the plan's transaction limit is reached (quota_exceeded)", body = brokerdesk_core::error::ErrorBody),
        (status = 422, body = brokerdesk_core::error::ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn add_transaction(
    mut auth: Authenticated,
    Json(new): Json<NewTransaction>,
) -> Result<(StatusCode, Json<Transaction>), ApiError> {
    let (deal, _) = transactions::create(&mut auth, TransactionId::new(), new).await?;
    auth.tx.commit().await?;
    Ok((StatusCode::CREATED, Json(deal)))
}

/// One deal, with its loop health findings and data-quality score.
#[utoipa::path(
    get, path = "/v1/transactions/{id}", tag = "transactions",
    params(("id" = Uuid, Path, description = "The deal's id")),
    responses((status = 200, body = TransactionDetail), (status = 404, body = brokerdesk_core::error::ErrorBody)),
    security(("bearer" = []))
)]
pub async fn get_transaction(
    mut auth: Authenticated,
    Path(id): Path<Uuid>,
) -> Result<Json<TransactionDetail>, ApiError> {
    Ok(Json(
        detail::get(&mut auth, TransactionId::from_uuid(id)).await?,
    ))
}

/// Changes some of a deal's fields: absent fields stay, `null` clears an optional one.
#[utoipa::path(
    patch, path = "/v1/transactions/{id}", tag = "transactions", request_body = TransactionChanges,
    params(("id" = Uuid, Path, description = "The deal's id")),
    responses(
        (status = 200, body = Transaction),
        (status = 403, body = brokerdesk_core::error::ErrorBody),
        (status = 404, body = brokerdesk_core::error::ErrorBody),
        (status = 409, description = "Another deal holds the loop (duplicate_loop)", body = brokerdesk_core::error::ErrorBody),
        (status = 422, body = brokerdesk_core::error::ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn change_transaction(
    mut auth: Authenticated,
    Path(id): Path<Uuid>,
    Json(changes): Json<TransactionChanges>,
) -> Result<Json<Transaction>, ApiError> {
    let (deal, _) = transactions::update(&mut auth, TransactionId::from_uuid(id), changes).await?;
    auth.tx.commit().await?;
    Ok(Json(deal))
}

/// What importing a Dotloop CSV export would do, loop by loop: create, update (which
/// fields) or leave unchanged, with every finding. The body is the file itself
/// (`text/csv`, UTF-8 with or without a BOM, or Windows-1252). Nothing is written.
#[utoipa::path(
    post, path = "/v1/transactions/import/preview", tag = "transactions",
    request_body(content = String, content_type = "text/csv"),
    responses(
        (status = 200, body = ImportPreview),
        (status = 403, body = brokerdesk_core::error::ErrorBody),
        (status = 422, description = "Not a Dotloop export (an HTML page, no Loop View column…)", body = brokerdesk_core::error::ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn preview_import(
    mut auth: Authenticated,
    file: Bytes,
) -> Result<Json<ImportPreview>, ApiError> {
    let preview = import::preview(&mut auth, &file).await?;
    auth.tx.commit().await?;
    Ok(Json(preview))
}

/// Imports a Dotloop CSV export in one transaction, as its preview describes; the same
/// file again changes nothing. Over the plan's transaction limit nothing is imported.
#[utoipa::path(
    post, path = "/v1/transactions/import", tag = "transactions",
    request_body(content = String, content_type = "text/csv"),
    responses(
        (status = 200, body = ImportCounts),
        (status = 403, description = "Not allowed, or over the plan's transaction limit (quota_exceeded)", body = brokerdesk_core::error::ErrorBody),
        (status = 422, body = brokerdesk_core::error::ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn apply_import(
    mut auth: Authenticated,
    file: Bytes,
) -> Result<Json<ImportCounts>, ApiError> {
    let counts = import::apply(&mut auth, &file).await?;
    auth.tx.commit().await?;
    Ok(Json(counts))
}
