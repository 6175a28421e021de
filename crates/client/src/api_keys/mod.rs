//! The integrations' API keys: REST calls, the card's rows and offline revocation.

pub mod api;
pub mod edits;
pub mod screens;
