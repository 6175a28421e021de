//! Validated text that names or reaches a person. Every email address and person's name
//! that enters Brokerdesk (sign-in, registration, invitations, password resets, leads,
//! the commission roster) goes through [`Email::parse`] or [`PersonName::parse`], so one
//! rule decides what is accepted and one normalised form decides what counts as equal.

use serde::{Deserialize, Serialize};
use std::fmt;

/// RFC 5321's limit on a forward path.
const MAX_EMAIL: usize = 254;
const MAX_LOCAL_PART: usize = 64;
const MAX_NAME: usize = 200;

/// Why a piece of text was refused: a stable code and a message a person can act on.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct TextInvalid {
    pub code: &'static str,
    pub message: String,
}

impl TextInvalid {
    pub fn new(code: &'static str, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
        }
    }
}

/// Characters that render as nothing, or reorder what is shown, so two addresses that
/// look identical could differ (`owner@acme.test` and `owner\u{200B}@acme.test`).
fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{034F}' | '\u{061C}' | '\u{115F}' | '\u{1160}' | '\u{17B4}' | '\u{17B5}'
        | '\u{180B}'..='\u{180F}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{206F}' | '\u{3164}' | '\u{FE00}'..='\u{FE0F}' | '\u{FEFF}'
        | '\u{FFA0}' | '\u{FFF0}'..='\u{FFF8}' | '\u{E0000}'..='\u{E0FFF}')
}

/// Refuses text for a single-line field (a name, an address, a title) that holds a
/// control character (NUL, CR, LF, tab…) or an invisible one. `what` names the field in
/// the message, e.g. "The name".
pub fn single_line(code: &'static str, what: &str, text: &str) -> Result<(), TextInvalid> {
    match text.chars().find(|&c| c.is_control() || is_invisible(c)) {
        None => Ok(()),
        Some(c) => Err(TextInvalid::new(
            code,
            format!(
                "{what} contains a control or invisible character (U+{:04X}); remove it.",
                c as u32
            ),
        )),
    }
}

/// An email address, trimmed and lower-cased: the form stored and compared. Delivery
/// treats the local part as case-sensitive in theory; no mail system people use does,
/// and two accounts that differ only in case would be a trap.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct Email(String);

