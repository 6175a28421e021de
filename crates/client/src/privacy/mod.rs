//! The privacy-request register: the screen's rows from the cache, requests recorded and
//! their status changed offline (queued like any edit), and the link of an audit entry
//! to a request, which needs the server. Its records are plain synced records (entity
//! `privacy_request`), so it needs no page hook.

pub mod api;
pub mod edits;
pub mod screens;
