//! The Dotloop CSV import through the API, on real PostgreSQL as the API role: a
//! 50,000-loop export (every fixed column, the property, financial and date sections,
//! and a custom one) previewed, applied to an empty brokerage, then applied again (all
//! unchanged). Prints the median of each step over `BENCH_RUNS` runs (3), each in a
//! brokerage of its own, and the apply rate in rows per second, beside the goals (a
//! preview under 2 s, an apply at 20,000 rows/s or more). Needs
//! `BROKERDESK_TEST_DATABASE_URL`; `BENCH_LOOPS` changes the number of loops.

use brokerdesk_server::testing::TestApp;
use reqwest::StatusCode;
use serde_json::Value;
use std::fmt::Write;
use std::time::Instant;

const HEADER: &str = "Loop View,Loop ID,Loop Name,Loop Status,Compliance Status,Tags,Created Date,Closing Date,Agents,\
Property Address / Street Number,Property Address / Street Name,Property Address / City,Property Address / State/Prov,\
Property Address / Zip/Postal Code,Property Address / MLS Number,Financials / Purchase/Sale Price,\
Financials / Sale Commission Rate,Financials / Sale Commission Total,Financials / Sale Commission Split % - Buy Side,\
Financials / Sale Commission Split % - Sell Side,Contract Dates / Contract Agreement Date,Lead Source / Lead Source\n";

const STATUSES: [&str; 4] = ["Active Listing", "Under Contract", "Sold", "Archived"];

fn export(loops: usize) -> String {
    let mut csv = String::with_capacity(loops * 300);
    csv.push_str(HEADER);
    for i in 0..loops {
        let price = 200_000 + (i % 900) * 1_000;
        writeln!(
            csv,
            "{view},{id},\"{n} Harbor Rd, Portland\",{status},Approved,Buyer|Referral,2025-08-14,10/{day}/2025,\"Agent {a}\",\
             {n},Harbor Rd,Portland,ME,0{zip},ME-{view},\"${price},000.00\",3,\"{total}.00\",50,50%,10/01/2025,Zillow",
            view = 10_000_000 + i,
            id = 500_000 + i,
            n = i % 997 + 1,
            status = STATUSES[i % STATUSES.len()],
            day = i % 28 + 1,
            a = i % 40,
            zip = 4_000 + i % 900,
            price = price / 1_000,
            total = price * 3 / 100,
        )
        .unwrap();
    }
    csv
}

async fn post(app: &TestApp, route: &str, token: &str, csv: &str) -> (f64, Value) {
    let started = Instant::now();
    let response = app
        .post_csv(&format!("/v1/transactions/{route}"), token, csv.as_bytes())
        .await;
    assert_eq!(
        response.status,
        StatusCode::OK,
        "{route}: {:?}",
        response.body
    );
    (started.elapsed().as_secs_f64(), response.body)
}

fn median(mut samples: Vec<f64>) -> f64 {
    samples.sort_by(f64::total_cmp);
    samples[samples.len() / 2]
}

#[tokio::main]
async fn main() {
    let number = |name: &str, default: usize| {
        std::env::var(name)
            .ok()
            .and_then(|n| n.parse().ok())
            .unwrap_or(default)
    };
    let loops: usize = number("BENCH_LOOPS", 50_000);
    let runs: usize = number("BENCH_RUNS", 3).max(1);
    let app = TestApp::spawn().await;
    let csv = export(loops);
    println!(
        "transaction import: {loops} loops, {:.1} MB of CSV, medians of {runs} runs (a brokerage of its own each)",
        csv.len() as f64 / 1e6
    );
    let (mut previews, mut applies, mut previews_again, mut applies_again) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for run in 0..runs {
        let name = format!("bench{run}");
        let owner = app.register(&name).await;
        app.set_plan(&name, "enterprise").await;
        let token = &owner.access_token;
        let (preview, body) = post(&app, "import/preview", token, &csv).await;
        assert_eq!(body["created"].as_u64(), Some(loops as u64));
        previews.push(preview);
        let (apply, body) = post(&app, "import", token, &csv).await;
        assert_eq!(body["created"].as_u64(), Some(loops as u64));
        applies.push(apply);
        let (preview_again, body) = post(&app, "import/preview", token, &csv).await;
        assert_eq!(body["unchanged"].as_u64(), Some(loops as u64));
        previews_again.push(preview_again);
        let (again, body) = post(&app, "import", token, &csv).await;
        assert_eq!(body["unchanged"].as_u64(), Some(loops as u64));
        applies_again.push(again);
        eprintln!(
            "run {run}: preview {preview:.2} s, apply {apply:.2} s, preview again {preview_again:.2} s, apply again {again:.2} s"
        );
    }
    println!(
        "preview (empty brokerage): median {:.2} s (goal: < 2 s)",
        median(previews)
    );
    let apply = median(applies);
    println!(
        "apply: median {apply:.2} s, {:.0} rows/s (goal: >= 20,000 rows/s)",
        loops as f64 / apply
    );
    println!(
        "preview (all {loops} stored): median {:.2} s (goal: < 2 s)",
        median(previews_again)
    );
    let again = median(applies_again);
    println!(
        "apply again (nothing changes): median {again:.2} s, {:.0} rows/s",
        loops as f64 / again
    );
}
