//! Versioning of the client/server protocol. Every client request names its version in
//! a header, so the server can turn away clients too old to speak to it (426).

/// The header a client sends with its protocol version.
pub const PROTOCOL_HEADER: &str = "x-brokerdesk-protocol";

/// The protocol version this build speaks.
pub const PROTOCOL_VERSION: u32 = 1;
