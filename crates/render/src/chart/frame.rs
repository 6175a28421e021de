//! What every chart shares: its scale, text styles, the title block with its legend,
//! and the look of the axes, so the five charts read as one family.

use plotters::chart::MeshStyle;
use plotters::coord::Shift;
use std::ops::Range;

use plotters::coord::ranged1d::{DefaultFormatting, KeyPointHint, Ranged, ValueFormatter};
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;
use plotters::style::FontStyle;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::font::FAMILY;
use crate::palette::{BORDER, GRID, INK, MUTED, PAPER, TEXT};

/// Pixels per logical pixel: 1 for the window's SVG, 2 for a crisp exported PNG. Every
/// length and font size of a chart goes through it.
#[derive(Clone, Copy, Debug)]
pub struct Px(pub f64);

impl Px {
    pub fn i(self, logical: f64) -> i32 {
        (logical * self.0).round() as i32
    }

    pub fn u(self, logical: f64) -> u32 {
        (logical * self.0).round().max(0.0) as u32
    }

    pub fn text(self, size: f64, colour: RGBColor) -> TextStyle<'static> {
        FontDesc::new(FontFamily::Name(FAMILY), size * self.0, FontStyle::Normal).color(&colour)
    }

    pub fn bold(self, size: f64, colour: RGBColor) -> TextStyle<'static> {
        FontDesc::new(FontFamily::Name(FAMILY), size * self.0, FontStyle::Bold).color(&colour)
    }
}

pub type DrawResult<DB> = Result<(), DrawingAreaErrorKind<<DB as DrawingBackend>::ErrorType>>;

/// A category axis (months, agents, status groups): `n` slots one unit wide, labelled
/// at their centres, so a bar can sit anywhere inside its slot.
pub struct Slots {
    count: usize,
    scale: RangedCoordf64,
}

impl Slots {
    pub fn new(count: usize) -> Self {
        Self {
            count,
            scale: (0.0..count.max(1) as f64).into(),
        }
    }

    /// The slot a label's key point falls in.
    pub fn index(centre: f64) -> usize {
        centre.floor().max(0.0) as usize
    }
}

impl Ranged for Slots {
    type FormatOption = DefaultFormatting;
    type ValueType = f64;

    fn map(&self, value: &f64, limit: (i32, i32)) -> i32 {
        self.scale.map(value, limit)
    }

    fn key_points<Hint: KeyPointHint>(&self, _hint: Hint) -> Vec<f64> {
        (0..self.count).map(|i| i as f64 + 0.5).collect()
    }

    fn range(&self) -> Range<f64> {
        self.scale.range()
    }
}

/// How a series looks in the legend.
#[derive(Clone, Copy, Debug)]
pub enum Swatch {
    Bar(RGBColor),
    Line(RGBColor),
    Dashed(RGBColor),
}

/// The title block every chart starts with: title, a line saying what is measured, and
/// the legend; returns the area left for the plot.
pub fn frame<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    px: Px,
    title: &str,
    subtitle: &str,
    legend: &[(Swatch, String)],
) -> Result<DrawingArea<DB, Shift>, DrawingAreaErrorKind<DB::ErrorType>> {
    root.fill(&PAPER)?;
    root.draw(&Text::new(
        title.to_owned(),
        (px.i(20.0), px.i(16.0)),
        px.bold(19.0, INK),
    ))?;
    root.draw(&Text::new(
        subtitle.to_owned(),
        (px.i(20.0), px.i(41.0)),
        px.text(14.0, MUTED),
    ))?;
    let label_style = px.text(14.0, TEXT);
    let mut x = px.i(20.0);
    let y = px.i(70.0);
    for (swatch, label) in legend {
        draw_swatch(root, px, *swatch, x, y)?;
        let (width, _) = root.estimate_text_size(label, &label_style)?;
        root.draw(&Text::new(
            label.clone(),
            (x + px.i(22.0), y),
            label_style.pos(Pos::new(HPos::Left, VPos::Center)),
        ))?;
        x += px.i(22.0) + width as i32 + px.i(22.0);
    }
    Ok(root.margin(px.i(88.0), px.i(12.0), px.i(14.0), px.i(24.0)))
}

fn draw_swatch<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    px: Px,
    swatch: Swatch,
    x: i32,
    y: i32,
) -> DrawResult<DB> {
    match swatch {
        Swatch::Bar(colour) => root.draw(&Rectangle::new(
            [
                (x + px.i(2.0), y - px.i(6.0)),
                (x + px.i(14.0), y + px.i(6.0)),
            ],
            colour.filled(),
        )),
        Swatch::Line(colour) => {
            root.draw(&PathElement::new(
                [(x, y), (x + px.i(16.0), y)],
                colour.stroke_width(px.u(2.5)),
            ))?;
            root.draw(&Circle::new((x + px.i(8.0), y), px.u(3.5), colour.filled()))
        }
        Swatch::Dashed(colour) => {
            for start in [0.0, 10.0] {
                root.draw(&PathElement::new(
                    [(x + px.i(start), y), (x + px.i(start + 6.0), y)],
                    colour.stroke_width(px.u(2.5)),
                ))?;
            }
            Ok(())
        }
    }
}

/// The axes' look: light horizontal (or vertical) grid lines only, grey labels, no
/// chart border. The caller adds its label formatters and draws.
pub fn mesh<'a, 'b, X, Y, XT, YT, DB>(
    chart: &'b mut ChartContext<'a, DB, Cartesian2d<X, Y>>,
    px: Px,
) -> MeshStyle<'a, 'b, X, Y, DB>
where
    X: Ranged<ValueType = XT> + ValueFormatter<XT>,
    Y: Ranged<ValueType = YT> + ValueFormatter<YT>,
    DB: DrawingBackend,
{
    let mut mesh = chart.configure_mesh();
    mesh.axis_style(BORDER.stroke_width(px.u(1.0)))
        .bold_line_style(GRID.stroke_width(px.u(1.0)))
        .light_line_style(TRANSPARENT)
        .label_style(px.text(13.0, MUTED))
        .set_all_tick_mark_size(px.i(5.0))
        .x_label_offset(0)
        .y_label_offset(0);
    mesh
}

/// A short label beside a point: the value at a bar's end or a line's last point.
pub fn value_label<DB: DrawingBackend, X: Ranged, Y: Ranged>(
    chart: &mut ChartContext<'_, DB, Cartesian2d<X, Y>>,
    at: (X::ValueType, Y::ValueType),
    offset: (i32, i32),
    text: String,
    style: TextStyle<'static>,
) -> DrawResult<DB>
where
    X::ValueType: Clone,
    Y::ValueType: Clone,
{
    chart
        .plotting_area()
        .draw(&(EmptyElement::at(at) + Text::new(text, offset, style)))
}

/// A label for a category axis, cut with an ellipsis to fit `max` pixels.
pub fn fit<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    text: &str,
    style: &TextStyle<'_>,
    max: u32,
) -> String {
    let fits = |t: &str| {
        root.estimate_text_size(t, style)
            .is_ok_and(|(w, _)| w <= max)
    };
    if fits(text) {
        return text.to_owned();
    }
    let mut cut: Vec<char> = text.chars().collect();
    while !cut.is_empty() {
        cut.pop();
        let candidate = format!("{}…", cut.iter().collect::<String>().trim_end());
        if fits(&candidate) {
            return candidate;
        }
    }
    "…".to_owned()
}
