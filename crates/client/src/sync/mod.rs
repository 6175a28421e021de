//! The client side of sync: the synced records and outbox in the encrypted cache
//! ([`store`]) and the engine that pushes, pulls and waits ([`engine`]).

mod consent_edits;
pub mod engine;
pub mod store;

pub use engine::{EngineConfig, SyncEngine, SyncError, SyncReport};
pub use store::{LocalStore, RejectedEdit, StoreError};
