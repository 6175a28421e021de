//! Brokerdesk domain types and rules, and the wire types shared by the hosted API, the
//! client engine and the desktop UI. Nothing here performs I/O, so every rule can be
//! unit-tested and reused by server and client alike.

pub mod admin_edit;
pub mod admin_view;
pub mod api_key;
pub mod app_status;
pub mod audit;
pub mod commissions;
pub mod csv_safety;
pub mod custom_domain;
pub mod error;
pub mod export;
pub mod health;
pub mod identity;
pub mod ids;
pub mod invitation;
pub mod kb;
pub mod leads;
pub mod password;
pub mod patch;
pub mod people;
pub mod permission;
pub mod plan;
pub mod privacy;
pub mod protocol;
pub mod retention;
pub mod role;
pub mod roster;
pub mod settings;
pub mod signed_in;
pub mod subdomain;
pub mod sync;
pub mod tenant;
pub mod tenant_deletion;
pub mod transactions;
pub mod usage;

#[cfg(test)]
mod bindings;
#[cfg(any(test, feature = "bindings-check"))]
pub mod bindings_check;
