//! Envelope encryption for secrets the server must be able to read back (TOTP seeds,
//! and the tenants' provider keys): AES-256-GCM with a fresh data key per secret, and
//! that data key wrapped by the master key from configuration. Rotating the master key
//! then means re-wrapping small data keys, not re-encrypting every secret.
//!
//! Each sealed value is bound to a context (tenant, purpose, row) as associated data, so
//! a ciphertext copied into another tenant's row, or another column, does not open.

use aes_gcm::aead::{Aead, AeadCore, KeyInit, OsRng, Payload};
use aes_gcm::{Aes256Gcm, Key, Nonce};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;

/// First byte of every sealed value, so the format can change later.
const FORMAT: u8 = 1;
const NONCE_LEN: usize = 12;
const WRAPPED_KEY_LEN: usize = 32 + 16;

#[derive(Clone)]
pub struct MasterKey(Key<Aes256Gcm>);

#[derive(Debug, thiserror::Error)]
pub enum SealError {
    #[error(
        "BROKERDESK_MASTER_KEY must be 32 bytes, base64-encoded (for example from `openssl rand -base64 32`)"
    )]
    BadMasterKey,
    #[error(
        "a sealed secret could not be opened: it was damaged, moved, or sealed under another master key"
    )]
    CannotOpen,
}

impl MasterKey {
    pub fn from_base64(encoded: &str) -> Result<Self, SealError> {
        let bytes = STANDARD
            .decode(encoded.trim())
            .map_err(|_| SealError::BadMasterKey)?;
        let key: [u8; 32] = bytes.try_into().map_err(|_| SealError::BadMasterKey)?;
        Ok(Self(key.into()))
    }

    /// A key that exists only in this process: secrets sealed with it die with it.
    pub fn ephemeral() -> Self {
        Self(Aes256Gcm::generate_key(OsRng))
    }

    pub fn seal(&self, plaintext: &[u8], context: &str) -> Vec<u8> {
        let data_key = Aes256Gcm::generate_key(OsRng);
        let (key_nonce, wrapped) = encrypt(&self.0, &data_key, context);
        let (nonce, ciphertext) = encrypt(&data_key, plaintext, context);
        let mut sealed = Vec::with_capacity(1 + 2 * NONCE_LEN + wrapped.len() + ciphertext.len());
        sealed.push(FORMAT);
        sealed.extend_from_slice(&key_nonce);
        sealed.extend_from_slice(&wrapped);
        sealed.extend_from_slice(&nonce);
        sealed.extend_from_slice(&ciphertext);
        sealed
    }

    pub fn open(&self, sealed: &[u8], context: &str) -> Result<Vec<u8>, SealError> {
        let body = sealed
            .strip_prefix(&[FORMAT])
            .ok_or(SealError::CannotOpen)?;
        if body.len() < 2 * NONCE_LEN + WRAPPED_KEY_LEN {
            return Err(SealError::CannotOpen);
        }
        let (key_nonce, rest) = body.split_at(NONCE_LEN);
        let (wrapped, rest) = rest.split_at(WRAPPED_KEY_LEN);
        let (nonce, ciphertext) = rest.split_at(NONCE_LEN);
        let data_key = decrypt(&self.0, key_nonce, wrapped, context)?;
        let data_key = Key::<Aes256Gcm>::from_exact_iter(data_key).ok_or(SealError::CannotOpen)?;
        decrypt(&data_key, nonce, ciphertext, context)
    }
}

fn encrypt(key: &Key<Aes256Gcm>, plaintext: &[u8], context: &str) -> ([u8; NONCE_LEN], Vec<u8>) {
    let nonce = Aes256Gcm::generate_nonce(OsRng);
    let ciphertext = Aes256Gcm::new(key)
        .encrypt(
            &nonce,
            Payload {
                msg: plaintext,
                aad: context.as_bytes(),
            },
        )
        .expect("AES-GCM encryption of an in-memory buffer cannot fail");
    (nonce.into(), ciphertext)
}

fn decrypt(
    key: &Key<Aes256Gcm>,
    nonce: &[u8],
    ciphertext: &[u8],
    context: &str,
) -> Result<Vec<u8>, SealError> {
    Aes256Gcm::new(key)
        .decrypt(
            Nonce::from_slice(nonce),
            Payload {
                msg: ciphertext,
                aad: context.as_bytes(),
            },
        )
        .map_err(|_| SealError::CannotOpen)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sealed_secrets_open_only_with_their_key_and_context() {
        let key = MasterKey::ephemeral();
        let sealed = key.seal(b"sk-live-provider-secret", "tenant:a/provider:openai");
        assert!(
            !sealed.windows(6).any(|w| w == b"sk-liv"),
            "no plaintext in the sealed form"
        );
        assert_eq!(
            key.open(&sealed, "tenant:a/provider:openai").unwrap(),
            b"sk-live-provider-secret"
        );
        assert!(
            key.open(&sealed, "tenant:b/provider:openai").is_err(),
            "moved to another tenant"
        );
        assert!(
            MasterKey::ephemeral()
                .open(&sealed, "tenant:a/provider:openai")
                .is_err()
        );
        let mut tampered = sealed.clone();
        *tampered.last_mut().unwrap() ^= 1;
        assert!(key.open(&tampered, "tenant:a/provider:openai").is_err());
        assert!(key.open(&sealed[..10], "tenant:a/provider:openai").is_err());
    }

    #[test]
    fn sealing_twice_gives_different_ciphertexts() {
        let key = MasterKey::ephemeral();
        assert_ne!(key.seal(b"x", "c"), key.seal(b"x", "c"));
    }

    #[test]
    fn master_keys_must_be_32_base64_bytes() {
        assert!(MasterKey::from_base64(&STANDARD.encode([7u8; 32])).is_ok());
        assert!(MasterKey::from_base64(&STANDARD.encode([7u8; 16])).is_err());
        assert!(MasterKey::from_base64("not base64!").is_err());
    }
}
