//! The Dotloop import preview of a 50,000-loop export: decode, parse, merge duplicates,
//! read every value and plan every row against 25,000 loops already stored (half of
//! them changed since). Goal: under 2 s median. Run with
//! `cargo bench -p brokerdesk-core --bench dotloop_preview`.

use brokerdesk_core::ids::TransactionId;
use brokerdesk_core::transactions::Transaction;
use brokerdesk_core::transactions::csv_import::parse_export;
use brokerdesk_core::transactions::preview::{by_loop_view, plan_import};
use chrono::Utc;
use std::time::{Duration, Instant};

const LOOPS: usize = 50_000;
const RUNS: usize = 5;

const HEADER: &str = "Loop View,Loop ID,Loop Name,Loop Status,Compliance Status,Tags,Created Date,Closing Date,Expiration Date,Listing Date,Joined Date,Offer Date,Address,Price,Created By,Created By Admin,Agents,Property Address / Street Number,Property Address / Street Name,Property Address / City,Property Address / State/Prov,Property Address / Zip/Postal Code,Property Address / MLS Number,Financials / Purchase/Sale Price,Financials / Sale Commission Rate,Financials / Sale Commission Split % - Buy Side,Financials / Sale Commission Split % - Sell Side,Financials / Sale Commission Total,Financials / Earnest Money Amount,Contract Dates / Contract Agreement Date,Contract Dates / Closing Date,Listing Information / Remarks,Referral / Referral %,Lead Source / Lead Source";

const STATUSES: &[&str] = &[
    "Active Listing",
    "Under Contract",
    "Sold",
    "Archived",
    "No Status",
];
const RATES: &[&str] = &["3", "2.5%", "n/a", "300000"];
const PRICES: &[&str] = &["\"$667,900.00\"", "599900", "110000.0", "TBD"];

fn export(loops: usize, price_bump: usize) -> Vec<u8> {
    let mut text = String::from("\u{FEFF}");
    text.push_str(HEADER);
    text.push_str("\r\n");
    for i in 0..loops {
        let status = STATUSES[i % STATUSES.len()];
        let rate = RATES[i % RATES.len()];
        let price = if i < price_bump {
            "\"$700,000.00\""
        } else {
            PRICES[i % PRICES.len()]
        };
        text.push_str(&format!(
            "{view},{id},\"{n} Harbor Rd, Portland\",{status},Approved,Buyer|Referral,2025-08-14,2025-10-30,,,2025-08-14,6/30/25,{n} Harbor Rd,0,Alice Agent,No,\"Agent, Alice\",{n},Harbor Rd,Portland,ME,04101,ME-{n},{price},{rate},50,50%,\"20,037.00\",.00,10/01/2025,\"March 05, 2025\",\"Sunny, quiet.\nSeller says \"\"as is\"\".\",,Zillow\r\n",
            view = 34_000_000 + i,
            id = 9_000_000 + i,
            n = i % 9_999 + 1,
        ));
    }
    text.into_bytes()
}

/// CPU time this thread has used, from /proc (Linux; clock ticks of 10 ms). On a
/// machine shared with other work the wall time overstates the cost, so both are shown.
fn thread_cpu_time() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/thread-self/stat").ok()?;
    // Fields after the command name (which may hold spaces) start at state, field 3.
    let after_name = &stat[stat.rfind(')')? + 2..];
    let fields: Vec<&str> = after_name.split_whitespace().collect();
    let ticks: u64 = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
    Some(Duration::from_millis(ticks * 10))
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn main() {
    // What the store holds: the first half of the same export, imported before the
    // price of the first 12,500 loops changed.
    let before = parse_export(&export(LOOPS / 2, 0)).expect("the generated export parses");
    let stored: Vec<Transaction> = plan_import(&before, |_| None)
        .writes
        .into_iter()
        .map(|w| Transaction {
            id: TransactionId::new(),
            fields: w.fields,
            created_at: Utc::now(),
            updated_at: Utc::now(),
            version: 1,
        })
        .collect();
    let index = by_loop_view(&stored);
    let file = export(LOOPS, LOOPS / 4);
    let mut times = Vec::new();
    let mut cpu_times = Vec::new();
    let mut counts = (0, 0, 0, 0);
    for _ in 0..RUNS {
        let cpu_before = thread_cpu_time();
        let started = Instant::now();
        let parsed = parse_export(&file).expect("the generated export parses");
        let plan = plan_import(&parsed, |id| index.get(id).copied());
        times.push(started.elapsed());
        if let (Some(before), Some(after)) = (cpu_before, thread_cpu_time()) {
            cpu_times.push(after - before);
        }
        let p = &plan.preview;
        counts = (p.created, p.updated, p.unchanged, p.findings);
    }
    assert_eq!((counts.0, counts.1, counts.2), (25_000, 12_500, 12_500));
    println!(
        "dotloop preview: {LOOPS} loops ({:.1} MB), {} created, {} updated, {} unchanged, {} findings",
        file.len() as f64 / 1e6,
        counts.0,
        counts.1,
        counts.2,
        counts.3
    );
    let ms = |d: &Duration| format!("{:.0} ms", d.as_secs_f64() * 1e3);
    println!("wall: {:?}", times.iter().map(ms).collect::<Vec<_>>());
    println!("CPU:  {:?}", cpu_times.iter().map(ms).collect::<Vec<_>>());
    println!("median: {} wall (goal: under 2000 ms)", ms(&median(times)));
    if cpu_times.len() == RUNS {
        println!("median CPU time: {}", ms(&median(cpu_times)));
    }
}
