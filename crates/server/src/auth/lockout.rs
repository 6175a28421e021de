//! Per-account lockout. The per-address limiter stops one machine guessing many
//! accounts; this stops many machines guessing one account.

use brokerdesk_core::ids::UserId;
use chrono::{DateTime, Duration, Utc};

use crate::db::TenantTx;

/// Failures allowed before the account locks.
const FREE_ATTEMPTS: i32 = 5;
const FIRST_LOCK: Duration = Duration::minutes(15);
const LONGEST_LOCK: Duration = Duration::hours(24);

/// How long an account stays locked after `failures` consecutive failures: nothing until
/// the allowance is spent, then 15 minutes, doubling with each further failure.
pub fn lock_for(failures: i32) -> Option<Duration> {
    let over = failures - FREE_ATTEMPTS;
    if over < 0 {
        return None;
    }
    let doubled = FIRST_LOCK * 2_i32.saturating_pow(over.min(10) as u32);
    Some(doubled.min(LONGEST_LOCK))
}

/// The delay before answering a failed attempt: a little more each time, so scripted
/// guessing slows to a crawl well before the lock.
pub fn delay_for(failures: i32) -> std::time::Duration {
    std::time::Duration::from_millis(200 * failures.clamp(0, 10) as u64)
}

/// Records a failure and returns the new count and lock, if any.
pub async fn record_failure(
    tx: &mut TenantTx,
    user: UserId,
) -> Result<(i32, Option<DateTime<Utc>>), sqlx::Error> {
    let failures: i32 = sqlx::query_scalar(
        "update users set failed_sign_ins = failed_sign_ins + 1 where tenant_id = $1 and id = $2 returning failed_sign_ins",
    )
    .bind(tx.tenant_id().as_uuid())
    .bind(user.as_uuid())
    .fetch_one(tx.conn())
    .await?;
    let locked_until = lock_for(failures).map(|lock| Utc::now() + lock);
    if let Some(until) = locked_until {
        sqlx::query("update users set locked_until = $3 where tenant_id = $1 and id = $2")
            .bind(tx.tenant_id().as_uuid())
            .bind(user.as_uuid())
            .bind(until)
            .execute(tx.conn())
            .await?;
    }
    Ok((failures, locked_until))
}

pub async fn clear(tx: &mut TenantTx, user: UserId) -> Result<(), sqlx::Error> {
    sqlx::query("update users set failed_sign_ins = 0, locked_until = null where tenant_id = $1 and id = $2")
        .bind(tx.tenant_id().as_uuid())
        .bind(user.as_uuid())
        .execute(tx.conn())
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locks_start_after_the_allowance_and_double_up_to_a_day() {
        assert_eq!(lock_for(4), None);
        assert_eq!(lock_for(5), Some(Duration::minutes(15)));
        assert_eq!(lock_for(6), Some(Duration::minutes(30)));
        assert_eq!(lock_for(8), Some(Duration::minutes(120)));
        assert_eq!(lock_for(50), Some(Duration::hours(24)));
    }

    #[test]
    fn delays_grow_then_level_off() {
        assert_eq!(delay_for(0), std::time::Duration::ZERO);
        assert!(delay_for(3) > delay_for(2));
        assert_eq!(delay_for(10), delay_for(100));
    }
}
