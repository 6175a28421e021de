//! The tenant's full export: every record it owns, as one document, for an owner to
//! keep or take elsewhere. It reads through the other domains' public functions.

pub mod http;
