//! The report charts, drawn with plotters on any backend: SVG for the window, PNG for
//! export. Each chart is a small struct over data core computed ([`data`]); [`svg`] and
//! [`png`] render any of them.
//!
//! - [`MonthlyGciChart`]: GCI (bars) and company dollar (lines) by month, this year
//!   against last;
//! - [`CumulativeVolumeChart`]: volume summed month by month, year over year;
//! - [`LeaderboardChart`]: agents by GCI, horizontal bars;
//! - [`PipelineChart`]: deals and GCI by status group;
//! - [`CapProgressChart`]: each agent's bar to their cap.

mod axes;
mod cap;
mod cumulative;
pub mod data;
mod frame;
mod leaderboard;
mod monthly;
mod output;
mod pipeline;

use plotters::coord::Shift;
use plotters::prelude::{DrawingArea, DrawingBackend};

pub use cap::CapProgressChart;
pub use cumulative::CumulativeVolumeChart;
pub use data::{MonthFigures, MonthlyComparison, PipelineGroup, pipeline_by_status};
pub use frame::{DrawResult, Px};
pub use leaderboard::LeaderboardChart;
pub use monthly::MonthlyGciChart;
pub use output::{png, svg};
pub use pipeline::PipelineChart;

/// A chart: its size in logical pixels and how it draws itself at a scale.
pub trait Chart {
    fn size(&self) -> (u32, u32);
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>, px: Px) -> DrawResult<DB>;
}

/// Logical width of every chart: 12 px labels read at 9 pt when a chart fills the
/// width of a Letter page, and the window scales the SVG to its card.
pub const WIDTH: u32 = 720;
