//! The five charts over the hand-worked Harbor Realty book: as SVG they carry their
//! currency tick labels, legends and the embedded font's family; as PNG they decode
//! to twice their size, are drawn (not blank) in the app's colours, and are the same
//! bytes every time. Each PNG is saved under target/screenshots/render-*.png.

mod support;

use brokerdesk_render::chart::{
    CapProgressChart, Chart, CumulativeVolumeChart, LeaderboardChart, MonthlyGciChart,
    PipelineChart, png, svg,
};
use brokerdesk_render::palette::{ACCENT, POSITIVE};
use support::harbor;

/// The text of every `<text>` element, in document order.
fn texts(svg: &str) -> Vec<String> {
    svg.split("<text")
        .skip(1)
        .filter_map(|t| {
            let body = &t[t.find('>')? + 1..];
            Some(body[..body.find("</text>")?].trim().to_owned())
        })
        .collect()
}

/// Checks an SVG chart's title, legend and currency ticks, and its PNG; saves the PNG.
fn check(name: &str, chart: &impl Chart, legend: &[&str], ticks: &[&str]) {
    let svg = svg(chart).expect("the SVG renders");
    let labels = texts(&svg);
    for expected in legend.iter().chain(ticks) {
        assert!(
            labels.iter().any(|l| l == expected),
            "{name}: no {expected:?} among {labels:?}"
        );
    }
    assert!(
        svg.contains("font-family=\"'Liberation Sans', Arimo, Arial"),
        "{name}: the SVG names the embedded font first"
    );

    let bytes = png(chart, 2.0).expect("the PNG renders");
    let decoder = png::Decoder::new(std::io::Cursor::new(&bytes));
    let mut reader = decoder.read_info().expect("a PNG");
    let mut pixels = vec![0; reader.output_buffer_size().expect("a size")];
    let frame = reader.next_frame(&mut pixels).expect("one frame");
    let (w, h) = chart.size();
    assert_eq!(
        (frame.width, frame.height),
        (w * 2, h * 2),
        "{name}: twice the size"
    );
    let rgb = &pixels[..frame.buffer_size()];
    let inked = rgb.chunks(3).filter(|p| p != &[255, 255, 255]).count();
    let share = inked as f64 / (frame.width * frame.height) as f64;
    assert!(share > 0.03, "{name}: only {share:.3} of the PNG is drawn");
    std::fs::write(
        support::files::screenshots().join(format!("render-{name}.png")),
        &bytes,
    )
    .expect("save the screenshot");
    assert_eq!(
        png(chart, 2.0).unwrap(),
        bytes,
        "{name}: the PNG is deterministic"
    );
}

fn has_colour(bytes: &[u8], colour: plotters::style::RGBColor) -> bool {
    let mut reader = png::Decoder::new(std::io::Cursor::new(bytes))
        .read_info()
        .unwrap();
    let mut pixels = vec![0; reader.output_buffer_size().unwrap()];
    reader.next_frame(&mut pixels).unwrap();
    pixels
        .chunks(3)
        .any(|p| p == [colour.0, colour.1, colour.2])
}

#[test]
fn the_monthly_and_cumulative_charts_compare_the_two_years() {
    let book = harbor();
    let figures = book.figures();
    assert_eq!(figures.monthly.months_elapsed, 12);
    let monthly = MonthlyGciChart {
        data: &figures.monthly,
    };
    // The highest month is February 2025's 20,000 GCI: the axis runs past it in 5K steps.
    check(
        "monthly-gci",
        &monthly,
        &[
            "GCI 2025",
            "GCI 2024",
            "Company dollar 2025",
            "Company dollar 2024",
            "Jan",
            "Dec",
        ],
        &["$0", "$5K", "$10K", "$20K"],
    );
    let bytes = png(&monthly, 2.0).unwrap();
    assert!(
        has_colour(&bytes, ACCENT),
        "this year's bars are in the accent"
    );

    // 2025 sums to 1,650,000 of volume; 2024 to 750,000.
    let cumulative = CumulativeVolumeChart {
        data: &figures.monthly,
    };
    check(
        "cumulative-volume",
        &cumulative,
        &["Volume 2025", "Volume 2024", "$1.65M", "$750K"],
        &["$0", "$500K", "$1M", "$1.5M"],
    );
}

#[test]
fn the_leaderboard_ranks_agents_by_gci() {
    let book = harbor();
    let figures = book.figures();
    let chart = LeaderboardChart {
        rows: &figures.by_agent.rows,
        period: "2025",
        top: 10,
    };
    // Ben 10,000 + 12,000 = 22,000; Ann 10,000 (her pending deal is not production);
    // Eve 7,500.25.
    check(
        "leaderboard",
        &chart,
        &[
            "GCI, 2025",
            "1. Ben Brooks",
            "2. Ann Archer",
            "$22K",
            "$10K",
            "$7.5K",
        ],
        &["$0", "$5K", "$15K"],
    );
    let svg = svg(&chart).unwrap();
    assert!(
        texts(&svg).iter().any(|t| t.starts_with("3. =cmd")),
        "Eve is third"
    );
}

#[test]
fn the_pipeline_and_cap_charts_show_groups_and_caps() {
    let book = harbor();
    let groups = book.pipeline();
    let chart = PipelineChart {
        groups: &groups,
        scope: "All transactions as synced",
    };
    // Pending: the 30,000 deal; closed: 9,000 + 13,500 + 20,000 + 7,500.25 + 12,000.
    check(
        "pipeline",
        &chart,
        &[
            "Active · 0 deals",
            "Pending · 1 deal",
            "Closed · 5 deals",
            "$30K",
            "$62K",
        ],
        &["$0", "$20K", "$60K"],
    );
    let bytes = png(&chart, 2.0).unwrap();
    assert!(
        has_colour(&bytes, POSITIVE),
        "closed deals are in the positive colour"
    );

    let figures = book.figures();
    let cap = CapProgressChart {
        progress: &figures.cap,
        names: &figures.names,
        top: 10,
    };
    // Ben has counted 3,000 + 3,600 of 10,000; Ann 3,000 and is projected to cap on
    // the pending deal on Dec 20.
    check(
        "cap-progress",
        &cap,
        &[
            "Counted toward cap",
            "Left to cap",
            "$7K left, projected Dec 20",
            "$3.4K left of $10K",
        ],
        &["$0", "$10K"],
    );
}
