//! `brokerdesk-cli transactions` and `brokerdesk-cli import dotloop`: the desktop's
//! transaction list and Dotloop import, from the encrypted cache and without a network.

use brokerdesk_client::roster::screens::roster;
use brokerdesk_client::sync::{LocalStore, StoreError};
use brokerdesk_client::transactions::import::{apply_dotloop_import, preview_dotloop_import};
use brokerdesk_client::transactions::query::{TransactionListQuery, TransactionSort};
use brokerdesk_client::transactions::screens::transaction_rows;
use brokerdesk_core::error::ErrorBody;
use brokerdesk_core::ids::RosterAgentId;
use brokerdesk_core::transactions::preview::{ImportPreview, RowAction};
use brokerdesk_core::transactions::status::StatusGroup;
use chrono::{NaiveDate, Utc};
use serde::de::DeserializeOwned;
use serde_json::json;
use std::path::PathBuf;

use crate::commands::Context;
use crate::output::Output;

type CliResult = Result<(), ErrorBody>;

fn store_error(e: StoreError) -> ErrorBody {
    ErrorBody::new(e.code().to_owned(), e.to_string())
}

#[derive(clap::Args)]
pub struct TransactionFilterArgs {
    /// active, pending, closed or cancelled (by the brokerage's status mapping).
    #[arg(long)]
    status: Option<String>,
    /// Dotloop's transaction type, e.g. LISTING_FOR_SALE or PURCHASE_OFFER.
    #[arg(long = "type")]
    transaction_type: Option<String>,
    /// A roster agent on the deal, by email or id.
    #[arg(long)]
    agent: Option<String>,
    /// The office of a roster agent on the deal.
    #[arg(long)]
    office: Option<String>,
    /// Closing dates as YYYY-MM-DD, both ends included.
    #[arg(long, value_name = "DATE")]
    closing_from: Option<String>,
    #[arg(long, value_name = "DATE")]
    closing_to: Option<String>,
    /// Free text: name, address or MLS number.
    #[arg(long)]
    search: Option<String>,
    /// closing_desc, closing_asc, name_asc, price_desc, quality_asc or updated_desc.
    #[arg(long, default_value = "closing_desc")]
    sort: String,
}

/// A snake_case word read as one of the list's enums, or a message naming the flag.
fn word<T: DeserializeOwned>(flag: &str, raw: &str) -> Result<T, ErrorBody> {
    serde_json::from_value(json!(raw.trim())).map_err(|_| {
        ErrorBody::new(
            "invalid_filter",
            format!("--{flag} does not take {raw:?}; see --help for its values."),
        )
    })
}

fn day(flag: &str, raw: Option<String>) -> Result<Option<NaiveDate>, ErrorBody> {
    raw.map(|raw| {
        NaiveDate::parse_from_str(raw.trim(), "%Y-%m-%d").map_err(|_| {
            ErrorBody::new(
                "invalid_date",
                format!("--{flag} takes a date as YYYY-MM-DD, not {raw:?}."),
            )
        })
    })
    .transpose()
}

/// The roster agent `--agent` names: its id, or the email it is on the roster with.
async fn roster_agent(store: &LocalStore, agent: &str) -> Result<RosterAgentId, ErrorBody> {
    if let Ok(id) = agent.parse() {
        return Ok(id);
    }
    let wanted = agent.trim().to_lowercase();
    roster(store)
        .await
        .map_err(store_error)?
        .into_iter()
        .find(|a| a.record.email == wanted)
        .map(|a| a.record.id)
        .ok_or_else(|| {
            ErrorBody::new(
                "unknown_agent",
                format!("No roster agent has the email {agent:?} in the local copy."),
            )
        })
}

impl TransactionFilterArgs {
    async fn query(self, store: &LocalStore) -> Result<TransactionListQuery, ErrorBody> {
        let status_group: Option<StatusGroup> = self
            .status
            .as_deref()
            .map(|s| word("status", s))
            .transpose()?;
        let agent = match self.agent.as_deref() {
            Some(agent) => Some(roster_agent(store, agent).await?),
            None => None,
        };
        Ok(TransactionListQuery {
            q: self.search,
            status_group,
            transaction_type: self.transaction_type.map(|t| t.trim().to_uppercase()),
            agent,
            office: self.office,
            closing_from: day("closing-from", self.closing_from)?,
            closing_to: day("closing-to", self.closing_to)?,
            sort: word::<TransactionSort>("sort", &self.sort)?,
            offset: 0,
            limit: None,
        })
    }
}

