//! Transactions (Dotloop loops and deals entered by hand) on the desktop, from the
//! encrypted cache so all of it works offline: the list with its filters and the detail
//! with participants and loop health ([`screens`], judged by [`context`]), deals entered
//! and edited by hand, queued in the outbox ([`edits`]), the Dotloop CSV import previewed
//! and queued here ([`import`]), both within the plan's quota ([`quota`]), and which loop
//! URLs may be opened in the browser ([`links`]). The list is chosen from an index of the
//! cached deals ([`index`], [`list`], with core's rules as SQL in [`judge`]), which a
//! page hook ([`sync`]) keeps in step with them.

mod context;
pub mod edits;
pub mod import;
mod index;
mod judge;
pub mod links;
mod list;
pub mod query;
mod quota;
pub mod screens;
pub(crate) mod sync;
