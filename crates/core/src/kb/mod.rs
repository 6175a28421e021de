//! The chatbot knowledge base: what the server and the desktop app share. Chunking
//! (identical on both sides), the item, draft and version wire types, version diffs,
//! the fair-housing lint with its publish gate, the search wire types with the fusion
//! of rankings, and the chatbot's unanswered questions.

pub mod api;
pub mod chunk;
pub mod console;
pub mod coverage;
pub mod diff;
pub mod item;
pub mod lint;
pub mod search;
pub mod trigram;
pub mod unanswered;
pub mod validate;

#[cfg(test)]
mod bindings;
