//! Brokerdesk domain types and rules, and the wire types shared by the hosted API, the
//! client engine and the desktop UI. Nothing here performs I/O, so every rule can be
//! unit-tested and reused by server and client alike.

pub mod admin_edit;
pub mod admin_view;
pub mod api_key;
pub mod app_status;
pub mod audit;
pub mod consent;
pub mod custom_domain;
pub mod error;
pub mod export;
pub mod health;
pub mod identity;
pub mod ids;
pub mod ingest;
pub mod invitation;
pub mod kb;
pub mod lead;
pub mod lead_activity;
pub mod lead_csv;
pub mod lead_list;
pub mod lead_view;
pub mod password;
pub mod permission;
pub mod plan;
pub mod protocol;
pub mod role;
pub mod settings;
pub mod signed_in;
pub mod subdomain;
pub mod sync;
pub mod tenant;
pub mod usage;

#[cfg(test)]
mod bindings;
#[cfg(any(test, feature = "bindings-check"))]
pub mod bindings_check;
