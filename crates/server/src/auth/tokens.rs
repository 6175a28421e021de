//! Access tokens: HS256 JWTs that live 15 minutes. The algorithm, issuer and audience are
//! pinned on verification, so a token signed some other way (or not at all) is refused.

use brokerdesk_core::ids::{TenantId, UserId};
use brokerdesk_core::role::Role;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use rand::RngCore;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

pub const ISSUER: &str = "brokerdesk";
pub const AUDIENCE: &str = "brokerdesk-api";
/// Staff tokens have their own audience, so one can never pass for a tenant token, nor
/// the other way round.
pub const STAFF_AUDIENCE: &str = "brokerdesk-staff";
/// A support session acts inside a tenant for an hour at most.
pub const SUPPORT_SESSION_SECONDS: i64 = 60 * 60;
pub const ACCESS_TOKEN_SECONDS: i64 = 15 * 60;
const MIN_SECRET_BYTES: usize = 32;

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct AccessClaims {
    pub iss: String,
    pub aud: String,
    /// The user.
    pub sub: UserId,
    /// The tenant. It is authoritative: a request is always served in this tenant.
    pub tid: TenantId,
    /// The role when the token was issued; requests use the role stored now.
    pub role: Role,
    /// The session, checked on every request so revocation is immediate. For a support
    /// token, the support session.
    pub sid: Uuid,
    /// Platform staff acting in a support session; `sub` is then the staff member.
    #[serde(default)]
    pub support: bool,
    pub iat: i64,
    pub exp: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct StaffClaims {
    pub iss: String,
    pub aud: String,
    /// The staff member.
    pub sub: Uuid,
    /// The staff session.
    pub sid: Uuid,
    pub iat: i64,
    pub exp: i64,
}

#[derive(Clone)]
pub struct TokenKeys {
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
    staff_validation: Validation,
}

impl TokenKeys {
    /// Keys from the configured secret, or a random secret when none is configured.
    pub fn from_config(secret: Option<&str>) -> anyhow::Result<Self> {
        let secret = match secret {
            Some(secret) if secret.len() >= MIN_SECRET_BYTES => secret.as_bytes().to_vec(),
            Some(_) => {
                anyhow::bail!("BROKERDESK_JWT_SECRET must be at least {MIN_SECRET_BYTES} bytes")
            }
            None => {
                tracing::warn!("no BROKERDESK_JWT_SECRET set: using a random one for this process");
                let mut random = vec![0u8; 64];
                rand::rng().fill_bytes(&mut random);
                random
            }
        };
        let mut validation = Validation::new(Algorithm::HS256);
        validation.set_issuer(&[ISSUER]);
        validation.set_audience(&[AUDIENCE]);
        validation.set_required_spec_claims(&["exp", "iss", "aud", "sub"]);
        validation.leeway = 5;
        let mut staff_validation = validation.clone();
        staff_validation.set_audience(&[STAFF_AUDIENCE]);
        Ok(Self {
            encoding: EncodingKey::from_secret(&secret),
            decoding: DecodingKey::from_secret(&secret),
            validation,
            staff_validation,
        })
    }

    pub fn issue(
        &self,
        tenant: TenantId,
        user: UserId,
        role: Role,
        session: Uuid,
    ) -> anyhow::Result<String> {
        let now = chrono::Utc::now().timestamp();
        self.sign(&AccessClaims {
            iss: ISSUER.into(),
            aud: AUDIENCE.into(),
            sub: user,
            tid: tenant,
            role,
            sid: session,
            support: false,
            iat: now,
            exp: now + ACCESS_TOKEN_SECONDS,
        })
    }

    /// A tenant-scoped token for platform staff in a support session, expiring with it.
    pub fn issue_support(
        &self,
        tenant: TenantId,
        staff: Uuid,
        session: Uuid,
        expires_at: chrono::DateTime<chrono::Utc>,
    ) -> anyhow::Result<String> {
        self.sign(&AccessClaims {
            iss: ISSUER.into(),
            aud: AUDIENCE.into(),
            sub: UserId::from_uuid(staff),
            tid: tenant,
            role: Role::Admin,
            sid: session,
            support: true,
            iat: chrono::Utc::now().timestamp(),
            exp: expires_at.timestamp(),
        })
    }

    pub fn issue_staff(&self, staff: Uuid, session: Uuid) -> anyhow::Result<String> {
        let now = chrono::Utc::now().timestamp();
        self.sign(&StaffClaims {
            iss: ISSUER.into(),
            aud: STAFF_AUDIENCE.into(),
            sub: staff,
            sid: session,
            iat: now,
            exp: now + ACCESS_TOKEN_SECONDS,
        })
    }

    fn sign(&self, claims: &impl Serialize) -> anyhow::Result<String> {
        Ok(jsonwebtoken::encode(
            &Header::new(Algorithm::HS256),
            claims,
            &self.encoding,
        )?)
    }

    /// The claims of a genuine, unexpired staff token; `None` for anything else.
    pub fn verify_staff(&self, token: &str) -> Option<StaffClaims> {
        jsonwebtoken::decode::<StaffClaims>(token, &self.decoding, &self.staff_validation)
            .ok()
            .map(|data| data.claims)
    }

    /// The claims of a genuine, unexpired token; `None` for anything else.
    pub fn verify(&self, token: &str) -> Option<AccessClaims> {
        jsonwebtoken::decode::<AccessClaims>(token, &self.decoding, &self.validation)
            .ok()
            .map(|data| data.claims)
    }
}
