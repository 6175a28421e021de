//! The offline lead list answers exactly as core's rule, whichever way in it takes:
//! through the full-text index (a rare term), by walking a sort order (a term in most
//! leads), or by scanning while the index is still being built. Real SQLCipher, no
//! server: leads are applied as pulled pages are.

use brokerdesk_client::cache::{CacheLocation, TenantCache};
use brokerdesk_client::secrets::MemorySecretStore;
use brokerdesk_client::sync::LocalStore;
use brokerdesk_core::ids::{LeadId, TenantId, UserId};
use brokerdesk_core::leads::list::{LeadListQuery, LeadSort};
use brokerdesk_core::leads::{Lead, LeadChanges, LeadPreferences, LeadSource, LeadStage};
use brokerdesk_core::sync::SyncEntity;
use brokerdesk_core::sync::pull::{Change, PullPage};
use chrono::{DateTime, Duration, SecondsFormat, TimeZone, Utc};
use serde_json::value::to_raw_value;
use std::collections::BTreeSet;

/// More leads than the full-text index hands to the list for sorting, so a term in all of
/// them ("example", in every email) is answered by walking the sort order.
const LEADS: usize = 7_000;

const NAMES: &[&str] = &[
    "Ann Lee",
    "Bo Garcia",
    "Émile Zola",
    "Maya Chen",
    "Noé Ruiz",
];
const TAGS: &[&str] = &["Buyer", "seller", "Waterfront", "VIP"];

fn lead(n: usize, agents: &[UserId], epoch: DateTime<Utc>) -> Lead {
    Lead {
        id: LeadId::new(),
        name: format!("{} {n}", NAMES[n % NAMES.len()]),
        emails: vec![format!("lead{n}@example.test")],
        phones: vec![format!("+1415{:07}", 5_550_000 + n)],
        source: LeadSource::ALL[n % LeadSource::ALL.len()],
        source_detail: None,
        stage: LeadStage::ALL[n % LeadStage::ALL.len()],
        assigned_agent: (!n.is_multiple_of(4)).then(|| agents[n % agents.len()]),
        budget_min: None,
        budget_max: None,
        preferences: LeadPreferences::default(),
        tags: vec![TAGS[n % TAGS.len()].to_owned()],
        notes: if n.is_multiple_of(3) {
            "Wants a pool.".into()
        } else {
            String::new()
        },
        time_zone: None,
        // Several leads share a millisecond, so ties are broken by id.
        created_at: epoch + Duration::microseconds((n * 250) as i64),
        updated_at: epoch + Duration::seconds(((n * 7919) % LEADS) as i64),
        // Every fifth lead has had no conversation or call.
        last_activity_at: (!n.is_multiple_of(5)).then(|| epoch + Duration::seconds(n as i64)),
        version: 1,
    }
}

/// Every lead a query lists, following its cursors; each page checked to be in order.
async fn all_pages(store: &LocalStore, mut query: LeadListQuery) -> Vec<Lead> {
    let mut leads = Vec::new();
    loop {
        let page = store.lead_page(&query).await.unwrap();
        leads.extend(page.leads);
        match page.next_cursor {
            Some(next) => query.after = Some(next),
            None => return leads,
        }
    }
}

/// The key the list orders by, as the cache keeps it (timestamps to the millisecond).
fn sort_key(lead: &Lead, sort: LeadSort) -> String {
    let ms = |at: DateTime<Utc>| at.to_rfc3339_opts(SecondsFormat::Millis, true);
    match sort {
        LeadSort::UpdatedDesc => ms(lead.updated_at),
        LeadSort::CreatedDesc | LeadSort::CreatedAsc => ms(lead.created_at),
        LeadSort::NameAsc => lead.name.to_lowercase(),
    }
}

/// What the list must answer: the leads core's rule accepts, in the query's order.
fn expected(leads: &[Lead], query: &LeadListQuery) -> Vec<LeadId> {
    let mut matching: Vec<&Lead> = leads.iter().filter(|l| query.matches(l)).collect();
    matching.sort_by_key(|l| (sort_key(l, query.sort), l.id));
    if matches!(query.sort, LeadSort::UpdatedDesc | LeadSort::CreatedDesc) {
        matching.reverse();
    }
    matching.into_iter().map(|l| l.id).collect()
}

