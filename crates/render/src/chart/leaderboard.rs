//! The agent leaderboard: the top agents by GCI as horizontal bars, ranked from the
//! top, each with its figure at the bar's end.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use rust_decimal::prelude::ToPrimitive;

use brokerdesk_core::commissions::reports::production::ProductionRow;

use super::axes::row_axes;
use super::frame::{DrawResult, Px, Swatch, frame, value_label};
use super::{Chart, WIDTH};
use crate::format::compact;
use crate::palette::{ACCENT, ACCENT_DARK, TEXT};

/// Room for each agent's bar.
const ROW: u32 = 28;
/// Room for the title block, the axis and the margins.
const CHROME: u32 = 140;

pub struct LeaderboardChart<'a> {
    /// Production grouped by agent (core's report rows); ranked here by GCI.
    pub rows: &'a [ProductionRow],
    /// What the figures cover, for the subtitle ("2025, closed").
    pub period: &'a str,
    pub top: usize,
}

impl LeaderboardChart<'_> {
    fn ranked(&self) -> Vec<&ProductionRow> {
        let mut ranked: Vec<&ProductionRow> = self.rows.iter().collect();
        ranked.sort_by(|a, b| {
            b.figures
                .gci
                .cmp(&a.figures.gci)
                .then(a.label.cmp(&b.label))
        });
        ranked.truncate(self.top);
        ranked
    }
}

impl Chart for LeaderboardChart<'_> {
    fn size(&self) -> (u32, u32) {
        let rows = self.rows.len().min(self.top).max(1) as u32;
        (WIDTH, CHROME + ROW * rows)
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>, px: Px) -> DrawResult<DB> {
        let ranked = self.ranked();
        let n = ranked.len().max(1);
        let gci: Vec<f64> = ranked
            .iter()
            .map(|r| r.figures.gci.to_f64().unwrap_or(0.0))
            .collect();
        let legend = [(Swatch::Bar(ACCENT), format!("GCI, {}", self.period))];
        let subtitle = format!("Top {} of {} agents by GCI", ranked.len(), self.rows.len());
        let plot = frame(root, px, "Agent leaderboard", &subtitle, &legend)?;
        let names: Vec<String> = ranked
            .iter()
            .enumerate()
            .map(|(i, r)| format!("{}. {}", i + 1, r.label))
            .collect();
        let top = gci.iter().copied().fold(0.0, f64::max).max(1_000.0);
        // Rank 1 at the top: row i of n is drawn at y = n - 1 - i.
        let mut chart = row_axes(root, &plot, px, &names, top * 1.16)?;
        let row_y = |i: usize| (n - 1 - i) as f64;
        chart.draw_series(gci.iter().enumerate().map(|(i, v)| {
            let colour = if i == 0 { ACCENT } else { ACCENT_DARK };
            Rectangle::new(
                [(0.0, row_y(i) + 0.2), (*v, row_y(i) + 0.8)],
                colour.filled(),
            )
        }))?;
        for (i, v) in gci.iter().enumerate() {
            value_label(
                &mut chart,
                (*v, row_y(i) + 0.5),
                (px.i(6.0), 0),
                compact(*v),
                px.bold(12.0, TEXT).pos(Pos::new(HPos::Left, VPos::Center)),
            )?;
        }
        Ok(())
    }
}
