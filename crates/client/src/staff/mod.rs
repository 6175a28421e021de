//! Platform staff: signing in, the tenant directory and support sessions.

pub mod api;
