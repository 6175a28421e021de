//! The leads domain: the lead record and the rules a change to one must pass, its
//! consent ledger and do-not-call list, its conversations and calls, the list and its
//! filters, the CSV import, what integrations post, and the shapes the screens read.

mod changes;
mod record;
pub use changes::*;
pub use record::*;

pub mod activity;
pub mod consent;
pub mod csv;
pub mod ingest;
pub mod list;
pub mod view;
