//! The chatbot's knowledge base in the app. Reading is offline: items with their
//! drafts, published versions and their diffs come from the cache, the fair-housing
//! lint runs here as the owner types, and the test console (console.rs) searches the
//! cache's index (index.rs). Changing it goes through the server (api.rs), which lints,
//! audits and versions every change.

pub mod api;
pub mod console;
pub(crate) mod index;
pub mod upload;

use brokerdesk_core::ids::{KbItemId, KbVersionId};
use brokerdesk_core::kb::diff::{VersionDiff, diff_drafts};
use brokerdesk_core::kb::item::{FieldFinding, KbDraft, KbItem, KbVersion, KbVersionMeta};
use brokerdesk_core::kb::lint::LintContext;
use brokerdesk_core::sync::SyncEntity;

use crate::sync::error::StoreError;
use crate::sync::records::LocalStore;

/// Why a cached knowledge-base read found nothing.
#[derive(Debug, thiserror::Error)]
pub enum KbReadError {
    #[error("This item is not on this computer: it may have been deleted. Sync, then try again.")]
    NoSuchItem,
    #[error("This version is not on this computer. Sync, then try again.")]
    NoSuchVersion,
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Every item, most recently changed first.
pub async fn items(store: &LocalStore) -> Result<Vec<KbItem>, StoreError> {
    let mut items: Vec<KbItem> = store.records(SyncEntity::KbItem).await?;
    items.sort_by(|a, b| b.updated_at.cmp(&a.updated_at).then(a.id.cmp(&b.id)));
    Ok(items)
}

pub async fn item(store: &LocalStore, id: KbItemId) -> Result<KbItem, KbReadError> {
    items(store)
        .await?
        .into_iter()
        .find(|item| item.id == id)
        .ok_or(KbReadError::NoSuchItem)
}

async fn versions_of(store: &LocalStore, id: KbItemId) -> Result<Vec<KbVersion>, StoreError> {
    let mut versions: Vec<KbVersion> = store.records(SyncEntity::KbVersion).await?;
    versions.retain(|version| version.meta.item_id == id);
    versions.sort_by_key(|version| std::cmp::Reverse(version.meta.number));
    Ok(versions)
}

/// The item's published versions, newest first.
pub async fn versions(store: &LocalStore, id: KbItemId) -> Result<Vec<KbVersionMeta>, StoreError> {
    Ok(versions_of(store, id)
        .await?
        .into_iter()
        .map(|version| version.meta)
        .collect())
}

/// The line diff from version `from` to version `to`, or to the current draft.
pub async fn diff(
    store: &LocalStore,
    id: KbItemId,
    from: KbVersionId,
    to: Option<KbVersionId>,
) -> Result<VersionDiff, KbReadError> {
    let versions = versions_of(store, id).await?;
    let draft_of = |wanted: KbVersionId| {
        versions
            .iter()
            .find(|version| version.meta.id == wanted)
            .map(|version| version.draft.clone())
            .ok_or(KbReadError::NoSuchVersion)
    };
    let old = draft_of(from)?;
    let new = match to {
        Some(to) => draft_of(to)?,
        None => item(store, id).await?.draft,
    };
    Ok(diff_drafts(&old, &new))
}

/// What the fair-housing lint finds in a draft, with the rules the server's publish
/// gate applies: the federal ones and those of the tenant's license state, as the cached
/// settings (with this device's pending edits) give it.
pub async fn lint(store: &LocalStore, draft: &KbDraft) -> Result<Vec<FieldFinding>, StoreError> {
    let settings = store.settings().await?;
    let context = LintContext {
        state: settings.license_state.as_deref(),
        ..LintContext::default()
    };
    Ok(draft.lint(&context))
}
