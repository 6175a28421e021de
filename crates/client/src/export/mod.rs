//! The tenant's full export, which the server runs as a job: start it, follow its
//! progress, and download the finished ZIP to a file. All of it needs the server.

pub mod api;
