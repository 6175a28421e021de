//! Blocks the two documents share: the title block, section headings and the row of
//! key figures.

use super::layout::{Align, CONTENT_WIDTH, Flow, MARGIN, Style};
use crate::font::Metrics;
use crate::palette::{ACCENT_WASH, INK, MUTED, TEXT};

/// The document's title and the line under it saying what it covers.
pub fn title(flow: &mut Flow, title: &str, subtitle: &str) {
    flow.text(
        MARGIN,
        20.0,
        Style::new(20.0, true, INK),
        Align::Left,
        title,
    );
    flow.advance(30.0);
    flow.paragraph(subtitle, Style::new(10.0, false, MUTED), CONTENT_WIDTH);
    flow.advance(8.0);
}

/// A section heading, kept on the page with at least `keep` points of what follows.
pub fn section(flow: &mut Flow, heading: &str, note: Option<&str>, keep: f32) {
    flow.advance(10.0);
    let height = 22.0 + if note.is_some() { 14.0 } else { 0.0 };
    flow.ensure(height + keep);
    flow.text(
        MARGIN,
        13.0,
        Style::new(12.5, true, INK),
        Align::Left,
        heading,
    );
    flow.advance(20.0);
    if let Some(note) = note {
        flow.paragraph(note, Style::new(8.0, false, MUTED), CONTENT_WIDTH);
        flow.advance(2.0);
    }
}

/// One key figure: what it is, its value, and a line of comparison.
pub struct Figure {
    pub label: String,
    pub value: String,
    pub detail: String,
}

const CARD_HEIGHT: f32 = 50.0;
const GAP: f32 = 8.0;

/// Key figures as cards, `per_row` to a row.
pub fn figures(flow: &mut Flow, figures: &[Figure], per_row: usize) {
    let width = (CONTENT_WIDTH - GAP * (per_row as f32 - 1.0)) / per_row as f32;
    let metrics = Metrics::get();
    for row in figures.chunks(per_row) {
        flow.ensure(CARD_HEIGHT + GAP);
        for (i, figure) in row.iter().enumerate() {
            let x = MARGIN + i as f32 * (width + GAP);
            let room = width - 16.0;
            flow.rect(x, 0.0, width, CARD_HEIGHT, ACCENT_WASH);
            let label = metrics.fit(&figure.label.to_uppercase(), 6.8, true, room);
            flow.text(
                x + 8.0,
                13.0,
                Style::new(6.8, true, MUTED),
                Align::Left,
                label,
            );
            // The value shrinks rather than being cut: a figure must be read whole.
            let mut size: f32 = 13.0;
            while size > 8.0 && metrics.width(&figure.value, size, true) > room {
                size -= 0.5;
            }
            flow.text(
                x + 8.0,
                30.0,
                Style::new(size, true, INK),
                Align::Left,
                figure.value.clone(),
            );
            let detail = metrics.fit(&figure.detail, 7.2, false, room);
            flow.text(
                x + 8.0,
                43.0,
                Style::new(7.2, false, TEXT),
                Align::Left,
                detail,
            );
        }
        flow.advance(CARD_HEIGHT + GAP);
    }
}
