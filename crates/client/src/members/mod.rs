//! Members and invitations: their REST calls, the members screen's rows and the offline
//! edits (role, status, withdrawing an invitation).

pub mod api;
pub mod edits;
pub mod screens;
