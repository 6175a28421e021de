//! Cap progress: each agent's bar to their cap (the track is the cap, the fill what has
//! counted this cap year), the agents closest to capping first.

use std::collections::HashMap;

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

use brokerdesk_core::commissions::reports::cap_progress::CapProgress;
use brokerdesk_core::ids::RosterAgentId;

use super::axes::row_axes;
use super::frame::{DrawResult, Px, Swatch, frame, value_label};
use super::{Chart, WIDTH};
use crate::format::{compact, date};
use crate::palette::{ACCENT, MUTED, POSITIVE, TEXT, TRACK};

const ROW: u32 = 28;
const CHROME: u32 = 140;

pub struct CapProgressChart<'a> {
    pub progress: &'a [CapProgress],
    pub names: &'a HashMap<RosterAgentId, String>,
    pub top: usize,
}

fn share(p: &CapProgress) -> Decimal {
    if p.cap.is_zero() {
        Decimal::ONE
    } else {
        p.counted / p.cap
    }
}

impl CapProgressChart<'_> {
    fn nearest(&self) -> Vec<&CapProgress> {
        let mut rows: Vec<&CapProgress> = self.progress.iter().collect();
        rows.sort_by(|a, b| {
            share(b)
                .cmp(&share(a))
                .then(a.left_to_cap.cmp(&b.left_to_cap))
        });
        rows.truncate(self.top);
        rows
    }

    fn name(&self, agent: RosterAgentId) -> String {
        self.names
            .get(&agent)
            .cloned()
            .unwrap_or_else(|| agent.to_string())
    }
}

impl Chart for CapProgressChart<'_> {
    fn size(&self) -> (u32, u32) {
        let rows = self.progress.len().min(self.top).max(1) as u32;
        (WIDTH, CHROME + ROW * rows)
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>, px: Px) -> DrawResult<DB> {
        let rows = self.nearest();
        let n = rows.len().max(1);
        let legend = [
            (Swatch::Bar(ACCENT), "Counted toward cap".to_owned()),
            (Swatch::Bar(POSITIVE), "Capped".to_owned()),
            (Swatch::Bar(TRACK), "Left to cap".to_owned()),
        ];
        let subtitle = format!(
            "{} of {} agents with a cap, closest to it first; company dollar this cap year",
            rows.len(),
            self.progress.len()
        );
        let plot = frame(root, px, "Cap progress", &subtitle, &legend)?;
        let names: Vec<String> = rows.iter().map(|p| self.name(p.agent)).collect();
        let f = |v: Decimal| v.to_f64().unwrap_or(0.0);
        let widest = rows
            .iter()
            .map(|p| f(p.cap))
            .fold(0.0, f64::max)
            .max(1_000.0);
        let mut chart = row_axes(root, &plot, px, &names, widest * 1.5)?;
        let row_y = |i: usize| (n - 1 - i) as f64;
        chart.draw_series(rows.iter().enumerate().map(|(i, p)| {
            Rectangle::new(
                [(0.0, row_y(i) + 0.22), (f(p.cap), row_y(i) + 0.78)],
                TRACK.filled(),
            )
        }))?;
        chart.draw_series(rows.iter().enumerate().map(|(i, p)| {
            let fill = if p.capped_on.is_some() {
                POSITIVE
            } else {
                ACCENT
            };
            let end = f(p.counted.min(p.cap));
            Rectangle::new(
                [(0.0, row_y(i) + 0.22), (end, row_y(i) + 0.78)],
                fill.filled(),
            )
        }))?;
        for (i, p) in rows.iter().enumerate() {
            let (text, colour) = match (p.capped_on, p.projected_cap_date) {
                (Some(day), _) => (format!("Capped {}", date(day)), POSITIVE),
                (None, Some(day)) => (
                    format!(
                        "{} left, projected {}",
                        compact(f(p.left_to_cap)),
                        day.format("%b %-d")
                    ),
                    TEXT,
                ),
                (None, None) => (
                    format!(
                        "{} left of {}",
                        compact(f(p.left_to_cap)),
                        compact(f(p.cap))
                    ),
                    MUTED,
                ),
            };
            value_label(
                &mut chart,
                (f(p.cap), row_y(i) + 0.5),
                (px.i(8.0), 0),
                text,
                px.text(12.0, colour)
                    .pos(Pos::new(HPos::Left, VPos::Center)),
            )?;
        }
        Ok(())
    }
}
