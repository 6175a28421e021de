//! Versioning of the client/server protocol. Every client request names its version in
//! a header, so the server can turn away clients too old to speak to it (426).

/// The header a client sends with its protocol version.
pub const PROTOCOL_HEADER: &str = "x-brokerdesk-protocol";

/// The protocol version this build speaks.
pub const PROTOCOL_VERSION: u32 = 1;

/// The oldest protocol version this build still serves. A request that names an older
/// one gets 426 Upgrade Required, with this number in [`MIN_PROTOCOL_HEADER`].
pub const MIN_SUPPORTED_PROTOCOL_VERSION: u32 = 1;

/// The response header that tells a too-old client which version it must reach.
pub const MIN_PROTOCOL_HEADER: &str = "x-brokerdesk-min-protocol";
