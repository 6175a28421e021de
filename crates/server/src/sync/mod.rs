//! The server side of sync: pull pages, push application, field-level merge, live
//! wake-ups and the protocol-version gate. DESIGN.md ("Sync protocol") has the model.

pub mod merge;
pub mod mutation_memory;
pub mod protocol_gate;
pub mod pull;
mod pull_data;
pub mod push;
pub mod snapshot;
pub mod wakeups;
