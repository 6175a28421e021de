//! The database roles the API and the migrations run as.

/// The login role the API serves with. It is neither superuser nor BYPASSRLS and owns
/// nothing, so row-level security always applies to it.
pub const APP_ROLE: &str = "brokerdesk_app";

/// The role that owns the schema. Migrations run as it; nobody logs in as it.
pub const OWNER_ROLE: &str = "brokerdesk_owner";
