//! Who is calling. Access tokens are short-lived JWTs; refresh tokens rotate and live in
//! the database as hashes; every authenticated request re-checks its session, so
//! signing out or deactivating a user takes effect at once, not when a token expires.

pub mod api_key;
pub mod attempt;
pub mod audit;
pub mod bearer_secret;
pub mod extract;
pub mod http;
pub mod lifecycle;
pub mod lockout;
pub mod mfa;
pub mod password;
pub mod principal;
pub mod sessions;
pub mod staff;
pub mod tokens;

pub use api_key::ApiKeyAuth;
pub use extract::{Authenticated, AuthenticatedLongPoll};
