//! Drawing laid-out pages with krilla: the running header (what the report is, and how
//! fresh its data is) and footer (page i of n) on every page, then the page's content.

use chrono::{DateTime, Utc};
use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point, Rect, Size, Transform};
use krilla::metadata::Metadata;
use krilla::num::NormalizedF32;
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};
use krilla::surface::Surface;
use krilla::text::{Font, TextDirection};
use krilla::{Data, Document};
use krilla_svg::{SurfaceExt, SvgSettings};
use plotters::style::RGBColor;

use super::layout::{Align, MARGIN, Op, PAGE_HEIGHT, PAGE_WIDTH};
use crate::RenderError;
use crate::font::{self, FAMILY, Metrics};
use crate::format::as_of;
use crate::palette::{GRID, INK, MUTED};

/// What runs along every page.
pub struct Running {
    /// The header's left side (the brokerage and the document), and the PDF's title.
    pub title: String,
    /// The header's right side: "As of Dec 2, 2026 09:40 UTC".
    pub as_of: String,
    /// The footer's left side.
    pub footer: String,
}

impl Running {
    pub fn new(title: String, synced_at: DateTime<Utc>, footer: String) -> Self {
        Self {
            title,
            as_of: as_of(synced_at),
            footer,
        }
    }
}

/// The laid-out pages as a PDF document.
pub fn render(pages: &[Vec<Op>], running: &Running) -> Result<Vec<u8>, RenderError> {
    let fonts = Fonts {
        regular: Font::new(Data::from(font::REGULAR), 0)
            .ok_or_else(|| RenderError::new("loading the font", "regular face"))?,
        bold: Font::new(Data::from(font::BOLD), 0)
            .ok_or_else(|| RenderError::new("loading the font", "bold face"))?,
    };
    let svg_options = usvg::Options {
        fontdb: font::font_database(),
        font_family: FAMILY.to_owned(),
        ..Default::default()
    };
    let mut document = Document::new();
    let settings = PageSettings::from_wh(PAGE_WIDTH, PAGE_HEIGHT).expect("Letter is a valid size");
    for (i, ops) in pages.iter().enumerate() {
        let mut page = document.start_page_with(settings.clone());
        let mut surface = page.surface();
        for op in running_ops(running, i + 1, pages.len()).iter().chain(ops) {
            draw(&mut surface, &fonts, &svg_options, op)?;
        }
        surface.finish();
        page.finish();
    }
    document.set_metadata(
        Metadata::new()
            .title(running.title.clone())
            .creator("Brokerdesk".to_owned()),
    );
    document
        .finish()
        .map_err(|e| RenderError::new("writing the PDF", format!("{e:?}")))
}

struct Fonts {
    regular: Font,
    bold: Font,
}

fn running_ops(running: &Running, page: usize, pages: usize) -> Vec<Op> {
    let text = |x, y, size, bold, colour, align, text: &str| Op::Text {
        x,
        y,
        size,
        bold,
        colour,
        align,
        text: text.to_owned(),
    };
    let right = PAGE_WIDTH - MARGIN;
    let footer_y = PAGE_HEIGHT - 26.0;
    vec![
        text(MARGIN, 44.0, 9.0, true, INK, Align::Left, &running.title),
        text(right, 44.0, 8.5, false, MUTED, Align::Right, &running.as_of),
        Op::Rule {
            x: MARGIN,
            y: 53.0,
            width: PAGE_WIDTH - 2.0 * MARGIN,
            colour: GRID,
        },
        Op::Rule {
            x: MARGIN,
            y: footer_y - 12.0,
            width: PAGE_WIDTH - 2.0 * MARGIN,
            colour: GRID,
        },
        text(
            MARGIN,
            footer_y,
            7.5,
            false,
            MUTED,
            Align::Left,
            &running.footer,
        ),
        text(
            right,
            footer_y,
            7.5,
            false,
            MUTED,
            Align::Right,
            &format!("Page {page} of {pages}"),
        ),
    ]
}

fn paint(colour: RGBColor) -> rgb::Color {
    rgb::Color::new(colour.0, colour.1, colour.2)
}

fn fill(colour: RGBColor) -> Option<Fill> {
    Some(Fill {
        paint: paint(colour).into(),
        opacity: NormalizedF32::ONE,
        rule: Default::default(),
    })
}

fn draw(
    surface: &mut Surface,
    fonts: &Fonts,
    svg_options: &usvg::Options,
    op: &Op,
) -> Result<(), RenderError> {
    match op {
        Op::Text {
            x,
            y,
            size,
            bold,
            colour,
            align,
            text,
        } => {
            let font = if *bold { &fonts.bold } else { &fonts.regular };
            let x = match align {
                Align::Left => *x,
                Align::Right => x - Metrics::get().width(text, *size, *bold),
            };
            surface.set_stroke(None);
            surface.set_fill(fill(*colour));
            surface.draw_text(
                Point::from_xy(x, *y),
                font.clone(),
                *size,
                text,
                false,
                TextDirection::Auto,
            );
        }
        Op::Rect {
            x,
            y,
            width,
            height,
            colour,
        } => {
            let Some(rect) = Rect::from_xywh(*x, *y, *width, *height) else {
                return Ok(());
            };
            let mut path = PathBuilder::new();
            path.push_rect(rect);
            if let Some(path) = path.finish() {
                surface.set_stroke(None);
                surface.set_fill(fill(*colour));
                surface.draw_path(&path);
            }
        }
        Op::Rule {
            x,
            y,
            width,
            colour,
        } => {
            let mut path = PathBuilder::new();
            path.move_to(*x, *y);
            path.line_to(x + width, *y);
            if let Some(path) = path.finish() {
                surface.set_fill(None);
                surface.set_stroke(Some(Stroke {
                    paint: paint(*colour).into(),
                    width: 0.6,
                    ..Default::default()
                }));
                surface.draw_path(&path);
            }
        }
        Op::Svg {
            x,
            y,
            width,
            height,
            svg,
        } => {
            let tree = usvg::Tree::from_str(svg, svg_options)
                .map_err(|e| RenderError::new("reading a chart", e))?;
            let size = Size::from_wh(*width, *height)
                .ok_or_else(|| RenderError::new("placing a chart", "empty size"))?;
            surface.push_transform(&Transform::from_translate(*x, *y));
            surface.draw_svg(&tree, size, SvgSettings::default());
            surface.pop();
        }
    }
    Ok(())
}
