//! The tenant and its plan: who is signed in, and the plan's usage.

pub mod api;
