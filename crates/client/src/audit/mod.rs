//! The audit trail: reading it from the hosted API, and checking its hash chain.

pub mod api;
pub mod check;
