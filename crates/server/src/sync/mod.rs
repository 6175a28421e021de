//! The server side of sync: pull pages, push application, field-level merge, live
//! wake-ups and the protocol-version gate. DESIGN.md ("Sync protocol") has the model.
//!
//! The engine knows no domain: each synced entity is a [`source::SyncSource`] in its
//! domain's `sync.rs`, registered by the composition root (`app::sync_sources`).

pub mod conflicts;
pub mod http;
pub mod merge;
pub mod mutation_memory;
pub mod protocol_gate;
pub mod pull;
mod pull_data;
pub mod push;
mod rows;
pub mod source;
pub mod wakeups;
mod window;
