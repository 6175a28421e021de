//! The brokerage's Dotloop connection on the desktop: the Settings card's status and
//! its actions. Unlike deals, none of it is a synced record: connecting, "Sync now"
//! and disconnecting are things only the server can do ([`api`]), so the card reads
//! the server when it answers and otherwise shows the last status it saw, kept in the
//! cache with the time it was seen ([`card`]). The authorize URL the server hands back
//! is checked before the system browser is sent to it ([`connect`]).

pub mod api;
pub mod card;
pub mod connect;
