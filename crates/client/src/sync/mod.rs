//! The client side of sync: the synced records and outbox in the encrypted cache
//! ([`store`]), the offline edits of the users and settings screens ([`admin_edits`]) and
//! the engine that pushes, pulls and waits ([`engine`]).

pub mod admin_edits;
mod consent_edits;
pub mod engine;
mod lead_index;
mod lead_page;
pub mod store;

pub use engine::{EngineConfig, SyncEngine, SyncError, SyncReport};
pub use store::{LocalStore, RejectedEdit, StoreError};

/// Brings the lead index of a cache just opened up to date with its leads, after an
/// upgrade that changed it (see lead_index.rs). Cheap when there is nothing to do.
pub(crate) async fn upgrade_lead_index(pool: &sqlx::SqlitePool) -> Result<(), StoreError> {
    let mut tx = pool.begin().await?;
    if !lead_index::is_complete(&mut tx).await? {
        lead_index::fill_missing(&mut tx).await?;
    }
    tx.commit().await?;
    Ok(())
}
