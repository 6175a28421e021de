//! Leads: the REST calls for online work ([`api`]), the cached leads read and edited
//! offline ([`offline`], [`consent`]), the lead list's index over the cache ([`index`],
//! kept in step by the page hook in [`sync`]) and the pages read from it ([`page`]), the
//! screens' data ([`screens`]), CSV import and export ([`import`], [`export`]).

pub mod api;
pub mod consent;
pub mod export;
pub mod import;
mod index;
pub mod offline;
mod page;
pub mod screens;
pub(crate) mod sync;
