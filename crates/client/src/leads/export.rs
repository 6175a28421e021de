//! Leads out of the cache as CSV, offline, filtered as the lead table is: the same
//! columns the API exports and imports (core's `lead_csv`), so a file made on a plane
//! imports on the server.

use brokerdesk_core::leads::csv::write_export;
use brokerdesk_core::leads::list::{LeadListQuery, LeadSort};
use brokerdesk_core::leads::view::TransferProgress;
use brokerdesk_core::sync::SyncEntity;
use std::collections::HashMap;

use super::screens::each_page;
use crate::sync::error::StoreError;
use crate::sync::records::LocalStore;

/// The cached leads that pass `filter`'s filters (its sort, cursor and page size aside),
/// oldest first, as CSV, and how many there were: what the user sees in the table, as
/// the server's export of the same filters would write it. Assigned agents are written
/// as their email when the cache knows the member. `progress` hears how many leads have
/// been read after each page, out of how many match, for the desktop's progress bar.
pub async fn leads_csv(
    store: &LocalStore,
    filter: &LeadListQuery,
    mut progress: impl FnMut(TransferProgress),
) -> Result<(String, usize), StoreError> {
    let total = store.lead_count(filter).await?;
    let oldest_first = LeadListQuery {
        sort: LeadSort::CreatedAsc,
        ..filter.clone()
    };
    let mut leads = Vec::new();
    each_page(store, &oldest_first, |page| {
        leads.extend(page);
        progress(TransferProgress {
            done: leads.len() as u64,
            total: total.max(leads.len() as u64),
        });
    })
    .await?;
    let emails: HashMap<String, String> = store
        .records::<serde_json::Value>(SyncEntity::User)
        .await?
        .into_iter()
        .filter_map(|user| {
            Some((
                user["id"].as_str()?.to_owned(),
                user["email"].as_str()?.to_owned(),
            ))
        })
        .collect();
    let csv = write_export(&leads, |lead| {
        lead.assigned_agent
            .and_then(|agent| emails.get(&agent.to_string()).cloned())
            .unwrap_or_default()
    });
    Ok((csv, leads.len()))
}
