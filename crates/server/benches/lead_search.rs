//! The API's lead list over 100,000 leads of one tenant in real PostgreSQL: the first
//! page of searched and filtered lists through the list code itself, as the API role
//! (row-level security on). Prints the median and slowest of repeated runs per query,
//! and each query's plan under EXPLAIN ANALYZE, with the indexes and without them (index
//! and bitmap scans switched off: every row read, as the search did before its trigram
//! index). Needs `BROKERDESK_TEST_DATABASE_URL`; `BENCH_LEADS` changes the number.

use brokerdesk_core::leads::LeadStage;
use brokerdesk_core::leads::list::{LeadListQuery, LeadSort};
use brokerdesk_core::plan::PlanTier;
use brokerdesk_server::leads::actor::SystemActor;
use brokerdesk_server::leads::list;
use brokerdesk_server::testing::leads::{explain_list_page, seed_leads};
use brokerdesk_server::testing::{TestDatabase, create_tenant, scope};
use std::time::Instant;

const RUNS: usize = 25;

fn median_and_max(mut samples: Vec<f64>) -> (f64, f64) {
    samples.sort_by(f64::total_cmp);
    (samples[samples.len() / 2], samples[samples.len() - 1])
}

/// The plan's scan nodes and its execution time, one line.
fn summary(plan: &[String]) -> String {
    let nodes: Vec<&str> = plan
        .iter()
        .map(|line| line.trim_start().trim_start_matches("-> "))
        .filter(|line| {
            line.contains(" Scan ") || line.starts_with("Sort ") || line.starts_with("Limit ")
        })
        .map(|line| line.split("  (").next().unwrap_or(line))
        .collect();
    let time = plan
        .iter()
        .find(|line| line.starts_with("Execution Time"))
        .map_or("?", String::as_str);
    format!("{} | {time}", nodes.join(" > "))
}

#[tokio::main]
async fn main() {
    let count: i64 = std::env::var("BENCH_LEADS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(100_000);
    let db = TestDatabase::create().await;
    let database = db.database().await;
    let tenant = create_tenant(&database, "bench").await;
    let admin = db.admin_pool().await;
    let seeding = Instant::now();
    seed_leads(&admin, tenant, count, None)
        .await
        .expect("leads seeded");
    sqlx::query("analyze leads")
        .execute(&admin)
        .await
        .expect("analyze");
    println!(
        "lead search: {count} leads seeded and analysed in {:.1} s",
        seeding.elapsed().as_secs_f64()
    );

    let query = |stage: Option<LeadStage>, q: Option<&str>, sort: LeadSort| LeadListQuery {
        stage,
        q: q.map(str::to_owned),
        sort,
        limit: Some(50),
        ..LeadListQuery::default()
    };
    let cases = [
        (
            "name search (\"bulk lead 4242\")",
            query(None, Some("bulk lead 4242"), LeadSort::UpdatedDesc),
        ),
        (
            "rare email (\"bulk99999@\")",
            query(None, Some("bulk99999@"), LeadSort::UpdatedDesc),
        ),
        (
            "phone digits (\"555 0199\")",
            query(None, Some("555 0199"), LeadSort::UpdatedDesc),
        ),
        (
            "stage + search (\"lead 77\"), by name",
            query(
                Some(LeadStage::Qualified),
                Some("lead 77"),
                LeadSort::NameAsc,
            ),
        ),
        (
            "no match (\"zzzzqx\")",
            query(None, Some("zzzzqx"), LeadSort::CreatedDesc),
        ),
        (
            "every lead matches (\"seeded\")",
            query(None, Some("seeded"), LeadSort::UpdatedDesc),
        ),
        (
            "no filter, newest first",
            query(None, None, LeadSort::UpdatedDesc),
        ),
    ];
    for (name, query) in &cases {
        let mut samples = Vec::with_capacity(RUNS);
        let mut found = 0;
        for _ in 0..RUNS {
            let tx = database
                .begin_tenant(scope(tenant))
                .await
                .expect("a transaction");
            let mut actor = SystemActor {
                tx,
                plan: PlanTier::Enterprise,
                name: "system:bench".into(),
            };
            let started = Instant::now();
            let page = list::page(&mut actor, query).await.expect("the list reads");
            samples.push(started.elapsed().as_secs_f64() * 1000.0);
            found = page.leads.len();
        }
        let (median, max) = median_and_max(samples);
        println!("first page, {name}: {found} leads, median {median:.1} ms, slowest {max:.1} ms");
        let indexed = explain_list_page(&database, tenant, query, true)
            .await
            .expect("explain");
        let scanned = explain_list_page(&database, tenant, query, false)
            .await
            .expect("explain");
        println!("  with indexes:    {}", summary(&indexed));
        println!("  without indexes: {}", summary(&scanned));
    }
    let (name, first) = &cases[0];
    println!("\nthe whole plan of \"{name}\":");
    for line in explain_list_page(&database, tenant, first, true)
        .await
        .expect("explain")
    {
        println!("  {line}");
    }
}
