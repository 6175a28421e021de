//! Every action the server records, with its sentence, by domain. A code appears once:
//! the tests check it.

mod deals;
mod kb;
mod leads;
mod people;
mod retention;

use super::Action;

pub(super) fn all() -> impl Iterator<Item = &'static Action> {
    [
        people::ACTIONS,
        leads::ACTIONS,
        deals::ACTIONS,
        kb::ACTIONS,
        retention::ACTIONS,
    ]
    .into_iter()
    .flatten()
}
