//! Password hashing with argon2id. Hashing is deliberately slow, so it runs on the
//! blocking pool, never on the async workers that serve other requests.

use argon2::Argon2;
use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};

/// A valid hash of a random password, verified against when the account does not exist,
/// so a sign-in for an unknown email takes as long as one for a known email.
static DUMMY_HASH: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    Argon2::default()
        .hash_password(
            uuid::Uuid::new_v4().as_bytes(),
            &SaltString::generate(&mut OsRng),
        )
        .expect("argon2 hashes")
        .to_string()
});

pub async fn hash(password: String) -> anyhow::Result<String> {
    tokio::task::spawn_blocking(move || {
        Argon2::default()
            .hash_password(password.as_bytes(), &SaltString::generate(&mut OsRng))
            .map(|hash| hash.to_string())
            .map_err(|e| anyhow::anyhow!("argon2 failed: {e}"))
    })
    .await?
}

/// True when `password` matches `stored`. With no stored hash (unknown user, or an
/// invitation not yet accepted) it still spends the time of a real check.
pub async fn verify(password: String, stored: Option<String>) -> anyhow::Result<bool> {
    tokio::task::spawn_blocking(move || {
        let (hash, real) = match stored {
            Some(hash) => (hash, true),
            None => (DUMMY_HASH.clone(), false),
        };
        let parsed = PasswordHash::new(&hash)
            .map_err(|e| anyhow::anyhow!("stored hash is malformed: {e}"))?;
        let matches = Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok();
        Ok(real && matches)
    })
    .await?
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_hash_verifies_its_password_only() {
        let stored = hash("copper-lantern-orbit".into()).await.unwrap();
        assert!(stored.starts_with("$argon2id$"));
        assert!(
            verify("copper-lantern-orbit".into(), Some(stored.clone()))
                .await
                .unwrap()
        );
        assert!(
            !verify("copper-lantern-orbiT".into(), Some(stored))
                .await
                .unwrap()
        );
        assert!(!verify("anything".into(), None).await.unwrap());
    }
}
