//! The client side of sync: the synced records and outbox in the encrypted cache
//! ([`store`]), the offline edits of the users and settings screens ([`admin_edits`]) and
//! the engine that pushes, pulls and waits ([`engine`]).

pub mod admin_edits;
pub mod engine;
pub mod store;

pub use engine::{EngineConfig, SyncEngine, SyncError, SyncReport};
pub use store::{LocalStore, RejectedEdit, StoreError};