/// The cached transactions the filters let through, sorted. Works offline.
pub async fn transactions(
    context: &Context,
    out: &Output,
    filter: TransactionFilterArgs,
    limit: Option<u32>,
) -> CliResult {
    let (_, store) = context.offline_store().await?;
    let listed = async {
        let query = TransactionListQuery {
            limit,
            ..filter.query(&store).await?
        };
        transaction_rows(&store, &query, Utc::now().date_naive())
            .await
            .map_err(store_error)
    }
    .await;
    store.pool().close().await;
    let page = listed?;
    out.show(&page, || {
        let mut lines: Vec<String> = page
            .rows
            .iter()
            .map(|t| {
                let closing = t
                    .closing_date
                    .map_or("          ".to_owned(), |d| d.to_string());
                let group = serde_json::to_value(t.status_group).unwrap_or_default();
                format!(
                    "{closing}  {:<9} {:>3}  {}  {}  {}",
                    group.as_str().unwrap_or_default(),
                    t.quality_score,
                    t.name,
                    t.address,
                    t.agents.join(", ")
                )
            })
            .collect();
        lines.push(format!(
            "{} of {} transactions",
            page.rows.len(),
            page.total
        ));
        lines.join("\n")
    });
    Ok(())
}

fn describe_preview(preview: &ImportPreview) -> String {
    let mut lines = vec![format!(
        "{} to create, {} to update, {} unchanged, {} without a loop view id; {} findings",
        preview.created, preview.updated, preview.unchanged, preview.invalid, preview.findings
    )];
    lines.extend(preview.notices.iter().map(|n| format!("Note: {n}")));
    for row in &preview.rows {
        let action = serde_json::to_value(row.action).unwrap_or_default();
        let lines_of = row
            .lines
            .iter()
            .map(u64::to_string)
            .collect::<Vec<_>>()
            .join("+");
        let mut line = format!(
            "line {lines_of}  {:<9} {}  {}",
            action.as_str().unwrap_or_default(),
            row.loop_view_id.as_deref().unwrap_or("-"),
            row.name
        );
        if row.action == RowAction::Update {
            let fields: Vec<&str> = row.changed_fields.iter().map(|f| f.as_str()).collect();
            line.push_str(&format!(" (changes {})", fields.join(", ")));
        }
        lines.push(line);
        for finding in &row.findings {
            lines.push(format!(
                "    {}: {:?}: {}",
                finding.column, finding.value, finding.message
            ));
        }
    }
    lines.join("\n")
}

/// Previews a Dotloop CSV export against the cache, or queues its import (sent with the
/// next sync). Works offline.
pub async fn import_dotloop(
    context: &Context,
    out: &Output,
    file: PathBuf,
    preview_only: bool,
) -> CliResult {
    let bytes = std::fs::read(&file).map_err(|e| {
        ErrorBody::new(
            "import_read_failed",
            format!("Cannot read {}: {e}.", file.display()),
        )
    })?;
    let (account, store) = context.offline_store().await?;
    let done = if preview_only {
        preview_dotloop_import(&store, bytes)
            .await
            .map(|preview| out.show(&preview, || describe_preview(&preview)))
    } else {
        apply_dotloop_import(&store, account.tenant_id, bytes, |p| {
            out.note(&format!("{} of {} queued", p.done, p.total))
        })
        .await
        .map(|result| {
            out.show(&result, || {
                let mut text = format!(
                    "Queued {} new and {} updated transactions; they are sent with the next sync.",
                    result.created, result.updated
                );
                for held in &result.held_back {
                    text.push_str(&format!(
                        "\nNot sent for loop {}: {}: {}",
                        held.loop_view_id,
                        held.field.as_str(),
                        held.reason
                    ));
                }
                text
            })
        })
    };
    store.pool().close().await;
    done.map_err(store_error)
}
