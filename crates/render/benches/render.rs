//! Rendering figures for the annual report of 200 agents and 50,000 transactions over
//! 2024 and 2025 (the engine's payout lines and core's reports are made once, outside
//! the timings): each chart as SVG and as PNG, and the whole annual PDF. Prints the
//! median of several runs; the PDF's goal is under a second.
//!
//! `cargo bench --bench render`

#[path = "../tests/support/mod.rs"]
mod support;

use std::time::{Duration, Instant};

use brokerdesk_render::chart::{
    CapProgressChart, Chart, CumulativeVolumeChart, LeaderboardChart, MonthlyGciChart,
    PipelineChart, png, svg,
};
use brokerdesk_render::pdf::production_report;
use support::{synced_at, synthetic};

const RUNS: usize = 9;

fn median<T>(what: &str, mut step: impl FnMut() -> T) -> T {
    let mut times = Vec::with_capacity(RUNS);
    let mut last = None;
    for _ in 0..RUNS {
        let started = Instant::now();
        last = Some(std::hint::black_box(step()));
        times.push(started.elapsed());
    }
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "{what:<44} median {:>8.2} ms  (min {:>8.2}, max {:>8.2})",
        ms(times[RUNS / 2]),
        ms(times[0]),
        ms(times[RUNS - 1])
    );
    last.expect("at least one run")
}

fn both(name: &str, chart: &impl Chart) {
    let svg = median(&format!("{name}: SVG"), || svg(chart).expect("SVG"));
    let png = median(&format!("{name}: PNG at 2x"), || {
        png(chart, 2.0).expect("PNG")
    });
    println!(
        "{:<44} {} bytes of SVG, {} bytes of PNG",
        "",
        svg.len(),
        png.len()
    );
}

fn main() {
    let started = Instant::now();
    let book = synthetic(200, 50_000);
    let figures = book.figures();
    let pipeline = book.pipeline();
    println!(
        "200 agents, {} deals, {} payout lines (made in {:.1} s); load {}",
        book.deals.len(),
        book.lines.len(),
        started.elapsed().as_secs_f64(),
        std::fs::read_to_string("/proc/loadavg")
            .unwrap_or_default()
            .trim()
    );
    median("annual figures (core reports, for scale)", || {
        book.figures()
    });
    both(
        "monthly GCI",
        &MonthlyGciChart {
            data: &figures.monthly,
        },
    );
    both(
        "cumulative volume",
        &CumulativeVolumeChart {
            data: &figures.monthly,
        },
    );
    both(
        "leaderboard (top 12)",
        &LeaderboardChart {
            rows: &figures.by_agent.rows,
            period: "2025",
            top: 12,
        },
    );
    both(
        "pipeline",
        &PipelineChart {
            groups: &pipeline,
            scope: "All transactions",
        },
    );
    both(
        "cap progress (top 12)",
        &CapProgressChart {
            progress: &figures.cap,
            names: &figures.names,
            top: 12,
        },
    );
    let input = figures.input("Summit Homes", synced_at(), &pipeline);
    let pdf = median("annual PDF (goal < 1000 ms)", || {
        production_report(&input).expect("PDF")
    });
    println!("{:<44} {} bytes", "", pdf.len());
}
