//! Tables that run over pages: the header row is repeated at the top of each page,
//! rows are striped, figures right-aligned, and the total row is set in bold.

use super::layout::{Align, CONTENT_WIDTH, Flow, MARGIN, Style};
use crate::font::Metrics;
use crate::palette::{BORDER, INK, MUTED, ZEBRA};

const ROW: f32 = 14.0;
const HEADER: f32 = 18.0;
const PAD: f32 = 4.0;
const CELL: Style = Style::new(7.8, false, INK);
const CELL_BOLD: Style = Style::new(7.8, true, INK);
const HEAD: Style = Style::new(7.2, true, MUTED);

pub struct Column {
    pub title: String,
    /// A share of the content width, relative to the other columns'.
    pub weight: f32,
    pub align: Align,
}

impl Column {
    pub fn text(title: &str, weight: f32) -> Self {
        Self {
            title: title.to_owned(),
            weight,
            align: Align::Left,
        }
    }

    pub fn figure(title: &str, weight: f32) -> Self {
        Self {
            title: title.to_owned(),
            weight,
            align: Align::Right,
        }
    }
}

pub struct Table {
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<String>>,
    pub total: Option<Vec<String>>,
}

impl Table {
    /// Each column's left edge and width in points.
    fn geometry(&self) -> Vec<(f32, f32)> {
        let sum: f32 = self.columns.iter().map(|c| c.weight).sum();
        let mut x = MARGIN;
        self.columns
            .iter()
            .map(|c| {
                let width = c.weight / sum * CONTENT_WIDTH;
                let cell = (x, width);
                x += width;
                cell
            })
            .collect()
    }

    /// Lays the table out at the cursor, starting a page when fewer than three rows
    /// would fit under its header.
    pub fn lay_out(&self, flow: &mut Flow) {
        let geometry = self.geometry();
        flow.ensure(HEADER + 3.0 * ROW);
        self.header(flow, &geometry);
        for (i, row) in self.rows.iter().enumerate() {
            if flow.ensure(ROW) {
                self.header(flow, &geometry);
            }
            if i % 2 == 1 {
                flow.rect(MARGIN, 0.0, CONTENT_WIDTH, ROW, ZEBRA);
            }
            self.cells(flow, &geometry, row, CELL);
            flow.advance(ROW);
        }
        if let Some(total) = &self.total {
            if flow.ensure(ROW + 2.0) {
                self.header(flow, &geometry);
            }
            flow.rule(0.0, INK);
            self.cells(flow, &geometry, total, CELL_BOLD);
            flow.advance(ROW + 2.0);
        }
    }

    fn header(&self, flow: &mut Flow, geometry: &[(f32, f32)]) {
        let titles: Vec<String> = self
            .columns
            .iter()
            .map(|c| c.title.to_uppercase())
            .collect();
        self.cells(flow, geometry, &titles, HEAD);
        flow.rule(HEADER - 3.0, BORDER);
        flow.advance(HEADER);
    }

    fn cells(&self, flow: &mut Flow, geometry: &[(f32, f32)], cells: &[String], style: Style) {
        let metrics = Metrics::get();
        let baseline = ROW / 2.0 + style.size * 0.36;
        for ((column, (x, width)), cell) in self.columns.iter().zip(geometry).zip(cells) {
            let room = width - 2.0 * PAD;
            let text = metrics.fit(cell, style.size, style.bold, room);
            let at = match column.align {
                Align::Left => x + PAD,
                Align::Right => x + width - PAD,
            };
            flow.text(at, baseline, style, column.align, text);
        }
    }
}