fn queries(agents: &[UserId], epoch: DateTime<Utc>) -> Vec<LeadListQuery> {
    let q = |text: &str, sort: LeadSort| LeadListQuery {
        q: Some(text.into()),
        sort,
        limit: Some(97),
        ..LeadListQuery::default()
    };
    vec![
        // A term in every lead: the sort-order walk.
        q("example", LeadSort::UpdatedDesc),
        LeadListQuery {
            stage: Some(LeadStage::Qualified),
            agent: Some(agents[1]),
            ..q("EXAMPLE.test", LeadSort::NameAsc)
        },
        LeadListQuery {
            tag: Some("waterfront".into()),
            created_from: Some(epoch + Duration::milliseconds(300)),
            created_to: Some(epoch + Duration::milliseconds(900)),
            ..q("example", LeadSort::CreatedAsc)
        },
        LeadListQuery {
            source: Some(LeadSource::Chatbot),
            updated_from: Some(epoch + Duration::seconds(100)),
            updated_to: Some(epoch + Duration::seconds(4_000)),
            ..q("lead", LeadSort::CreatedDesc)
        },
        LeadListQuery {
            activity_from: Some(epoch + Duration::seconds(1_000)),
            activity_to: Some(epoch + Duration::seconds(2_500)),
            ..q("example", LeadSort::UpdatedDesc)
        },
        LeadListQuery {
            activity_to: Some(epoch + Duration::seconds(40)),
            sort: LeadSort::NameAsc,
            ..LeadListQuery::default()
        },
        // Rare terms: the full-text index.
        q("garcia 12", LeadSort::NameAsc),
        q("lead6999@", LeadSort::UpdatedDesc),
        q("(415) 555-1234", LeadSort::CreatedAsc),
        LeadListQuery {
            stage: Some(LeadStage::New),
            ..q("pool", LeadSort::UpdatedDesc)
        },
        // Non-ASCII case folding, quotes, and a match spanning the name and the email
        // (as on the server, whose index holds core's search text too).
        q("ÉMILE zola 4", LeadSort::NameAsc),
        q("noé", LeadSort::CreatedDesc),
        q("\"quoted\" OR *", LeadSort::NameAsc),
        q("12 lead12", LeadSort::NameAsc),
        // Too short for trigrams, and no search at all.
        q("ru", LeadSort::NameAsc),
        LeadListQuery {
            tag: Some("vip".into()),
            sort: LeadSort::UpdatedDesc,
            limit: Some(500),
            ..LeadListQuery::default()
        },
        LeadListQuery {
            agent: Some(agents[2]),
            stage: Some(LeadStage::Lost),
            ..LeadListQuery::default()
        },
    ]
}

async fn check_every_query(
    store: &LocalStore,
    leads: &[Lead],
    agents: &[UserId],
    epoch: DateTime<Utc>,
    when: &str,
) {
    for query in queries(agents, epoch) {
        let listed: Vec<LeadId> = all_pages(store, query.clone())
            .await
            .iter()
            .map(|l| l.id)
            .collect();
        let unique: BTreeSet<LeadId> = listed.iter().copied().collect();
        assert_eq!(
            unique.len(),
            listed.len(),
            "{when}: a lead listed twice for {query:?}"
        );
        assert_eq!(listed, expected(leads, &query), "{when}: {query:?}");
    }
}

#[tokio::test]
async fn every_way_into_the_list_answers_like_the_rule_in_core() {
    let dir = tempfile::tempdir().unwrap();
    let secrets = MemorySecretStore::default();
    let location = CacheLocation::new(dir.path(), "http://list.test", TenantId::new());
    let cache = TenantCache::open(location, &secrets).await.unwrap();
    let store = LocalStore::new(cache.pool().clone());
    let agents: Vec<UserId> = (0..3).map(|_| UserId::new()).collect();
    let epoch = Utc.with_ymd_and_hms(2026, 11, 1, 9, 0, 0).unwrap();
    let mut leads: Vec<Lead> = (0..LEADS).map(|n| lead(n, &agents, epoch)).collect();
    for (number, chunk) in leads.chunks(1_000).enumerate() {
        let changes: Vec<Change> = chunk
            .iter()
            .map(|l| Change {
                entity: SyncEntity::Lead,
                id: l.id.to_string(),
                version: 1,
                data: Some(to_raw_value(l).unwrap()),
            })
            .collect();
        let page = PullPage {
            next: changes.last().unwrap().cursor(),
            changes,
            has_more: true,
            clock: 1,
            remaining: (number == 0).then_some(LEADS as u64),
            tenant: None,
        };
        store.apply_page(&page).await.unwrap();
    }
    // Mid-pull, the index is being built: the list scans, and is right all the same.
    check_every_query(&store, &leads, &agents, epoch, "while building").await;

    store.pull_ended().await.unwrap();
    // Pending local edits count: a changed lead is listed as it now reads, a deleted one
    // is not, and one created here is.
    let edited = leads[10].id;
    let changed = store
        .update_lead(
            edited,
            LeadChanges {
                name: Some("Zed Edited".into()),
                stage: Some(LeadStage::Qualified),
                ..LeadChanges::default()
            },
        )
        .await
        .unwrap();
    leads[10] = changed;
    store.delete_lead(leads[11].id).await.unwrap();
    leads.remove(11);
    let created = store
        .create_lead(LeadChanges {
            name: Some("Cora Created".into()),
            emails: Some(vec!["cora@example.test".into()]),
            ..LeadChanges::default()
        })
        .await
        .unwrap();
    leads.push(created);
    check_every_query(&store, &leads, &agents, epoch, "complete").await;
    cache.close().await;
}
