//! Volume summed month by month, this year against last: where the year stands, and
//! whether it is ahead of the same point last year.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use rust_decimal::prelude::ToPrimitive;

use super::axes::{column_axes, months};
use super::data::MonthlyComparison;
use super::frame::{DrawResult, Px, Swatch, frame, value_label};
use super::{Chart, WIDTH};
use crate::format::compact;
use crate::palette::{ACCENT, ACCENT_DARK, MUTED, PAPER, SUBTLE};

pub struct CumulativeVolumeChart<'a> {
    pub data: &'a MonthlyComparison,
}

impl Chart for CumulativeVolumeChart<'_> {
    fn size(&self) -> (u32, u32) {
        (WIDTH, 400)
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>, px: Px) -> DrawResult<DB> {
        let d = self.data;
        let (this_year, last_year) = d.cumulative_volume();
        let f = |v: &rust_decimal::Decimal| v.to_f64().unwrap_or(0.0);
        let point = |(m, v): (usize, &rust_decimal::Decimal)| (m as f64 + 0.5, f(v));
        let this: Vec<(f64, f64)> = this_year.iter().enumerate().map(point).collect();
        let last: Vec<(f64, f64)> = last_year.iter().enumerate().map(point).collect();
        let legend = [
            (Swatch::Line(ACCENT), format!("Volume {}", d.year)),
            (Swatch::Line(SUBTLE), format!("Volume {}", d.year - 1)),
        ];
        let plot = frame(
            root,
            px,
            "Cumulative volume, year over year",
            "Sale price × sides, summed month by month",
            &legend,
        )?;
        let top = this.iter().chain(&last).map(|p| p.1).fold(0.0, f64::max);
        let mut chart = column_axes(&plot, px, &months(), px.text(13.0, MUTED), top)?;
        chart.draw_series(LineSeries::new(
            last.iter().copied(),
            SUBTLE.stroke_width(px.u(2.5)),
        ))?;
        chart.draw_series(AreaSeries::new(
            this.iter().copied(),
            0.0,
            ACCENT.mix(0.10).filled(),
        ))?;
        chart.draw_series(LineSeries::new(
            this.iter().copied(),
            ACCENT.stroke_width(px.u(3.0)),
        ))?;
        // The year's figure so far, and last year's at the same month, at the lines' ends.
        let label = |colour| {
            px.bold(13.0, colour)
                .pos(Pos::new(HPos::Right, VPos::Bottom))
        };
        if let Some(&(x, y)) = this.last() {
            chart.draw_series(std::iter::once(
                EmptyElement::at((x, y))
                    + Circle::new((0, 0), px.u(5.5), PAPER.filled())
                    + Circle::new((0, 0), px.u(4.0), ACCENT.filled()),
            ))?;
            value_label(
                &mut chart,
                (x, y),
                (-px.i(8.0), -px.i(8.0)),
                compact(y),
                label(ACCENT_DARK),
            )?;
        }
        if let Some(&(x, y)) = last.last() {
            value_label(
                &mut chart,
                (x, y),
                (px.i(4.0), -px.i(8.0)),
                compact(y),
                label(MUTED),
            )?;
        }
        Ok(())
    }
}
