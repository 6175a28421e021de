//! The roster of commission-earning agents: the screen's rows and the offline add and
//! edit. Its records are plain synced records (entity `roster_agent`); nothing of its
//! own is kept beside them, so it needs no page hook.

pub mod edits;
pub mod screens;
