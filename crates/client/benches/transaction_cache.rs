//! The desktop's transactions over the encrypted cache, with no server: a Dotloop export
//! of 50,000 loops (the golden fixture's columns, its first loop repeated under new loop
//! view ids) previewed against an empty cache, queued as creates in one transaction,
//! then previewed again over the 50,000 cached deals (all unchanged), and a window of
//! the list read with and without filters. Prints medians. `BENCH_LOOPS` changes the
//! number of loops.

use brokerdesk_client::cache::{CacheLocation, TenantCache};
use brokerdesk_client::secrets::MemorySecretStore;
use brokerdesk_client::sync::LocalStore;
use brokerdesk_client::transactions::import::{apply_dotloop_import, preview_dotloop_import};
use brokerdesk_client::transactions::query::{TransactionListQuery, TransactionSort};
use brokerdesk_client::transactions::screens::transaction_rows;
use brokerdesk_core::ids::TenantId;
use brokerdesk_core::transactions::status::StatusGroup;
use chrono::Utc;
use std::time::Instant;

const GOLDEN: &str = include_str!("../../core/tests/data/dotloop/export.csv");
const RUNS: usize = 5;

/// An export of `loops` loops: the golden header, and its first loop (a multi-line
/// remark included) under loop view ids and names of its own.
fn export(loops: usize) -> Vec<u8> {
    let header_end = GOLDEN.find('\n').expect("a header line") + 1;
    let second_loop = GOLDEN[header_end..]
        .find("\n34523402,")
        .expect("the second loop")
        + header_end
        + 1;
    let (header, first) = (&GOLDEN[..header_end], &GOLDEN[header_end..second_loop]);
    let mut file = String::with_capacity(header.len() + loops * first.len());
    file.push_str(header);
    for n in 0..loops {
        let id = 40_000_000 + n;
        file.push_str(
            &first
                .replacen("34523401", &id.to_string(), 1)
                .replace("12 Harbor Rd", &format!("{n} Harbor Rd")),
        );
    }
    file.into_bytes()
}

fn median(mut samples: Vec<f64>) -> f64 {
    samples.sort_by(f64::total_cmp);
    samples[samples.len() / 2]
}

#[tokio::main]
async fn main() {
    let loops: usize = std::env::var("BENCH_LOOPS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(50_000);
    let dir = tempfile::tempdir().unwrap();
    let secrets = MemorySecretStore::default();
    let tenant = TenantId::new();
    let location = CacheLocation::new(dir.path(), "http://bench.test", tenant);
    let cache = TenantCache::open(location, &secrets).await.unwrap();
    let store = LocalStore::new(cache.pool().clone());
    let file = export(loops);
    println!("{loops} loops, {:.1} MB", file.len() as f64 / 1e6);

    let mut samples = Vec::new();
    for _ in 0..RUNS {
        let started = Instant::now();
        let preview = preview_dotloop_import(&store, file.clone()).await.unwrap();
        samples.push(started.elapsed().as_secs_f64());
        assert_eq!(preview.created as usize, loops);
    }
    println!(
        "preview over an empty cache: median {:.2} s (goal: < 2 s)",
        median(samples)
    );

    let started = Instant::now();
    let result = apply_dotloop_import(&store, tenant, file.clone(), |_| {})
        .await
        .unwrap();
    let took = started.elapsed().as_secs_f64();
    assert_eq!(result.created as usize, loops);
    println!(
        "queued {loops} creates (preview included) in {took:.2} s: {:.0} loops/s",
        loops as f64 / took
    );

    let started = Instant::now();
    let again = preview_dotloop_import(&store, file.clone()).await.unwrap();
    assert_eq!(again.unchanged as usize, loops);
    println!(
        "preview over {loops} cached deals, all unchanged: {:.2} s",
        started.elapsed().as_secs_f64()
    );

    let today = Utc::now().date_naive();
    let cases = [
        (
            "no filter, latest closing first",
            TransactionListQuery::default(),
        ),
        (
            "closed + search \"4999\", by name",
            TransactionListQuery {
                status_group: Some(StatusGroup::Closed),
                q: Some("4999".into()),
                sort: TransactionSort::NameAsc,
                ..Default::default()
            },
        ),
        (
            "worst data quality first",
            TransactionListQuery {
                sort: TransactionSort::QualityAsc,
                ..Default::default()
            },
        ),
    ];
    for (name, query) in cases {
        let mut samples = Vec::new();
        let mut total = 0;
        for _ in 0..RUNS {
            let started = Instant::now();
            total = transaction_rows(&store, &query, today).await.unwrap().total;
            samples.push(started.elapsed().as_secs_f64() * 1000.0);
        }
        println!(
            "list window, {name}: {total} match, median {:.0} ms",
            median(samples)
        );
    }
    cache.close().await;
}
