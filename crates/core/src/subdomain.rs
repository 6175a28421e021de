//! A tenant's subdomain: a lowercase DNS label that is not reserved for the platform.

use serde::{Deserialize, Serialize};
use std::fmt;
use ts_rs::TS;

/// Labels the platform keeps for itself, so no brokerage can impersonate it.
const RESERVED: &[&str] = &[
    "admin",
    "api",
    "app",
    "assets",
    "auth",
    "billing",
    "blog",
    "cdn",
    "dashboard",
    "dev",
    "docs",
    "ftp",
    "help",
    "localhost",
    "mail",
    "platform",
    "root",
    "smtp",
    "staging",
    "static",
    "status",
    "support",
    "test",
    "www",
];

/// Longest label DNS allows (RFC 1035).
const MAX_LEN: usize = 63;

/// Serialised as a plain string; deserialising validates (the impls are written out
/// because ts-rs cannot read `#[serde(try_from)]`).
#[derive(Clone, Debug, PartialEq, Eq, Hash, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(value_type = String))]
#[ts(type = "string")]
pub struct Subdomain(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SubdomainError {
    #[error("the subdomain is empty")]
    Empty,
    #[error("the subdomain is {0} characters long; the most is 63")]
    TooLong(usize),
    #[error("the subdomain may contain only lowercase letters a-z, digits and hyphens")]
    InvalidCharacter,
    #[error("the subdomain may not start or end with a hyphen")]
    EdgeHyphen,
    #[error("the subdomain {0:?} is reserved; choose another")]
    Reserved(String),
}

impl Subdomain {
    pub fn parse(raw: &str) -> Result<Self, SubdomainError> {
        if raw.is_empty() {
            return Err(SubdomainError::Empty);
        }
        if raw.len() > MAX_LEN {
            return Err(SubdomainError::TooLong(raw.len()));
        }
        if !raw
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        {
            return Err(SubdomainError::InvalidCharacter);
        }
        if raw.starts_with('-') || raw.ends_with('-') {
            return Err(SubdomainError::EdgeHyphen);
        }
        if RESERVED.contains(&raw) {
            return Err(SubdomainError::Reserved(raw.to_owned()));
        }
        Ok(Self(raw.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Serialize for Subdomain {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Subdomain {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = String::deserialize(deserializer)?;
        Self::parse(&raw).map_err(serde::de::Error::custom)
    }
}

impl fmt::Display for Subdomain {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_dns_labels() {
        for ok in ["acme", "a", "summit-homes", "r2d2", &"a".repeat(63)] {
            assert_eq!(Subdomain::parse(ok).unwrap().as_str(), ok);
        }
    }

    #[test]
    fn rejects_each_malformed_shape_with_its_own_error() {
        let cases = [
            ("", SubdomainError::Empty),
            (&*"a".repeat(64), SubdomainError::TooLong(64)),
            ("Acme", SubdomainError::InvalidCharacter),
            ("acme.realty", SubdomainError::InvalidCharacter),
            ("acme_realty", SubdomainError::InvalidCharacter),
            ("ácme", SubdomainError::InvalidCharacter),
            ("-acme", SubdomainError::EdgeHyphen),
            ("acme-", SubdomainError::EdgeHyphen),
            ("www", SubdomainError::Reserved("www".into())),
            ("api", SubdomainError::Reserved("api".into())),
        ];
        for (raw, expected) in cases {
            assert_eq!(Subdomain::parse(raw), Err(expected), "input {raw:?}");
        }
    }

    #[test]
    fn deserialising_validates() {
        assert!(serde_json::from_str::<Subdomain>("\"acme\"").is_ok());
        assert!(serde_json::from_str::<Subdomain>("\"ACME\"").is_err());
    }
}
