//! The desktop's lead list over the encrypted cache: 100,000 cached leads, the first
//! page of a filtered and full-text-searched list, as the lead table asks for it. Prints
//! the median and the slowest of repeated runs per query (goal: under 50 ms for the
//! first page). No server needed: the leads are applied as pulled pages would be, and
//! the lead index completed as at the end of a pull. `BENCH_LEADS` changes the number of
//! leads.

use brokerdesk_client::cache::{CacheLocation, TenantCache};
use brokerdesk_client::secrets::MemorySecretStore;
use brokerdesk_client::sync::LocalStore;
use brokerdesk_core::ids::{LeadId, TenantId, UserId};
use brokerdesk_core::leads::list::{LeadListQuery, LeadSort};
use brokerdesk_core::leads::{Lead, LeadPreferences, LeadSource, LeadStage};
use brokerdesk_core::sync::pull::{Change, PullPage};
use brokerdesk_core::sync::{Cursor, SyncEntity};
use chrono::DateTime;
use chrono::{Duration, Utc};
use serde_json::value::to_raw_value;
use std::time::Instant;

const PAGE: usize = 5_000;
const RUNS: usize = 25;
const FIRST: &[&str] = &[
    "Ava", "Liam", "Maya", "Noah", "Zoe", "Omar", "Lena", "Ivan", "Rosa", "Kenji", "Amara", "Diego",
];
const LAST: &[&str] = &[
    "Garcia", "Chen", "Novak", "Haddad", "Okafor", "Smith", "Rossi", "Tanaka", "Kowalski",
    "Dubois", "Silva", "Nguyen",
];
const TAGS: &[&str] = &[
    "buyer",
    "seller",
    "waterfront",
    "investor",
    "first-time",
    "relocation",
    "vip",
];
const NOTES: &[&str] = &[
    "Wants a pool and a large garden.",
    "Pre-approved, looking this spring.",
    "Asked about school districts.",
    "Prefers a condo near the station.",
    "",
];

fn lead(n: usize, agents: &[UserId]) -> Lead {
    let now = Utc::now();
    Lead {
        id: LeadId::new(),
        name: format!(
            "{} {} {n}",
            FIRST[n % FIRST.len()],
            LAST[(n / 7) % LAST.len()]
        ),
        emails: vec![format!("lead{n}@example.test")],
        phones: vec![format!("+1415{:07}", 5_550_000 + n % 1_000_000)],
        source: LeadSource::ALL[n % LeadSource::ALL.len()],
        source_detail: None,
        stage: LeadStage::ALL[n % LeadStage::ALL.len()],
        assigned_agent: Some(agents[n % agents.len()]),
        budget_min: None,
        budget_max: None,
        preferences: LeadPreferences::default(),
        tags: vec![
            TAGS[n % TAGS.len()].to_owned(),
            TAGS[(n / 3) % TAGS.len()].to_owned(),
        ],
        notes: NOTES[n % NOTES.len()].to_owned(),
        time_zone: None,
        created_at: now - Duration::minutes(n as i64),
        updated_at: now - Duration::seconds((n * 37 % 100_000) as i64),
        last_activity_at: None,
        version: 1 + (n / PAGE) as i64,
    }
}

fn median_and_max(mut samples: Vec<f64>) -> (f64, f64) {
    samples.sort_by(f64::total_cmp);
    (samples[samples.len() / 2], samples[samples.len() - 1])
}

