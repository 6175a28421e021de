//! The transactions domain's pure core: the deal record (one Dotloop loop or a deal
//! entered by hand), status groups, agents and sides, the Dotloop CSV import and its
//! preview, loop health findings and data-quality scores, and Dotloop API v2 shapes
//! (loops, details, participants, webhooks, rate limits). The server, the sync engine
//! and the desktop app build on these; nothing here performs I/O.

mod record;
pub use record::*;

mod edit;
mod field_checks;
pub use edit::{NewTransaction, TransactionChanges};

pub mod agents;
mod csv_duplicates;
pub mod csv_file;
pub mod csv_import;
pub mod details;
pub mod dotloop_api;
pub mod health;
pub mod preview;
pub mod rate_limit;
pub mod status;
pub mod values;
pub mod webhook;
