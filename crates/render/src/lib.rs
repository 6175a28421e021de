//! Brokerdesk's report renderer: the commission reports computed by core
//! (`brokerdesk_core::commissions::reports`) drawn as charts (SVG for the window, PNG for
//! export), written as PDF (the annual production report and agent statements) and as
//! CSV. Everything returns bytes or strings in memory, so the desktop client (offline
//! exports) and the server (statements) call the same code and save or send the result
//! themselves.
//!
//! Text is drawn with one embedded font ([`font`]), in the charts (registered with
//! plotters through ab_glyph) and in the PDF (embedded and subset by krilla), so an
//! export looks the same on every machine and in CI.

pub mod annual;
pub mod chart;
pub mod csv;
mod error;
pub mod font;
pub mod format;
pub mod palette;
pub mod pdf;
pub mod trace;

pub use error::RenderError;