#[tokio::main]
async fn main() {
    let count: usize = std::env::var("BENCH_LEADS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(100_000);
    let dir = tempfile::tempdir().expect("temp dir");
    let secrets = MemorySecretStore::default();
    let location = CacheLocation::new(dir.path(), "http://bench.invalid", TenantId::new());
    let cache = TenantCache::open(location, &secrets)
        .await
        .expect("cache opens");
    let store = LocalStore::new(cache.pool().clone());
    let agents: Vec<UserId> = (0..8).map(|_| UserId::new()).collect();

    let loading = Instant::now();
    let now = Utc::now();
    for start in (0..count).step_by(PAGE) {
        let changes: Vec<Change> = (start..(start + PAGE).min(count))
            .map(|n| {
                let lead = lead(n, &agents);
                Change {
                    entity: SyncEntity::Lead,
                    id: lead.id.to_string(),
                    version: lead.version,
                    data: Some(to_raw_value(&lead).expect("a lead serialises")),
                }
            })
            .collect();
        let next = changes
            .last()
            .map(Change::cursor)
            .unwrap_or_else(Cursor::start);
        let page = PullPage {
            changes,
            next,
            has_more: true,
            clock: 0,
            // As on the first page of a pull, which says how much is coming.
            remaining: (start == 0).then_some(count as u64),
            tenant: None,
        };
        store.apply_page(&page).await.expect("page applies");
    }
    store.pull_ended().await.expect("the index completes");
    let secs = loading.elapsed().as_secs_f64();
    println!(
        "lead list: {count} leads applied to the encrypted cache (with the list index) in {secs:.1} s, {:.0} rows/s",
        count as f64 / secs
    );

    let query = |stage: Option<LeadStage>, tag: Option<&str>, q: Option<&str>, sort: LeadSort| {
        LeadListQuery {
            stage,
            tag: tag.map(str::to_owned),
            q: q.map(str::to_owned),
            sort,
            limit: Some(50),
            ..LeadListQuery::default()
        }
    };
    let since = |ago: Duration| -> Option<DateTime<Utc>> { Some(now - ago) };
    let garcia = query(None, None, Some("garcia"), LeadSort::UpdatedDesc);
    let second_page = LeadListQuery {
        after: store
            .lead_page(&garcia)
            .await
            .expect("the list reads")
            .next_cursor,
        ..garcia.clone()
    };
    let cases = [
        (
            "stage + name search (\"garcia\"), newest first",
            query(
                Some(LeadStage::Qualified),
                None,
                Some("garcia"),
                LeadSort::UpdatedDesc,
            ),
        ),
        (
            "tag + notes search (\"pool\"), by name",
            query(None, Some("waterfront"), Some("pool"), LeadSort::NameAsc),
        ),
        (
            "phone digits (\"555 0199\")",
            query(None, None, Some("555 0199"), LeadSort::UpdatedDesc),
        ),
        (
            "rare email (\"lead99999@\")",
            query(None, None, Some("lead99999@"), LeadSort::UpdatedDesc),
        ),
        (
            "no match (\"zzzzqx\")",
            query(
                Some(LeadStage::Lost),
                None,
                Some("zzzzqx"),
                LeadSort::CreatedDesc,
            ),
        ),
        (
            "two letters (\"ro\", scanned), by name",
            query(None, None, Some("ro"), LeadSort::NameAsc),
        ),
        (
            "no filter, newest first",
            query(None, None, None, LeadSort::UpdatedDesc),
        ),
        (
            "agent + name search (\"chen\"), newest first",
            LeadListQuery {
                agent: Some(agents[3]),
                ..query(None, None, Some("chen"), LeadSort::UpdatedDesc)
            },
        ),
        (
            "created in the last 7 days + name search (\"garcia\"), newest first",
            LeadListQuery {
                created_from: since(Duration::days(7)),
                ..garcia.clone()
            },
        ),
        (
            "updated in the last 2 hours + notes search (\"pool\"), by name",
            LeadListQuery {
                updated_from: since(Duration::hours(2)),
                ..query(None, None, Some("pool"), LeadSort::NameAsc)
            },
        ),
        (
            "name search (\"garcia\"), oldest first",
            query(None, None, Some("garcia"), LeadSort::CreatedAsc),
        ),
        (
            "tag search (\"investor\"), newest created first",
            query(None, None, Some("investor"), LeadSort::CreatedDesc),
        ),
        (
            "stage + source + name search (\"smith\"), by name",
            LeadListQuery {
                source: Some(LeadSource::Chatbot),
                ..query(
                    Some(LeadStage::Contacted),
                    None,
                    Some("smith"),
                    LeadSort::NameAsc,
                )
            },
        ),
        (
            "stage + agent, no search, newest first",
            LeadListQuery {
                agent: Some(agents[5]),
                ..query(Some(LeadStage::Nurture), None, None, LeadSort::UpdatedDesc)
            },
        ),
        ("second page of \"garcia\", newest first", second_page),
    ];
    for (name, query) in cases {
        let mut samples = Vec::with_capacity(RUNS);
        let mut found = 0;
        for _ in 0..RUNS {
            let started = Instant::now();
            let page = store.lead_page(&query).await.expect("the list reads");
            samples.push(started.elapsed().as_secs_f64() * 1000.0);
            found = page.leads.len();
        }
        let (median, max) = median_and_max(samples);
        println!(
            "first page, {name}: {found} leads, median {median:.1} ms, slowest {max:.1} ms (goal: < 50 ms)"
        );
    }
    cache.close().await;
}
