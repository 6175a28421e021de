//! The desktop's lead list over the encrypted cache: the first page (50 leads) of
//! 100,000 cached leads, unfiltered, filtered (stage + agent + tag) and full-text
//! searched (name, email, phone digits), as the lead table asks for it. Prints the
//! median and the slowest of `BENCH_RUNS` runs per query; the goal is under 50 ms.
//! No server is needed: the leads are applied to a real SQLCipher cache as pulled pages.

use brokerdesk_client::cache::{CacheLocation, TenantCache};
use brokerdesk_client::secrets::MemorySecretStore;
use brokerdesk_client::sync::LocalStore;
use brokerdesk_core::ids::{LeadId, TenantId, UserId};
use brokerdesk_core::lead::{Lead, LeadChanges, LeadSource, LeadStage};
use brokerdesk_core::lead_list::{LeadListQuery, LeadSort};
use brokerdesk_core::sync::pull::{Change, PullPage};
use brokerdesk_core::sync::{Cursor, SyncEntity};
use chrono::{Duration, Utc};
use serde_json::value::to_raw_value;
use std::time::Instant;

const PAGE: usize = 5_000;
const AGENTS: usize = 20;
const TAGS: [&str; 6] = ["downtown", "investor", "first-time", "relocation", "luxury", "condo"];

#[tokio::main]
async fn main() {
    let leads: usize = env_or("BENCH_LEADS", 100_000);
    let runs: usize = env_or("BENCH_RUNS", 25);
    let dir = tempfile::tempdir().expect("a temporary folder");
    let location = CacheLocation::new(dir.path(), "http://bench.invalid", TenantId::new());
    let cache = TenantCache::open(location, &MemorySecretStore::default())
        .await
        .expect("the cache opens");
    let store = LocalStore::new(cache.pool().clone());
    let agents: Vec<UserId> = (0..AGENTS).map(|_| UserId::new()).collect();

    let loading = Instant::now();
    fill(&store, leads, &agents).await;
    eprintln!("cached {leads} leads in {:.1?}", loading.elapsed());

    let queries = [
        ("first page, no filter", LeadListQuery::default()),
        (
            "stage + agent + tag",
            LeadListQuery {
                stage: Some(LeadStage::Qualified),
                agent: Some(agents[3]),
                tag: Some("investor".into()),
                ..LeadListQuery::default()
            },
        ),
        ("search a name (\"harper\")", search("harper")),
        ("search an email fragment", search("ple.com")),
        ("search phone digits (\"555 01\")", search("555 01")),
        (
            "search + stage, by name",
            LeadListQuery {
                stage: Some(LeadStage::New),
                sort: LeadSort::NameAsc,
                ..search("lee")
            },
        ),
    ];
    println!("lead list over {leads} cached leads, first page, {runs} runs each:");
    for (name, query) in queries {
        let mut times = Vec::with_capacity(runs);
        let mut found = 0;
        for _ in 0..runs {
            let started = Instant::now();
            let page = store.lead_page(&query).await.expect("the query runs");
            times.push(started.elapsed());
            found = page.leads.len();
        }
        times.sort();
        println!(
            "  {name:<34} median {:>7.2} ms   max {:>7.2} ms   ({found} leads on the page)",
            times[runs / 2].as_secs_f64() * 1e3,
            times[runs - 1].as_secs_f64() * 1e3,
        );
    }
    cache.close().await;
}

fn env_or(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(default)
}

fn search(text: &str) -> LeadListQuery {
    LeadListQuery {
        q: Some(text.into()),
        ..LeadListQuery::default()
    }
}

/// Applies `count` varied leads as pulled pages, the way a first sync fills the cache.
async fn fill(store: &LocalStore, count: usize, agents: &[UserId]) {
    const FIRST: [&str; 8] = ["Ann", "Bo", "Cy", "Dana", "Eli", "Harper", "Kai", "Lee"];
    const LAST: [&str; 8] = ["Lee", "Diaz", "Park", "Nguyen", "Okafor", "Smith", "Rossi", "Kim"];
    let now = Utc::now();
    for (page_number, start) in (0..count).step_by(PAGE).enumerate() {
        let mut changes = Vec::with_capacity(PAGE);
        for i in start..(start + PAGE).min(count) {
            let name = format!("{} {} {i}", FIRST[i % 8], LAST[(i / 8) % 8]);
            let create = LeadChanges {
                name: Some(name),
                emails: Some(vec![format!("lead{i}@example.com")]),
                phones: Some(vec![format!("+1415{:07}", 5_550_000 + i % 10_000)]),
                tags: Some(vec![TAGS[i % TAGS.len()].into(), TAGS[(i / 7) % TAGS.len()].into()]),
                notes: Some(format!("Met at open house {}", i % 500)),
                ..LeadChanges::default()
            };
            let mut lead = Lead::create(LeadId::new(), &create, now - Duration::minutes(i as i64))
                .expect("a valid lead");
            lead.stage = LeadStage::ALL[i % LeadStage::ALL.len()];
            lead.source = LeadSource::ALL[i % LeadSource::ALL.len()];
            lead.assigned_agent = Some(agents[i % agents.len()]);
            lead.version = i as i64 + 1;
            changes.push(Change {
                entity: SyncEntity::Lead,
                id: lead.id.to_string(),
                version: lead.version,
                data: Some(to_raw_value(&lead).expect("a lead serialises")),
            });
        }
        let next = changes.last().map_or_else(Cursor::start, Change::cursor);
        let page = PullPage {
            changes,
            next,
            has_more: true,
            clock: count as i64,
            remaining: None,
            tenant: None,
        };
        store.apply_page(&page).await.expect("the page applies");
        if page_number % 5 == 0 {
            eprint!(".");
        }
    }
    eprintln!();
}
