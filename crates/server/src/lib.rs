//! brokerdesk-server: the hosted multi-tenant API.
//!
//! Tenant data is isolated twice: every query filters by tenant explicitly, and
//! PostgreSQL row-level security, enforced on a role that cannot bypass it, hides every
//! other tenant's rows from the transaction that runs the query.

pub mod api_keys;
pub mod audit_log;
pub mod auth;
pub mod cli;
pub mod config;
pub mod custom_domains;
pub mod db;
pub mod dns;
pub mod error;
pub mod ingest;
pub mod invitations;
pub mod leads;
pub mod mail;
pub mod members;
pub mod plan_usage;
pub mod rate_limit;
pub mod routes;
pub mod sealed;
pub mod seed;
pub mod shutdown;
pub mod staff;
pub mod startup;
pub mod sync;
pub mod telemetry;
pub mod tenancy;
pub mod tenant_settings;
#[cfg(feature = "testing")]
pub mod testing;
