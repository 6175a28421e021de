//! The pipeline by status group: GCI in each group (expected for active and pending
//! deals, earned for closed, lost for cancelled), in the app's status colours.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use rust_decimal::prelude::ToPrimitive;

use brokerdesk_core::transactions::status::StatusGroup;

use super::axes::column_axes;
use super::data::PipelineGroup;
use super::frame::{DrawResult, Px, Swatch, frame, value_label};
use super::{Chart, WIDTH};
use crate::format::{compact, count};
use crate::palette::{ACCENT, INK, MUTED, NEGATIVE, PENDING, POSITIVE};

pub struct PipelineChart<'a> {
    pub groups: &'a [PipelineGroup],
    /// What the figures cover, for the subtitle ("Transactions as of Dec 2, 2026").
    pub scope: &'a str,
}

pub(crate) fn group_name(group: StatusGroup) -> &'static str {
    match group {
        StatusGroup::Active => "Active",
        StatusGroup::Pending => "Pending",
        StatusGroup::Closed => "Closed",
        StatusGroup::Cancelled => "Cancelled",
    }
}

fn colour(group: StatusGroup) -> RGBColor {
    match group {
        StatusGroup::Active => ACCENT,
        StatusGroup::Pending => PENDING,
        StatusGroup::Closed => POSITIVE,
        StatusGroup::Cancelled => NEGATIVE,
    }
}

impl Chart for PipelineChart<'_> {
    fn size(&self) -> (u32, u32) {
        (WIDTH, 400)
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>, px: Px) -> DrawResult<DB> {
        let legend: Vec<(Swatch, String)> = self
            .groups
            .iter()
            .map(|g| {
                let deals = if g.deals == 1 { "deal" } else { "deals" };
                (
                    Swatch::Bar(colour(g.group)),
                    format!("{} · {} {deals}", group_name(g.group), count(g.deals)),
                )
            })
            .collect();
        let plot = frame(root, px, "Pipeline by status", self.scope, &legend)?;
        let gci: Vec<f64> = self
            .groups
            .iter()
            .map(|g| g.gci.to_f64().unwrap_or(0.0))
            .collect();
        let top = gci.iter().copied().fold(0.0, f64::max);
        let names: Vec<String> = self
            .groups
            .iter()
            .map(|g| group_name(g.group).to_owned())
            .collect();
        let mut chart = column_axes(&plot, px, &names, px.text(14.0, INK), top)?;
        chart.draw_series(self.groups.iter().zip(&gci).enumerate().map(|(i, (g, v))| {
            Rectangle::new(
                [(i as f64 + 0.22, 0.0), (i as f64 + 0.78, *v)],
                colour(g.group).filled(),
            )
        }))?;
        for (i, (g, v)) in self.groups.iter().zip(&gci).enumerate() {
            let at = (i as f64 + 0.5, *v);
            let above = Pos::new(HPos::Center, VPos::Bottom);
            value_label(
                &mut chart,
                at,
                (0, -px.i(24.0)),
                compact(*v),
                px.bold(14.0, INK).pos(above),
            )?;
            let what = match g.group {
                StatusGroup::Active | StatusGroup::Pending => "expected",
                StatusGroup::Closed => "earned",
                StatusGroup::Cancelled => "lost",
            };
            value_label(
                &mut chart,
                at,
                (0, -px.i(8.0)),
                what.to_owned(),
                px.text(12.0, MUTED).pos(above),
            )?;
        }
        Ok(())
    }
}
