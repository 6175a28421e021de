//! The client side of sync, knowing no domain: the synced records in the encrypted
//! cache ([`records`]), what can go wrong with them ([`error`]) and with a round
//! ([`failure`]), local edits ([`edits`]) and the outbox ([`outbox`]), how a
//! record's view is replayed from its server copy and pending edits ([`replay`]), the
//! hook through which a domain keeps its own tables in step ([`hook`]), the screens'
//! view of records with their edit state ([`edited`]), and the engine that pushes,
//! pulls and waits ([`engine`]).

pub mod edited;
pub mod edits;
pub mod engine;
pub mod error;
pub mod failure;
pub mod hook;
pub mod outbox;
pub mod records;
mod replay;

pub use engine::{EngineConfig, SyncEngine, SyncReport};
pub use error::StoreError;
pub use failure::SyncError;
pub use outbox::{OutboxCounts, RejectedEdit};
pub use records::LocalStore;
