//! The Reports page's five charts, drawn by brokerdesk-render: SVG for the window and
//! PNG for export, from the same figures the table shows.

use brokerdesk_core::commissions::reports::production::DateBasis;
use brokerdesk_render::RenderError;
use brokerdesk_render::chart::{
    CapProgressChart, Chart, CumulativeVolumeChart, LeaderboardChart, MonthlyGciChart,
    PipelineChart, png, svg,
};
use brokerdesk_render::format::date;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::figures::ReportFigures;

/// How many agents the leaderboard and the cap chart show.
const CHART_AGENTS: usize = 12;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum ChartId {
    MonthlyGci,
    CumulativeVolume,
    Leaderboard,
    Pipeline,
    CapProgress,
}

impl ChartId {
    pub const ALL: [ChartId; 5] = [
        ChartId::MonthlyGci,
        ChartId::CumulativeVolume,
        ChartId::Leaderboard,
        ChartId::Pipeline,
        ChartId::CapProgress,
    ];

    /// The file name an exported PNG gets.
    pub fn slug(self) -> &'static str {
        match self {
            ChartId::MonthlyGci => "monthly-gci",
            ChartId::CumulativeVolume => "cumulative-volume",
            ChartId::Leaderboard => "leaderboard",
            ChartId::Pipeline => "pipeline",
            ChartId::CapProgress => "cap-progress",
        }
    }
}

/// One chart for the window.
#[derive(Clone, Debug, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ChartSvg {
    pub id: ChartId,
    pub svg: String,
}

/// What a chart is drawn into: SVG text or PNG bytes.
trait Target {
    type Out;
    fn render(&self, chart: &impl Chart) -> Result<Self::Out, RenderError>;
}

struct Svg;
struct Png;

impl Target for Svg {
    type Out = String;
    fn render(&self, chart: &impl Chart) -> Result<String, RenderError> {
        svg(chart)
    }
}

impl Target for Png {
    type Out = Vec<u8>;
    fn render(&self, chart: &impl Chart) -> Result<Vec<u8>, RenderError> {
        png(chart, 2.0)
    }
}

fn draw<T: Target>(figures: &ReportFigures, id: ChartId, to: T) -> Result<T::Out, RenderError> {
    let period = figures.request.query.period;
    let basis = match figures.request.query.basis {
        DateBasis::Closed => "closed",
        DateBasis::Written => "written",
    };
    match id {
        ChartId::MonthlyGci => to.render(&MonthlyGciChart {
            data: &figures.monthly,
        }),
        ChartId::CumulativeVolume => to.render(&CumulativeVolumeChart {
            data: &figures.monthly,
        }),
        ChartId::Leaderboard => to.render(&LeaderboardChart {
            rows: &figures.by_agent.rows,
            period: &format!("{} – {}, {basis}", date(period.from), date(period.to)),
            top: CHART_AGENTS,
        }),
        ChartId::Pipeline => to.render(&PipelineChart {
            groups: &figures.pipeline,
            scope: "Every deal in this computer's copy",
        }),
        ChartId::CapProgress => to.render(&CapProgressChart {
            progress: &figures.cap,
            names: &figures.names,
            top: CHART_AGENTS,
        }),
    }
}

/// Every chart as SVG, in the page's order.
pub fn chart_svgs(figures: &ReportFigures) -> Result<Vec<ChartSvg>, RenderError> {
    ChartId::ALL
        .iter()
        .map(|&id| {
            Ok(ChartSvg {
                id,
                svg: draw(figures, id, Svg)?,
            })
        })
        .collect()
}

/// One chart as a PNG at twice its size, for print and high-density screens.
pub fn chart_png(figures: &ReportFigures, id: ChartId) -> Result<Vec<u8>, RenderError> {
    draw(figures, id, Png)
}
