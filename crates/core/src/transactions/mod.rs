//! The transactions domain's pure core: the deal record (one Dotloop loop or a deal
//! entered by hand), status groups, agents and sides, the Dotloop CSV import and its
//! preview, loop health findings and data-quality scores, and Dotloop API v2 shapes
//! (loops, details, participants, webhooks, rate limits). The server, the sync engine
//! and the desktop app build on these; nothing here performs I/O.
//!
//! How the pieces fit:
//! - **CSV import** (server and desktop alike): [`csv_import::parse_export`] on the
//!   file's bytes, then [`preview::plan_import`] with a lookup of the stored deals by
//!   loop view id ([`preview::by_loop_view`]). The plan's `preview` is what the user
//!   sees; its `writes` are what applying it stores.
//! - **API import**: a page of [`dotloop_api::Loop`]s (with `include_details=true`)
//!   and each loop's participants go through [`dotloop_api::loop_to_transaction`];
//!   over a stored deal, [`dotloop_api::merged_from_api`] gives what to store. Before
//!   each call [`rate_limit::RateLimit`] says whether to pause; webhooks are checked
//!   with [`webhook::verify_webhook`] and read as [`dotloop_api::WebhookPayload`].
//! - **Hand entry**: [`NewTransaction::into_fields`], and [`TransactionChanges::apply_to`].
//! - **Reading**: [`status::StatusMapping::group`] for the status group,
//!   [`agents::RosterIndex::match_agents`] for the brokerage's agents and sides, and
//!   [`health::loop_health`] with [`health::quality_score`] and
//!   [`health::agent_quality`] for loop health.

mod record;
pub use record::*;

mod edit;
mod field_checks;
pub use edit::{NewTransaction, TransactionChanges};

pub mod agents;
mod csv_columns;
mod csv_duplicates;
pub mod csv_file;
pub mod csv_import;
pub mod details;
pub mod dotloop_api;
pub mod dotloop_status;
pub mod health;
pub mod preview;
pub mod rate_limit;
pub mod status;
pub mod values;
pub mod webhook;
