//! Transactions that a client hanging up cannot leave open on a pooled connection.
//!
//! sqlx 0.8.6 (the newest 0.8 release) raises its transaction depth only after `BEGIN`
//! has been answered, and its drop guards roll back only when the depth is above zero.
//! A `Pool::begin` future dropped while `BEGIN` is in flight (axum drops the handler of
//! a request whose client hung up) therefore leaves the session inside a transaction,
//! and the pool hands it to the next request, whose statements then run inside the
//! leftover one (transact-rs/sqlx#4393, fixed upstream after 0.8.6 and 0.9.0).
//!
//! Two guards, each enough on its own: [`begin`] never lets `BEGIN` be cancelled, and
//! [`still_in_transaction`] checks every connection as it goes back to the pool, so one
//! left inside a transaction by any path is closed (which rolls it back) instead.

use sqlx::postgres::PgConnection;
use sqlx::{Executor, PgPool, Postgres, Row, Transaction};

/// `pool.begin()` run to completion on a task of its own: when the caller is dropped
/// mid-way, the task still finishes, and the transaction it made is dropped with it,
/// which rolls it back before the connection returns to the pool.
pub(super) async fn begin(pool: &PgPool) -> Result<Transaction<'static, Postgres>, sqlx::Error> {
    begin_with(pool, None).await
}

/// [`begin`] with `statement` (a simple query starting with `BEGIN`) in place of `BEGIN`.
pub(super) async fn begin_with(
    pool: &PgPool,
    statement: Option<String>,
) -> Result<Transaction<'static, Postgres>, sqlx::Error> {
    let pool = pool.clone();
    let begun = tokio::spawn(async move {
        match statement {
            Some(statement) => pool.begin_with(statement).await,
            None => pool.begin().await,
        }
    });
    match begun.await {
        Ok(begun) => begun,
        Err(failed) if failed.is_panic() => std::panic::resume_unwind(failed.into_panic()),
        // Only a runtime shutting down cancels the task: no transaction to hand out.
        Err(_) => Err(sqlx::Error::PoolClosed),
    }
}

/// Whether the session is inside a transaction block, asked as a connection returns to
/// the pool (sqlx's own tracking cannot tell: it is what the cancellation bypasses).
/// Sent as a simple query, which outside a block runs in a transaction that starts with
/// the statement, so the two timestamps are equal; inside a block the transaction began
/// with an earlier `BEGIN`. A session whose transaction failed answers with an error,
/// which closes it all the same.
pub(super) async fn still_in_transaction(conn: &mut PgConnection) -> Result<bool, sqlx::Error> {
    // A bare string has no parameters, so sqlx sends it as a simple query.
    let row = conn
        .fetch_one("select transaction_timestamp() < statement_timestamp()")
        .await?;
    let inside: bool = row.try_get(0)?;
    if inside {
        tracing::warn!("a pooled connection was left inside a transaction; closing it");
    }
    Ok(inside)
}
