//! Every action the server records, with its sentence, by domain. A code appears once:
//! the tests check it.

mod deals;
mod kb;
mod leads;
mod people;

use super::Action;

pub(super) fn all() -> impl Iterator<Item = &'static Action> {
    [people::ACTIONS, leads::ACTIONS, deals::ACTIONS, kb::ACTIONS]
        .into_iter()
        .flatten()
}
