//! Retention: the owner's policies, the dry run shown before one is saved, and legal
//! holds. All of it needs the server (the dry run counts the server's rows, and holds
//! are checked against them), so it is REST calls only, with nothing cached.

pub mod api;
