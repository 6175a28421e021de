//! The API's edge: what every request passes before a handler sees it, and what every
//! answer passes on its way out, whichever domain serves it.
//!
//! - [`input::refuse_unsafe_input`] refuses a NUL anywhere in the query or the body
//!   (PostgreSQL cannot store one, so it would otherwise surface as a 500 deep in a
//!   domain), and a JSON body that is not an object (serde reads a struct from an
//!   array, so `["x"]` would rename a lead positionally).
//! - [`errors::json_errors`] turns the framework's own refusals (malformed JSON, a wrong
//!   content type, a body over the limit, a bad id in a path, an unknown route method),
//!   which axum answers in plain text, into the API's `{code, message}`; pages meant
//!   for a browser (HTML) are left as they are.

pub mod errors;
pub mod input;
