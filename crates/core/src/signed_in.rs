//! Who the desktop app is signed in as, the way its UI sees it. Tokens stay in Rust
//! (the session and the keychain); the webview only ever learns these facts.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::identity::{SupportSession, TenantSummary, UserSummary};
use crate::role::Role;

#[derive(Clone, Debug, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum SignedIn {
    /// A member of a brokerage, working in their own tenant.
    #[serde(rename_all = "camelCase")]
    Member {
        server_url: String,
        user: UserSummary,
        tenant: TenantSummary,
    },
    /// Platform staff, in the staff view: tenants, plans and support sessions.
    #[serde(rename_all = "camelCase")]
    Staff {
        server_url: String,
        display_name: String,
    },
    /// Platform staff inside one tenant through a support session, until
    /// `session.expiresAt`. They act with `role`, narrowed by the support-session
    /// restrictions of the permission matrix.
    #[serde(rename_all = "camelCase")]
    Support {
        server_url: String,
        tenant: TenantSummary,
        session: SupportSession,
        role: Role,
    },
}
