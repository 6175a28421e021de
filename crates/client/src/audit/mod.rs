//! The audit trail: reading it from the hosted API, checking its hash chain, and
//! telling it as sentences in today's names.

pub mod api;
pub mod check;
pub(crate) mod expiry;
pub mod sentences;
