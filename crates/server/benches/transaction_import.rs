//! The Dotloop CSV import through the API, on real PostgreSQL as the API role: a
//! 50,000-loop export (every fixed column, the property, financial and date sections,
//! and a custom one) previewed, applied to an empty brokerage, then applied again (all
//! unchanged). Prints each step's time and the apply rate in rows per second (goal:
//! at least 20,000). Needs `BROKERDESK_TEST_DATABASE_URL`; `BENCH_LOOPS` changes the
//! number of loops.

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

#[tokio::main]
async fn main() {
    let loops: usize = std::env::var("BENCH_LOOPS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(50_000);
    let app = TestApp::spawn().await;
    let owner = app.register("bench").await;
    app.set_plan("bench", "enterprise").await;
    let csv = export(loops);
    println!(
        "transaction import: {loops} loops, {:.1} MB of CSV",
        csv.len() as f64 / 1e6
    );

    let (preview, body) = post(&app, "import/preview", &owner.access_token, &csv).await;
    assert_eq!(body["created"].as_u64(), Some(loops as u64));
    println!("preview (empty brokerage): {preview:.2} s");
    let (apply, body) = post(&app, "import", &owner.access_token, &csv).await;
    assert_eq!(body["created"].as_u64(), Some(loops as u64));
    println!(
        "apply: {apply:.2} s, {:.0} rows/s (goal ≥ 20,000)",
        loops as f64 / apply
    );
    let (preview_again, _) = post(&app, "import/preview", &owner.access_token, &csv).await;
    println!("preview (all {loops} stored): {preview_again:.2} s");
    let (again, body) = post(&app, "import", &owner.access_token, &csv).await;
    assert_eq!(body["unchanged"].as_u64(), Some(loops as u64));
    println!(
        "apply again (nothing changes): {again:.2} s, {:.0} rows/s",
        loops as f64 / again
    );
}
