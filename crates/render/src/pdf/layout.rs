//! Laying content out on Letter pages before anything is drawn: a page is a list of
//! drawing operations, and [`Flow`] starts a new page when the next block does not fit.
//! Drawing comes after, once the page count is known, for the "Page 2 of 7" footers.

use plotters::style::RGBColor;

use crate::font::Metrics;

/// US Letter, in points.
pub const PAGE_WIDTH: f32 = 612.0;
pub const PAGE_HEIGHT: f32 = 792.0;
pub const MARGIN: f32 = 40.0;
pub const CONTENT_WIDTH: f32 = PAGE_WIDTH - 2.0 * MARGIN;
/// Where content starts below the running header, and where it must stop above the
/// footer.
pub const CONTENT_TOP: f32 = 78.0;
pub const CONTENT_BOTTOM: f32 = PAGE_HEIGHT - 52.0;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Align {
    Left,
    Right,
}

/// One drawing operation; `y` of text is its baseline, in points from the page's top.
#[derive(Clone, Debug)]
pub enum Op {
    Text {
        x: f32,
        y: f32,
        size: f32,
        bold: bool,
        colour: RGBColor,
        align: Align,
        text: String,
    },
    Rect {
        x: f32,
        y: f32,
        width: f32,
        height: f32,
        colour: RGBColor,
    },
    Rule {
        x: f32,
        y: f32,
        width: f32,
        colour: RGBColor,
    },
    /// A chart's SVG, scaled into the box.
    Svg {
        x: f32,
        y: f32,
        width: f32,
        height: f32,
        svg: String,
    },
}

/// Text as a caller describes it; [`Flow::text`] places it.
#[derive(Clone, Copy, Debug)]
pub struct Style {
    pub size: f32,
    pub bold: bool,
    pub colour: RGBColor,
}

impl Style {
    pub const fn new(size: f32, bold: bool, colour: RGBColor) -> Self {
        Self { size, bold, colour }
    }
}

/// The pages laid out so far and the cursor on the last one.
pub struct Flow {
    pages: Vec<Vec<Op>>,
    /// The top of the free space on the current page.
    pub y: f32,
}

impl Default for Flow {
    fn default() -> Self {
        Self::new()
    }
}

impl Flow {
    pub fn new() -> Self {
        Self {
            pages: vec![Vec::new()],
            y: CONTENT_TOP,
        }
    }

    pub fn space_left(&self) -> f32 {
        CONTENT_BOTTOM - self.y
    }

    pub fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.y = CONTENT_TOP;
    }

    /// Starts a new page unless `height` fits on this one (or this page is still empty,
    /// where nothing taller would fit anywhere). True when it started a page.
    pub fn ensure(&mut self, height: f32) -> bool {
        let empty = self.pages.last().is_some_and(Vec::is_empty);
        if height > self.space_left() && !empty {
            self.new_page();
            return true;
        }
        false
    }

    pub fn push(&mut self, op: Op) {
        self.pages.last_mut().expect("a flow has a page").push(op);
    }

    pub fn advance(&mut self, height: f32) {
        self.y += height;
    }

    /// Text with its baseline at `baseline` below the cursor.
    pub fn text(
        &mut self,
        x: f32,
        baseline: f32,
        style: Style,
        align: Align,
        text: impl Into<String>,
    ) {
        self.push(Op::Text {
            x,
            y: self.y + baseline,
            size: style.size,
            bold: style.bold,
            colour: style.colour,
            align,
            text: text.into(),
        });
    }

    /// A paragraph wrapped to `width`, advancing the cursor past it.
    pub fn paragraph(&mut self, text: &str, style: Style, width: f32) {
        let line_height = style.size * 1.4;
        for line in wrap(text, style, width) {
            self.ensure(line_height);
            self.text(MARGIN, style.size, style, Align::Left, line);
            self.advance(line_height);
        }
    }

    pub fn rect(&mut self, x: f32, dy: f32, width: f32, height: f32, colour: RGBColor) {
        self.push(Op::Rect {
            x,
            y: self.y + dy,
            width,
            height,
            colour,
        });
    }

    pub fn rule(&mut self, dy: f32, colour: RGBColor) {
        self.push(Op::Rule {
            x: MARGIN,
            y: self.y + dy,
            width: CONTENT_WIDTH,
            colour,
        });
    }

    /// A chart `width` wide keeping its aspect ratio, on a new page if it does not fit.
    pub fn chart(&mut self, svg: String, size: (u32, u32), width: f32) {
        let height = width * size.1 as f32 / size.0 as f32;
        self.ensure(height);
        self.push(Op::Svg {
            x: MARGIN + (CONTENT_WIDTH - width) / 2.0,
            y: self.y,
            width,
            height,
            svg,
        });
        self.advance(height);
    }

    pub fn finish(self) -> Vec<Vec<Op>> {
        self.pages
    }
}

/// Words into lines no wider than `width`.
pub fn wrap(text: &str, style: Style, width: f32) -> Vec<String> {
    let metrics = Metrics::get();
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let candidate = if line.is_empty() {
            word.to_owned()
        } else {
            format!("{line} {word}")
        };
        if !line.is_empty() && metrics.width(&candidate, style.size, style.bold) > width {
            lines.push(std::mem::replace(&mut line, word.to_owned()));
        } else {
            line = candidate;
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}
