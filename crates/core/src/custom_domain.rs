//! A brokerage's own domain (e.g. `homes.acme-realty.com`), and how it proves it owns it:
//! a DNS TXT record holding a token the platform issued.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::fmt;
use ts_rs::TS;

/// Longest name DNS allows (RFC 1035), without the trailing dot.
const MAX_NAME_LEN: usize = 253;
const MAX_LABEL_LEN: usize = 63;

/// Where the verification token must be published, under the claimed domain.
const VERIFICATION_LABEL: &str = "_brokerdesk-verification";
/// What the TXT record's text starts with, before the token.
const VERIFICATION_PREFIX: &str = "brokerdesk-verification=";

/// A fully qualified host name, lower-cased, without a trailing dot.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct CustomDomain(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CustomDomainError {
    #[error("the domain is empty")]
    Empty,
    #[error("the domain is {0} characters long; the most is 253")]
    TooLong(usize),
    #[error("enter a full domain name such as homes.example.com, not a single word")]
    SingleLabel,
    #[error(
        "each part of the domain between dots must be 1 to 63 letters a-z, digits or hyphens, not starting or ending with a hyphen (use the xn-- form for international names)"
    )]
    InvalidLabel,
    #[error("an IP address cannot be a custom domain; enter a domain name")]
    IpAddress,
    #[error("{0} belongs to the Brokerdesk platform and cannot be claimed")]
    PlatformDomain(String),
}

impl CustomDomain {
    /// Accepts what a person would paste: surrounding spaces, capitals and a trailing dot
    /// are normalised away; anything else malformed is refused with its own error.
    pub fn parse(raw: &str) -> Result<Self, CustomDomainError> {
        let name = raw.trim().trim_end_matches('.').to_ascii_lowercase();
        if name.is_empty() {
            return Err(CustomDomainError::Empty);
        }
        if name.len() > MAX_NAME_LEN {
            return Err(CustomDomainError::TooLong(name.len()));
        }
        let labels: Vec<&str> = name.split('.').collect();
        if labels.len() < 2 {
            return Err(CustomDomainError::SingleLabel);
        }
        if !labels.iter().all(|label| is_host_label(label)) {
            return Err(CustomDomainError::InvalidLabel);
        }
        // No top-level domain is all digits, so this refuses dotted IPv4 addresses.
        if labels
            .last()
            .is_some_and(|tld| tld.bytes().all(|b| b.is_ascii_digit()))
        {
            return Err(CustomDomainError::IpAddress);
        }
        Ok(Self(name))
    }

    /// Refuses the platform's own base domain and every name under it: those are
    /// tenant subdomains, not custom domains.
    pub fn check_outside(&self, base_domain: &str) -> Result<(), CustomDomainError> {
        let inside = self.0 == base_domain
            || self
                .0
                .strip_suffix(base_domain)
                .is_some_and(|rest| rest.ends_with('.'));
        if inside {
            return Err(CustomDomainError::PlatformDomain(self.0.clone()));
        }
        Ok(())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The name the TXT record for `domain` goes on.
pub fn verification_record_name(domain: &str) -> String {
    format!("{VERIFICATION_LABEL}.{domain}")
}

impl fmt::Display for CustomDomain {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

fn is_host_label(label: &str) -> bool {
    (1..=MAX_LABEL_LEN).contains(&label.len())
        && label
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !label.starts_with('-')
        && !label.ends_with('-')
}

/// The exact TXT text that proves control of a domain for `token`.
pub fn verification_txt(token: &str) -> String {
    format!("{VERIFICATION_PREFIX}{token}")
}

/// Whether any of the TXT strings found carries the token. Spaces around the text are
/// forgiven (some DNS consoles add them); anything else must match exactly.
pub fn txt_proves(found: &[String], token: &str) -> bool {
    let expected = verification_txt(token);
    found.iter().any(|text| text.trim() == expected)
}

#[derive(Clone, Debug, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct SetCustomDomainRequest {
    pub domain: String,
}

/// A tenant's custom domain and what to publish to verify it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct CustomDomainStatus {
    pub domain: String,
    /// Publish a TXT record with this name ...
    pub record_name: String,
    /// ... holding exactly this text.
    pub record_value: String,
    /// Set once the record has been seen; only then does the domain route to the tenant.
    pub verified_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_what_people_paste() {
        for (raw, expected) in [
            ("homes.acme.com", "homes.acme.com"),
            ("  Homes.ACME.com.  ", "homes.acme.com"),
            ("xn--bcher-kva.example", "xn--bcher-kva.example"),
            ("a.b.c.d.example.co.uk", "a.b.c.d.example.co.uk"),
        ] {
            assert_eq!(CustomDomain::parse(raw).unwrap().as_str(), expected);
        }
    }

    #[test]
    fn rejects_each_malformed_shape_with_its_own_error() {
        let long = format!("{}.com", vec!["a".repeat(60); 5].join("."));
        let cases = [
            ("", CustomDomainError::Empty),
            ("  . ", CustomDomainError::Empty),
            (&*long, CustomDomainError::TooLong(long.len())),
            ("localhost", CustomDomainError::SingleLabel),
            ("acme..com", CustomDomainError::InvalidLabel),
            ("-acme.com", CustomDomainError::InvalidLabel),
            ("acme_realty.com", CustomDomainError::InvalidLabel),
            ("ácme.com", CustomDomainError::InvalidLabel),
            ("*.acme.com", CustomDomainError::InvalidLabel),
            ("https://acme.com", CustomDomainError::InvalidLabel),
            ("acme.com:8080", CustomDomainError::InvalidLabel),
            ("10.0.0.1", CustomDomainError::IpAddress),
        ];
        for (raw, expected) in cases {
            assert_eq!(CustomDomain::parse(raw), Err(expected), "input {raw:?}");
        }
    }

    #[test]
    fn the_platform_domain_and_its_subdomains_cannot_be_claimed() {
        let base = "brokerdesk.test";
        for inside in [
            "brokerdesk.test",
            "acme.brokerdesk.test",
            "a.b.brokerdesk.test",
        ] {
            let domain = CustomDomain::parse(inside).unwrap();
            assert_eq!(
                domain.check_outside(base),
                Err(CustomDomainError::PlatformDomain(inside.into()))
            );
        }
        for outside in ["notbrokerdesk.test", "brokerdesk.test.evil.com"] {
            assert!(
                CustomDomain::parse(outside)
                    .unwrap()
                    .check_outside(base)
                    .is_ok()
            );
        }
    }

    #[test]
    fn only_the_exact_token_proves_control() {
        let token = "k3j4h5";
        let found = |texts: &[&str]| texts.iter().map(|t| t.to_string()).collect::<Vec<_>>();
        assert!(txt_proves(
            &found(&["v=spf1 -all", " brokerdesk-verification=k3j4h5 "]),
            token
        ));
        assert!(!txt_proves(
            &found(&["brokerdesk-verification=k3j4h"]),
            token
        ));
        assert!(!txt_proves(
            &found(&["brokerdesk-verification=k3j4h5x"]),
            token
        ));
        assert!(!txt_proves(&found(&["k3j4h5"]), token));
        assert!(!txt_proves(&[], token));
        assert_eq!(
            verification_record_name("acme.com"),
            "_brokerdesk-verification.acme.com"
        );
    }
}
