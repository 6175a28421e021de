//! The counters several API instances share, in PostgreSQL.

use crate::db::Database;

/// Counts one hit on a rate-limit key in a window and returns the window's total.
/// The first hit of a window also clears windows more than an hour old.
pub async fn count_hit(
    db: &Database,
    key: &str,
    window_start: chrono::DateTime<chrono::Utc>,
) -> Result<i64, sqlx::Error> {
    let mut tx = db.begin_unscoped().await?;
    let hits: i32 = sqlx::query_scalar(
        "insert into rate_limit_counters (key, window_start, hits) values ($1, $2, 1)
         on conflict (key, window_start) do update set hits = rate_limit_counters.hits + 1
         returning hits",
    )
    .bind(key)
    .bind(window_start)
    .fetch_one(&mut *tx)
    .await?;
    if hits == 1 {
        sqlx::query("delete from rate_limit_counters where window_start < $1 - interval '1 hour'")
            .bind(window_start)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(i64::from(hits))
}
