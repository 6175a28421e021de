//! The tenant's settings and provider keys: REST calls, the settings card's data and
//! offline edits of the settings document.

pub mod api;
pub mod edits;
pub mod screens;
