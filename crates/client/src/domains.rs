//! The client's composition root for sync: the one module that names the domains whose
//! hooks the generic record store runs (see `sync::hook`). A domain that keeps tables of
//! its own in step with its records adds its hook here, in one line.

use crate::audit::expiry::CLIENT_DETAILS_EXPIRY;
use crate::kb::index::{KB_CHUNK_INDEX, KB_DRAFT_INDEX};
use crate::leads::sync::LEAD_INDEX;
use crate::sync::hook::PageHook;
use crate::transactions::sync::TRANSACTION_INDEX;

/// Every domain's page hook, in the order they run.
pub(crate) static PAGE_HOOKS: &[&dyn PageHook] = &[
    &LEAD_INDEX,
    &TRANSACTION_INDEX,
    &KB_CHUNK_INDEX,
    &KB_DRAFT_INDEX,
    &CLIENT_DETAILS_EXPIRY,
];

/// The hooks that follow `entity`'s records.
pub(crate) fn hooks_of(entity: &str) -> impl Iterator<Item = &'static dyn PageHook> + use<'_> {
    PAGE_HOOKS
        .iter()
        .copied()
        .filter(move |hook| hook.entity().as_str() == entity)
}
