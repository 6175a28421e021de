//! Secrets handed to a client that name their tenant in clear: `<prefix>.<tenant>.<secret>`
//! with 256 random bits, base64url. The tenant part tells the server which tenant-scoped
//! transaction to open; only the SHA-256 of the whole token is ever stored.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use brokerdesk_core::ids::TenantId;
use rand::RngCore;
use sha2::{Digest, Sha256};

/// A fresh token of the kind `prefix` names (e.g. `bdr` for refresh tokens).
pub fn generate(prefix: &str, tenant: TenantId) -> String {
    format!("{prefix}.{}.{}", tenant.as_uuid().simple(), random_secret())
}

/// 256 random bits, base64url without padding (43 characters).
pub fn random_secret() -> String {
    let mut secret = [0u8; 32];
    rand::rng().fill_bytes(&mut secret);
    URL_SAFE_NO_PAD.encode(secret)
}

/// The tenant a token of the kind `prefix` names; `None` for anything malformed.
pub fn tenant_of(prefix: &str, token: &str) -> Option<TenantId> {
    let mut parts = token.split('.');
    match (parts.next(), parts.next(), parts.next(), parts.next()) {
        (Some(kind), Some(tenant), Some(_secret), None) if kind == prefix => tenant.parse().ok(),
        _ => None,
    }
}

/// What is stored in place of the token: its SHA-256, in lowercase hex.
pub fn hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_name_their_tenant_and_are_unique() {
        let tenant = TenantId::new();
        let (a, b) = (generate("bdx", tenant), generate("bdx", tenant));
        assert_ne!(a, b);
        assert_eq!(tenant_of("bdx", &a), Some(tenant));
        assert_eq!(tenant_of("bdy", &a), None, "a token of another kind");
        assert_ne!(hash(&a), hash(&b));
        assert_eq!(hash(&a).len(), 64);
    }

    #[test]
    fn malformed_tokens_name_no_tenant() {
        for bad in [
            "",
            "bdx",
            "bdx.not-a-uuid.x",
            "xyz.0190c0de00007000800000000000000a.x",
            "bdx.a.b.c",
        ] {
            assert_eq!(tenant_of("bdx", bad), None, "{bad}");
        }
    }
}
