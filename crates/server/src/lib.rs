//! brokerdesk-server: the hosted multi-tenant API.
//!
//! Tenant data is isolated twice: every query filters by tenant explicitly, and
//! PostgreSQL row-level security, enforced on a role that cannot bypass it, hides every
//! other tenant's rows from the transaction that runs the query.
//!
//! One folder per domain (rules, SQL, `http.rs` with its `routes()`, `sync.rs` with its
//! sync source); `app` is the composition root, the only module that names them all.
//! ARCHITECTURE.md at the repository root has the rules of the layout.

// The composition root.
pub mod app;

// Shared infrastructure: no domain imports these back into a cycle.
pub mod auth;
pub mod commissions;
pub mod db;
pub mod dns;
pub mod edge;
pub mod error;
pub mod mail;
pub mod rate_limit;
pub mod sealed;
pub mod state;
pub mod sync;

// Domains.
pub mod api_keys;
pub mod audit;
pub mod dotloop;
pub mod export;
pub mod invitations;
pub mod kb;
pub mod leads;
pub mod members;
pub mod privacy;
pub mod retention;
pub mod roster;
pub mod settings;
pub mod staff;
pub mod tenancy;
pub mod transactions;

pub mod seed;
#[cfg(feature = "testing")]
pub mod testing;