impl Email {
    pub fn parse(raw: &str) -> Result<Self, TextInvalid> {
        let invalid = |why: &str| {
            TextInvalid::new(
                "invalid_email",
                format!("{:?} is not a valid email address: {why}.", raw.trim()),
            )
        };
        let email = raw.trim();
        single_line("invalid_email", "The email address", email)?;
        if email.chars().count() > MAX_EMAIL {
            return Err(invalid("it is longer than 254 characters"));
        }
        let Some((local, domain)) = email.rsplit_once('@') else {
            return Err(invalid("it has no @"));
        };
        let local_ok = !local.is_empty()
            && local.chars().count() <= MAX_LOCAL_PART
            && !local.starts_with('.')
            && !local.ends_with('.')
            && !local.contains("..")
            && local
                .chars()
                .all(|c| !c.is_whitespace() && !"\"(),:;<>@[\\]".contains(c));
        if !local_ok {
            return Err(invalid("the part before the @ is not valid"));
        }
        let labels: Vec<&str> = domain.split('.').collect();
        let domain_ok = labels.len() >= 2
            && labels.iter().all(|label| {
                !label.is_empty()
                    && label.chars().count() <= 63
                    && !label.starts_with('-')
                    && !label.ends_with('-')
                    && label.chars().all(|c| c.is_alphanumeric() || c == '-')
            });
        if !domain_ok {
            return Err(invalid("the domain after the @ is not valid"));
        }
        Ok(Self(email.to_lowercase()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The part after the @, which the audit trail may keep where the address may not.
    pub fn domain(&self) -> &str {
        self.0.rsplit_once('@').map_or("", |(_, domain)| domain)
    }

    pub fn into_string(self) -> String {
        self.0
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Email {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = String::deserialize(deserializer)?;
        Email::parse(&raw).map_err(serde::de::Error::custom)
    }
}

/// A person's name as they wrote it, trimmed; one line, at most 200 characters.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct PersonName(String);

impl PersonName {
    pub fn parse(raw: &str) -> Result<Self, TextInvalid> {
        let name = raw.trim();
        if name.is_empty() || name.chars().count() > MAX_NAME {
            return Err(TextInvalid::new(
                "invalid_name",
                "Enter a name (at most 200 characters).",
            ));
        }
        single_line("invalid_name", "The name", name)?;
        Ok(Self(name.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_string(self) -> String {
        self.0
    }
}

impl fmt::Display for PersonName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for PersonName {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = String::deserialize(deserializer)?;
        PersonName::parse(&raw).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_trimmed_and_lower_cased() {
        let email = Email::parse("  Owner@Acme.TEST ").unwrap();
        assert_eq!(email.as_str(), "owner@acme.test");
        assert_eq!(email.domain(), "acme.test");
        assert_eq!(
            Email::parse("o.wner+tag@mail.acme-realty.co.uk")
                .unwrap()
                .as_str(),
            "o.wner+tag@mail.acme-realty.co.uk"
        );
    }

    #[test]
    fn header_injection_and_invisible_characters_are_refused() {
        for raw in [
            "x@example.org\r\nBcc: victim@example.org",
            "x@example.org\nBcc: victim@example.org",
            "owner\u{200B}@acme.test",
            "owner@acme\u{FEFF}.test",
            "own\u{202E}er@acme.test",
            "owner\0@acme.test",
            "owner\t@acme.test",
        ] {
            let refused = Email::parse(raw).unwrap_err();
            assert_eq!(refused.code, "invalid_email", "{raw:?}");
        }
    }

    #[test]
    fn malformed_addresses_are_refused_with_the_reason() {
        for (raw, why) in [
            ("", "no @"),
            ("owner", "no @"),
            ("@acme.test", "before the @"),
            ("own er@acme.test", "before the @"),
            (".owner@acme.test", "before the @"),
            ("ow..ner@acme.test", "before the @"),
            ("owner@acme", "domain"),
            ("owner@.acme.test", "domain"),
            ("owner@acme.test.", "domain"),
            ("owner@-acme.test", "domain"),
            ("owner@acme..test", "domain"),
            ("owner@ac_me.test", "domain"),
        ] {
            let refused = Email::parse(raw).unwrap_err();
            assert!(
                refused.message.contains(why),
                "{raw:?}: {}",
                refused.message
            );
        }
        let long = format!("{}@acme.test", "a".repeat(250));
        assert!(Email::parse(&long).unwrap_err().message.contains("254"));
    }

    #[test]
    fn emails_deserialise_only_when_valid() {
        let email: Email = serde_json::from_str("\"Agent@Acme.test\"").unwrap();
        assert_eq!(email.as_str(), "agent@acme.test");
        assert!(serde_json::from_str::<Email>("\"agent@acme\"").is_err());
    }

    #[test]
    fn names_are_one_trimmed_line() {
        assert_eq!(
            PersonName::parse("  Olivia Owner ").unwrap().as_str(),
            "Olivia Owner"
        );
        assert_eq!(
            PersonName::parse("José Ñúñez-O'Brien").unwrap().as_str(),
            "José Ñúñez-O'Brien"
        );
        for raw in ["", "   ", "Olivia\nOwner", "Olivia\0", "Oli\u{200B}via"] {
            assert_eq!(
                PersonName::parse(raw).unwrap_err().code,
                "invalid_name",
                "{raw:?}"
            );
        }
        assert!(PersonName::parse(&"a".repeat(201)).is_err());
        assert!(PersonName::parse(&"é".repeat(200)).is_ok());
    }
}
