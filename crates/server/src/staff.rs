//! Platform staff accounts. They are created by an operator on the command line, never
//! through the API, and always carry a TOTP seed: staff cannot sign in without MFA.

use brokerdesk_core::password::check_new_password;
use uuid::Uuid;

use crate::auth::{mfa, password};
use crate::db::PlatformTx;
use crate::sealed::MasterKey;

/// The demo staff member's TOTP seed. Demo data only: its base32 form is in the README.
pub const DEMO_STAFF_SEED: &[u8] = b"brokerdesk-demo-staff!";
pub const DEMO_STAFF_EMAIL: &str = "support@brokerdesk.test";

/// What the operator needs to hand the new staff member.
pub struct NewStaff {
    pub id: Uuid,
    pub otpauth_url: String,
    pub totp_secret: String,
}

fn seal_context(staff: Uuid) -> String {
    format!("staff:{staff}/totp")
}

pub async fn create(
    tx: &mut PlatformTx,
    master: &MasterKey,
    email: &str,
    display_name: &str,
    password_plain: String,
    seed: Vec<u8>,
) -> anyhow::Result<NewStaff> {
    let email = email.trim().to_lowercase();
    check_new_password(&password_plain, &[&email, display_name])?;
    let id = Uuid::now_v7();
    let sealed = master.seal(&seed, &seal_context(id));
    let hash = password::hash(password_plain).await?;
    sqlx::query(
        "insert into staff (id, email, display_name, password_hash, mfa_secret_sealed) values ($1, $2, $3, $4, $5)",
    )
    .bind(id)
    .bind(&email)
    .bind(display_name.trim())
    .bind(hash)
    .bind(sealed)
    .execute(tx.conn())
    .await?;
    let (otpauth_url, totp_secret) = mfa::enrolment(seed, &email)?;
    Ok(NewStaff {
        id,
        otpauth_url,
        totp_secret,
    })
}

/// The staff member whose email, password and current TOTP code these are. A code is
/// accepted once only.
pub async fn authenticate(
    tx: &mut PlatformTx,
    master: &MasterKey,
    email: &str,
    password_plain: String,
    code: &str,
) -> anyhow::Result<Option<(Uuid, String)>> {
    type Row = (Uuid, String, String, Vec<u8>, Option<i64>);
    let row: Option<Row> = sqlx::query_as(
        "select id, display_name, password_hash, mfa_secret_sealed, mfa_last_step
           from staff where lower(email) = $1 and status = 'active'",
    )
    .bind(email.trim().to_lowercase())
    .fetch_optional(tx.conn())
    .await?;
    let stored_hash = row.as_ref().map(|r| r.2.clone());
    if !password::verify(password_plain, stored_hash).await? {
        return Ok(None);
    }
    let Some((id, display_name, _, sealed, last_step)) = row else {
        return Ok(None);
    };
    let seed = master.open(&sealed, &seal_context(id))?;
    let now = chrono::Utc::now().timestamp() as u64;
    let fresh = mfa::matching_step(seed, code, now)?
        .filter(|step| last_step.is_none_or(|last| *step > last));
    let Some(step) = fresh else { return Ok(None) };
    sqlx::query("update staff set mfa_last_step = $2 where id = $1")
        .bind(id)
        .bind(step)
        .execute(tx.conn())
        .await?;
    Ok(Some((id, display_name)))
}
