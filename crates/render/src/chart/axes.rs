//! The two chart layouts: columns (months or status groups along x, money up the y
//! axis) and rows (agents down the y axis, first at the top, money along x).

use plotters::coord::Shift;
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;

use super::frame::{Px, Slots, fit, mesh};
use crate::format::compact;
use crate::palette::TEXT;

type Failure<DB> = DrawingAreaErrorKind<<DB as DrawingBackend>::ErrorType>;

/// Room for the row names of a rows chart.
const NAMES: f64 = 150.0;

/// One column slot per label, money from 0 to `top` (with headroom above it).
pub fn column_axes<'a, DB: DrawingBackend>(
    plot: &'a DrawingArea<DB, Shift>,
    px: Px,
    labels: &[String],
    label_style: TextStyle<'static>,
    top: f64,
) -> Result<ChartContext<'a, DB, Cartesian2d<Slots, RangedCoordf64>>, Failure<DB>> {
    let mut chart = ChartBuilder::on(plot)
        .x_label_area_size(px.i(28.0))
        .y_label_area_size(px.i(64.0))
        .build_cartesian_2d(Slots::new(labels.len()), 0f64..(top * 1.12).max(1_000.0))?;
    let label_of = |x: &f64| labels.get(Slots::index(*x)).cloned().unwrap_or_default();
    mesh(&mut chart, px)
        .disable_x_mesh()
        .y_labels(6)
        .x_label_formatter(&label_of)
        .x_label_style(label_style)
        .y_label_formatter(&|y| compact(*y))
        .draw()?;
    Ok(chart)
}

/// One row per name, the first at the top, money from 0 to `right`.
pub fn row_axes<'a, DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    plot: &'a DrawingArea<DB, Shift>,
    px: Px,
    names: &[String],
    right: f64,
) -> Result<ChartContext<'a, DB, Cartesian2d<RangedCoordf64, Slots>>, Failure<DB>> {
    let n = names.len().max(1);
    let style = px.text(13.0, TEXT);
    let names: Vec<String> = names
        .iter()
        .map(|name| fit(root, name, &style, px.u(NAMES - 12.0)))
        .collect();
    let mut chart = ChartBuilder::on(plot)
        .x_label_area_size(px.i(24.0))
        .y_label_area_size(px.i(NAMES))
        .build_cartesian_2d(0f64..right, Slots::new(n))?;
    let name_of = |y: &f64| {
        let row = n - 1 - Slots::index(*y).min(n - 1);
        names.get(row).cloned().unwrap_or_default()
    };
    mesh(&mut chart, px)
        .disable_y_mesh()
        .x_labels(6)
        .x_label_formatter(&|x| compact(*x))
        .y_label_formatter(&name_of)
        .y_label_style(style)
        .draw()?;
    Ok(chart)
}

/// The month names, for a columns chart of a year.
pub fn months() -> Vec<String> {
    crate::format::MONTHS
        .iter()
        .map(|m| (*m).to_owned())
        .collect()
}
