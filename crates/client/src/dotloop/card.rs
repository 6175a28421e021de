//! What the Settings card shows: the status as the server said it, and when. A live
//! answer is kept in the cache (a note beside the sync state), so with the server out of
//! reach the card still shows the last status it saw, marked with its time.

use brokerdesk_core::transactions::dotloop_status::DotloopStatus;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::sync::error::{StoreError, corrupt};
use crate::sync::records::LocalStore;

const NOTE: &str = "dotloop_status";

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DotloopCard {
    pub status: DotloopStatus,
    /// When the server said it.
    pub seen_at: DateTime<Utc>,
    /// Read from this computer's copy, since the server could not be reached: the
    /// status is as of `seen_at`, and the actions need the connection back.
    pub offline: bool,
}

/// Keeps `status`, just read from the server, for when it cannot be reached; the card
/// shows it live. Failing to keep it costs only the offline view, so it is logged, not
/// shown.
pub async fn seen_live(store: &LocalStore, status: DotloopStatus) -> DotloopCard {
    let card = DotloopCard {
        status,
        seen_at: Utc::now(),
        offline: false,
    };
    let kept = serde_json::to_string(&card).expect("the card serialises");
    if let Err(error) = store.set_note(NOTE, &kept).await {
        tracing::warn!(%error, "the Dotloop status was not kept for offline use");
    }
    card
}

/// The last status the server gave, marked offline; none before the first.
pub async fn last_seen(store: &LocalStore) -> Result<Option<DotloopCard>, StoreError> {
    let Some(kept) = store.note(NOTE).await? else {
        return Ok(None);
    };
    let card: DotloopCard = serde_json::from_str(&kept).map_err(corrupt)?;
    Ok(Some(DotloopCard {
        offline: true,
        ..card
    }))
}
