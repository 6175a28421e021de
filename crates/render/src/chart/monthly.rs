//! GCI by month as bars (last year light, this year in the accent) and company dollar
//! as lines (this year solid, last year dashed), on one money axis.

use plotters::coord::Shift;
use plotters::prelude::*;
use rust_decimal::prelude::ToPrimitive;

use super::axes::{column_axes, months};
use super::data::MonthlyComparison;
use super::frame::{DrawResult, Px, Swatch, frame};
use super::{Chart, WIDTH};
use crate::palette::{ACCENT, ACCENT_LIGHT, INK, MUTED, PAPER, SUBTLE};

pub struct MonthlyGciChart<'a> {
    pub data: &'a MonthlyComparison,
}

impl Chart for MonthlyGciChart<'_> {
    fn size(&self) -> (u32, u32) {
        (WIDTH, 400)
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>, px: Px) -> DrawResult<DB> {
        let d = self.data;
        let (this, last) = (d.year, d.year - 1);
        let elapsed = d.months_elapsed;
        let f = |v: rust_decimal::Decimal| v.to_f64().unwrap_or(0.0);
        let legend = [
            (Swatch::Bar(ACCENT), format!("GCI {this}")),
            (Swatch::Bar(ACCENT_LIGHT), format!("GCI {last}")),
            (Swatch::Line(INK), format!("Company dollar {this}")),
            (Swatch::Dashed(SUBTLE), format!("Company dollar {last}")),
        ];
        let plot = frame(
            root,
            px,
            "GCI and company dollar by month",
            &format!("{this} against {last}, by closing date"),
            &legend,
        )?;
        let top = d
            .this_year
            .iter()
            .chain(&d.last_year)
            .map(|m| f(m.gci).max(f(m.company_dollar)))
            .fold(0.0, f64::max);
        let mut chart = column_axes(&plot, px, &months(), px.text(13.0, MUTED), top)?;
        let bar = |m: usize, left: f64, value: f64, colour: RGBColor| {
            Rectangle::new(
                [(m as f64 + left, 0.0), (m as f64 + left + 0.34, value)],
                colour.filled(),
            )
        };
        chart.draw_series((0..12).map(|m| bar(m, 0.15, f(d.last_year[m].gci), ACCENT_LIGHT)))?;
        chart.draw_series((0..elapsed).map(|m| bar(m, 0.51, f(d.this_year[m].gci), ACCENT)))?;
        let last_points = (0..12).map(|m| (m as f64 + 0.5, f(d.last_year[m].company_dollar)));
        chart.draw_series(DashedLineSeries::new(
            last_points,
            px.u(6.0),
            px.u(4.0),
            SUBTLE.stroke_width(px.u(2.0)),
        ))?;
        let this_points: Vec<(f64, f64)> = (0..elapsed)
            .map(|m| (m as f64 + 0.5, f(d.this_year[m].company_dollar)))
            .collect();
        chart.draw_series(LineSeries::new(
            this_points.iter().copied(),
            INK.stroke_width(px.u(2.5)),
        ))?;
        // White-ringed points keep the line readable where it crosses a bar.
        chart.draw_series(this_points.iter().map(|p| {
            EmptyElement::at(*p)
                + Circle::new((0, 0), px.u(5.0), PAPER.filled())
                + Circle::new((0, 0), px.u(3.5), INK.filled())
        }))?;
        Ok(())
    }
}
