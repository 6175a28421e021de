//! Who was at the keyboard: the client's IP address and user agent. Both are personal
//! data, yet the trail they belong to is kept for the tenant's whole life and its hash
//! chain forbids editing an entry. So an entry's hash covers only a salted digest of
//! them; the values themselves and the salt are stored beside the chain, and retention
//! deletes them after [`CLIENT_DETAILS_KEPT_DAYS`]. The chain still verifies afterwards,
//! and without the salt the digest cannot be matched against guessed addresses (the
//! whole IPv4 space is only 2³² guesses, so an unsalted digest would hide nothing).

use serde_json::json;
use sha2::{Digest, Sha256};

/// How long an entry's IP address and user agent are kept: long enough to investigate
/// a break-in reported late (most are found within weeks), short enough that the trail
/// does not become a log of where members work from.
pub const CLIENT_DETAILS_KEPT_DAYS: i64 = 90;

/// Names the digest's encoding, so a future change to it cannot collide with this one.
const DIGEST_FORMAT: &str = "brokerdesk.audit.client.v1";

/// The random salt one entry's client details are digested with. The server draws a new
/// one per entry, so two entries from the same address do not share a digest.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ClientSalt(pub [u8; 16]);

/// The digest an entry's hash covers in place of its IP address and user agent.
pub fn client_digest(salt: &ClientSalt, ip: Option<&str>, user_agent: Option<&str>) -> String {
    // A JSON array, so no choice of ip or user agent can be read as another split of
    // the same bytes.
    let content = json!([DIGEST_FORMAT, hex::encode(salt.0), ip, user_agent]).to_string();
    hex::encode(Sha256::digest(content.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    const SALT: ClientSalt = ClientSalt([7; 16]);

    #[test]
    fn the_digest_depends_on_salt_ip_and_user_agent() {
        let base = client_digest(&SALT, Some("203.0.113.7"), Some("Brokerdesk/1"));
        assert_eq!(base.len(), 64);
        assert_eq!(
            base,
            client_digest(&SALT, Some("203.0.113.7"), Some("Brokerdesk/1"))
        );
        assert_ne!(
            base,
            client_digest(
                &ClientSalt([8; 16]),
                Some("203.0.113.7"),
                Some("Brokerdesk/1")
            )
        );
        assert_ne!(
            base,
            client_digest(&SALT, Some("203.0.113.8"), Some("Brokerdesk/1"))
        );
        assert_ne!(base, client_digest(&SALT, Some("203.0.113.7"), None));
        // Moving text from one field to the other is a different digest.
        assert_ne!(
            client_digest(&SALT, Some("a"), None),
            client_digest(&SALT, None, Some("a"))
        );
    }
}
