//! TOTP (RFC 6238: SHA-1, 6 digits, 30-second steps, one step of clock skew either way)
//! and single-use recovery codes.

use brokerdesk_core::ids::UserId;
use rand::RngCore;
use sha2::{Digest, Sha256};
use totp_rs::{Algorithm, TOTP};

use crate::db::TenantTx;
use crate::sealed::MasterKey;

const STEP_SECONDS: u64 = 30;
const RECOVERY_CODES: usize = 10;

/// What a sealed seed is bound to, so it opens only as this user's TOTP seed.
pub fn seal_context(tx: &TenantTx, user: UserId) -> String {
    format!("tenant:{}/user:{user}/totp", tx.tenant_id())
}

pub fn new_seed() -> Vec<u8> {
    let mut seed = vec![0u8; 20];
    rand::rng().fill_bytes(&mut seed);
    seed
}

fn totp(seed: Vec<u8>, account: &str) -> anyhow::Result<TOTP> {
    Ok(TOTP::new(
        Algorithm::SHA1,
        6,
        1,
        STEP_SECONDS,
        seed,
        Some("Brokerdesk".into()),
        account.to_owned(),
    )?)
}

/// The `otpauth://` URL an authenticator app scans, and the seed in base32 for typing.
pub fn enrolment(seed: Vec<u8>, account: &str) -> anyhow::Result<(String, String)> {
    let totp = totp(seed, account)?;
    Ok((totp.get_url(), totp.get_secret_base32()))
}

/// The time step `code` is valid for now, if any, allowing one step of clock skew.
pub fn matching_step(seed: Vec<u8>, code: &str, now_unix: u64) -> anyhow::Result<Option<i64>> {
    let totp = totp(seed, "")?;
    let current = now_unix / STEP_SECONDS;
    Ok([current.saturating_sub(1), current, current + 1]
        .into_iter()
        .find(|step| totp.generate(step * STEP_SECONDS) == code.trim())
        .map(|step| step as i64))
}

/// The step `code` is valid for now, when it is newer than `last_accepted`: a code that
/// has been accepted once is never accepted again.
pub fn fresh_step(
    seed: Vec<u8>,
    code: &str,
    last_accepted: Option<i64>,
) -> anyhow::Result<Option<i64>> {
    let now = chrono::Utc::now().timestamp() as u64;
    Ok(
        matching_step(seed, code, now)?
            .filter(|step| last_accepted.is_none_or(|last| *step > last)),
    )
}

fn code_hash(code: &str) -> String {
    let normalised: String = code
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_lowercase();
    hex::encode(Sha256::digest(normalised.as_bytes()))
}

/// Replaces the user's recovery codes with fresh ones and returns them (shown once).
pub async fn new_recovery_codes(
    tx: &mut TenantTx,
    user: UserId,
) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query("delete from mfa_recovery_codes where tenant_id = $1 and user_id = $2")
        .bind(tx.tenant_id().as_uuid())
        .bind(user.as_uuid())
        .execute(tx.conn())
        .await?;
    let mut codes = Vec::with_capacity(RECOVERY_CODES);
    for _ in 0..RECOVERY_CODES {
        let mut raw = [0u8; 5];
        rand::rng().fill_bytes(&mut raw);
        let hex = hex::encode(raw);
        let code = format!("{}-{}", &hex[..5], &hex[5..]);
        sqlx::query(
            "insert into mfa_recovery_codes (tenant_id, code_hash, user_id) values ($1, $2, $3)",
        )
        .bind(tx.tenant_id().as_uuid())
        .bind(code_hash(&code))
        .bind(user.as_uuid())
        .execute(tx.conn())
        .await?;
        codes.push(code);
    }
    Ok(codes)
}

/// Spends a recovery code; true when it was the user's and unused.
pub async fn use_recovery_code(
    tx: &mut TenantTx,
    user: UserId,
    code: &str,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "update mfa_recovery_codes set used_at = now()
          where tenant_id = $1 and user_id = $2 and code_hash = $3 and used_at is null",
    )
    .bind(tx.tenant_id().as_uuid())
    .bind(user.as_uuid())
    .bind(code_hash(code))
    .execute(tx.conn())
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Checks a second factor for sign-in: a TOTP code newer than the last one accepted, or
/// an unused recovery code. A success is recorded so the same code never works twice.
pub async fn verify_second_factor(
    tx: &mut TenantTx,
    master: &MasterKey,
    user: UserId,
    code: &str,
) -> anyhow::Result<bool> {
    let (sealed, last_step): (Option<Vec<u8>>, Option<i64>) = sqlx::query_as(
        "select mfa_secret_sealed, mfa_last_step from users where tenant_id = $1 and id = $2",
    )
    .bind(tx.tenant_id().as_uuid())
    .bind(user.as_uuid())
    .fetch_one(tx.conn())
    .await?;
    let Some(sealed) = sealed else {
        return Ok(false);
    };
    let seed = master.open(&sealed, &seal_context(tx, user))?;
    if let Some(step) = fresh_step(seed, code, last_step)? {
        sqlx::query("update users set mfa_last_step = $3 where tenant_id = $1 and id = $2")
            .bind(tx.tenant_id().as_uuid())
            .bind(user.as_uuid())
            .bind(step)
            .execute(tx.conn())
            .await?;
        return Ok(true);
    }
    Ok(use_recovery_code(tx, user, code).await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_match_their_step_with_one_step_of_skew() {
        let seed = b"12345678901234567890".to_vec();
        let totp = totp(seed.clone(), "x").unwrap();
        let now = 1_800_000_000;
        let code = totp.generate(now);
        let step = (now / STEP_SECONDS) as i64;
        assert_eq!(matching_step(seed.clone(), &code, now).unwrap(), Some(step));
        assert_eq!(
            matching_step(seed.clone(), &code, now + STEP_SECONDS).unwrap(),
            Some(step)
        );
        assert_eq!(
            matching_step(seed.clone(), &code, now + 3 * STEP_SECONDS).unwrap(),
            None
        );
        assert_eq!(
            matching_step(seed, "000000", now).unwrap().is_some(),
            code == "000000"
        );
    }

    #[test]
    fn rfc_6238_vector() {
        // RFC 6238 appendix B, SHA-1, T = 59 s: 94287082 (8 digits) ends in 287082.
        let totp = totp(b"12345678901234567890".to_vec(), "x").unwrap();
        assert_eq!(totp.generate(59), "287082");
    }

    #[test]
    fn recovery_codes_ignore_case_and_dashes() {
        assert_eq!(code_hash("ab12c-3de45"), code_hash("AB12C3DE45"));
        assert_ne!(code_hash("ab12c-3de45"), code_hash("ab12c-3de46"));
    }
}
