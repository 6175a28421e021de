//! The transaction list judges deals in SQL over its index (status group, agent and
//! office, worst data quality first); core's rules are the reference. A few hundred
//! generated deals (every status group, archived loops either side of the day, a
//! brokerage's own mapping, MLS numbers spelt two ways on open and closed loops,
//! participants matched by email, by name, by neither, or sharing a name on the roster,
//! money that does and does not add up) are pulled into a real SQLCipher cache, and
//! every list must hold exactly the deals, in exactly the order, core's rules give.

use brokerdesk_client::cache::{CacheLocation, TenantCache};
use brokerdesk_client::secrets::MemorySecretStore;
use brokerdesk_client::sync::LocalStore;
use brokerdesk_client::transactions::query::{
    TransactionListQuery, TransactionRowPage, TransactionSort,
};
use brokerdesk_client::transactions::screens::transaction_rows;
use brokerdesk_core::ids::{RosterAgentId, TenantId, TransactionId};
use brokerdesk_core::roster::{NewRosterAgent, RosterAgent};
use brokerdesk_core::settings::TenantSettings;
use brokerdesk_core::sync::SyncEntity;
use brokerdesk_core::sync::pull::{Change, PullPage};
use brokerdesk_core::transactions::agents::RosterIndex;
use brokerdesk_core::transactions::health::{
    HealthContext, OpenLoopsByMls, loop_health, quality_score,
};
use brokerdesk_core::transactions::status::{StatusGroup, StatusMapping};
use brokerdesk_core::transactions::{Participant, Transaction, TransactionFields};
use chrono::{NaiveDate, Utc};
use rust_decimal::Decimal;
use serde::Serialize;
use serde_json::value::to_raw_value;
use std::collections::BTreeMap;

const DEALS: usize = 400;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 11, 1).unwrap()
}

/// A small deterministic generator, so a failure can be replayed.
struct Picker(u64);

impl Picker {
    fn pick<T: Clone>(&mut self, items: &[T]) -> T {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        items[(self.0 >> 33) as usize % items.len()].clone()
    }
}

fn agent(name: &str, email: &str, office: &str) -> RosterAgent {
    NewRosterAgent {
        name: name.into(),
        email: email.into(),
        member_id: None,
        office: Some(office.into()),
        team: None,
        anniversary: None,
    }
    .into_agent(RosterAgentId::new(), Utc::now())
    .unwrap()
}

fn roster() -> Vec<RosterAgent> {
    vec![
        agent("Alice Agent", "alice@acme.test", "Downtown"),
        agent("Bob Broker", "bob@acme.test", "Uptown"),
        agent("Pat Lee", "pat1@acme.test", "Downtown"),
        agent("Pat Lee", "pat2@acme.test", "Uptown"),
        agent("Kim O'Neil", "Kim@Acme.test", " uptown"),
    ]
}

/// The brokerage's own mapping: DONE counts as cancelled, a status with a quote as
/// pending; ODD_ONE stays unmapped (active).
fn mapping() -> StatusMapping {
    let mut mapping = StatusMapping::default();
    mapping.groups.insert("DONE".into(), StatusGroup::Cancelled);
    mapping
        .groups
        .insert("O'QUOTE".into(), StatusGroup::Pending);
    mapping
}

fn person(name: &str, email: Option<&str>, role: Option<&str>) -> Participant {
    Participant {
        name: name.into(),
        email: email.map(str::to_owned),
        role: role.map(str::to_owned),
    }
}

fn money(text: &str) -> Option<Decimal> {
    Some(text.parse().unwrap())
}

fn generated(n: usize, picker: &mut Picker) -> TransactionFields {
    let pool = [
        person("A. Agent", Some(" ALICE@acme.test"), Some("LISTING_AGENT")),
        person("Broker, Bob", None, Some("BUYING_AGENT")),
        person("Bob Broker", Some("alice@acme.test"), None),
        person("Pat Lee", None, None),
        person("Pat Lee", Some("pat2@acme.test"), Some("BUYING_AGENT")),
        person("O'Neil, Kim", Some("kim@elsewhere.test"), None),
        person(
            "Olga Other",
            Some("olga@elsewhere.test"),
            Some("BUYING_AGENT"),
        ),
        person("Alice Agent", None, Some("SELLER")),
        person("", None, None),
    ];
    let count = picker.pick(&[0, 1, 1, 2, 3]);
    let participants = (0..count).map(|_| picker.pick(&pool)).collect();
    let (buy, sell) = picker.pick(&[
        (None, None),
        (money("50"), money("50")),
        (money("60"), money("50")),
        (money("1.25"), money("1.25")),
    ]);
    let referral = picker.pick(&[
        (None, None),
        (money("5"), None),
        (money("5"), Some("Zillow")),
    ]);
    TransactionFields {
        loop_view_id: Some(format!("{}", 70_000_000 + n)),
        name: format!("Deal {n:03}"),
        status: picker
            .pick(&[
                None,
                Some("ACTIVE_LISTING"),
                Some("UNDER_CONTRACT"),
                Some("SOLD"),
                Some("ARCHIVED"),
                Some("WITHDRAWN"),
                Some("ODD_ONE"),
                Some("O'QUOTE"),
                Some("DONE"),
            ])
            .map(str::to_owned),
        closing_date: picker.pick(&[
            None,
            NaiveDate::from_ymd_opt(2025, 10, 1),
            Some(today()),
            NaiveDate::from_ymd_opt(2025, 12, 15),
        ]),
        mls_number: picker
            .pick(&[
                None,
                Some("ME-1"),
                Some(" me-1"),
                Some("ME-2"),
                Some("me-2 "),
                Some("ME-3"),
            ])
            .map(str::to_owned),
        transaction_type: picker
            .pick(&[
                None,
                Some("PURCHASE_OFFER"),
                Some("OTHER"),
                Some("LISTING_FOR_SALE"),
            ])
            .map(str::to_owned),
        sale_price: picker.pick(&[None, money("0"), money("400000")]),
        commission_rate: picker.pick(&[None, money("2.5"), money("3000")]),
        commission_total: picker.pick(&[None, money("10000"), money("12000")]),
        buy_side_split_percent: buy,
        sell_side_split_percent: sell,
        buy_side_split_amount: picker.pick(&[None, money("5000")]),
        sell_side_split_amount: picker.pick(&[None, money("5000")]),
        referral_percent: referral.0,
        referral_source: referral.1.map(str::to_owned),
        participants,
        ..Default::default()
    }
}

fn change<T: Serialize>(entity: SyncEntity, id: String, record: &T) -> Change {
    Change {
        entity,
        id,
        version: 1,
        data: Some(to_raw_value(record).unwrap()),
    }
}

async fn list(store: &LocalStore, query: TransactionListQuery) -> TransactionRowPage {
    let query = TransactionListQuery {
        limit: Some(1_000),
        ..query
    };
    transaction_rows(store, &query, today()).await.unwrap()
}

fn ids(page: &TransactionRowPage) -> Vec<String> {
    page.rows.iter().map(|r| r.id.to_string()).collect()
}

#[tokio::test]
async fn every_list_holds_the_deals_and_the_order_cores_rules_give() {
    let dir = tempfile::tempdir().unwrap();
    let secrets = MemorySecretStore::default();
    let tenant = TenantId::new();
    let location = CacheLocation::new(dir.path(), "http://rules.test", tenant);
    let cache = TenantCache::open(location, &secrets).await.unwrap();
    let store = LocalStore::new(cache.pool().clone());

    let roster = roster();
    let settings = TenantSettings {
        transaction_status_groups: mapping(),
        ..Default::default()
    };
    let mut picker = Picker(12);
    let deals: Vec<Transaction> = (0..DEALS)
        .map(|n| Transaction {
            id: TransactionId::new(),
            fields: generated(n, &mut picker),
            created_at: Utc::now(),
            updated_at: Utc::now(),
            version: 1,
        })
        .collect();
    let mut changes = vec![change(SyncEntity::Settings, tenant.to_string(), &settings)];
    changes.extend(
        roster
            .iter()
            .map(|a| change(SyncEntity::RosterAgent, a.id.to_string(), a)),
    );
    changes.extend(
        deals
            .iter()
            .map(|d| change(SyncEntity::Transaction, d.id.to_string(), d)),
    );
    // As the first page of an initial sync: the sort indexes are made at the pull's end.
    let page = PullPage {
        next: changes.last().unwrap().cursor(),
        clock: 1,
        changes,
        has_more: false,
        remaining: Some(5_000),
        tenant: None,
    };
    store.apply_page(&page).await.unwrap();
    assert_eq!(sort_indexes(&store).await, 0, "being built");
    lists_follow_cores_rules(&store, &deals, &roster).await;
    store.pull_ended().await.unwrap();
    assert_eq!(sort_indexes(&store).await, 6, "made at the pull's end");
    lists_follow_cores_rules(&store, &deals, &roster).await;
    cache.close().await;
}

async fn sort_indexes(store: &LocalStore) -> i64 {
    sqlx::query_scalar(
        "select count(*) from sqlite_master
          where type = 'index' and tbl_name = 'transaction_index' and sql is not null",
    )
    .fetch_one(store.pool())
    .await
    .unwrap()
}

async fn lists_follow_cores_rules(
    store: &LocalStore,
    deals: &[Transaction],
    roster: &[RosterAgent],
) {
    // Core's answers.
    let mapping = mapping();
    let index = RosterIndex::new(roster);
    let open_by_mls = OpenLoopsByMls::new(deals.iter().map(|d| &d.fields), &mapping, today());
    let context = HealthContext {
        today: today(),
        mapping: &mapping,
        roster: &index,
        open_by_mls: &open_by_mls,
    };
    let score: BTreeMap<String, u8> = deals
        .iter()
        .map(|d| {
            let score = quality_score(&loop_health(&d.fields, &context));
            (d.id.to_string(), score)
        })
        .collect();
    let group =
        |d: &Transaction| mapping.group(d.fields.status.as_deref(), d.fields.closing_date, today());
    let agents_of = |d: &Transaction| -> Vec<RosterAgentId> {
        index.match_agents(&d.fields).agent_ids().collect()
    };
    let worst_first = |pass: &dyn Fn(&Transaction) -> bool| {
        let mut expected: Vec<(u8, String)> = deals
            .iter()
            .filter(|d| pass(d))
            .map(|d| (score[&d.id.to_string()], d.id.to_string()))
            .collect();
        expected.sort();
        expected.into_iter().map(|(_, id)| id).collect::<Vec<_>>()
    };
    let distinct: std::collections::BTreeSet<u8> = score.values().copied().collect();
    assert!(
        distinct.len() >= 6,
        "the deals spread over scores: {distinct:?}"
    );

    let quality = |query: TransactionListQuery| TransactionListQuery {
        sort: TransactionSort::QualityAsc,
        ..query
    };
    let whole = list(store, quality(TransactionListQuery::default())).await;
    assert_eq!(ids(&whole), worst_first(&|_| true));
    for row in &whole.rows {
        assert_eq!(
            row.quality_score,
            score[&row.id.to_string()],
            "{}",
            row.name
        );
    }

    for wanted in [
        StatusGroup::Active,
        StatusGroup::Pending,
        StatusGroup::Closed,
        StatusGroup::Cancelled,
    ] {
        let page = list(
            store,
            quality(TransactionListQuery {
                status_group: Some(wanted),
                ..Default::default()
            }),
        )
        .await;
        let expected = worst_first(&|d| group(d) == wanted);
        assert!(!expected.is_empty(), "{wanted:?}");
        assert_eq!(ids(&page), expected, "{wanted:?}");
        assert_eq!(page.total as usize, expected.len());
    }

    for agent in roster {
        let page = list(
            store,
            quality(TransactionListQuery {
                agent: Some(agent.id),
                ..Default::default()
            }),
        )
        .await;
        let expected = worst_first(&|d| agents_of(d).contains(&agent.id));
        assert_eq!(ids(&page), expected, "{} <{}>", agent.name, agent.email);
    }
    let some_agents: usize = roster
        .iter()
        .filter(|a| deals.iter().any(|d| agents_of(d).contains(&a.id)))
        .count();
    assert_eq!(
        some_agents, 4,
        "every agent but the shared name's second holder"
    );

    for office in ["uptown", "Downtown ", " ", "Nowhere"] {
        let in_office = |id: RosterAgentId| {
            let agent = roster.iter().find(|a| a.id == id).unwrap();
            let wanted = office.trim();
            wanted.is_empty()
                || agent
                    .office
                    .as_deref()
                    .is_some_and(|o| o.trim().eq_ignore_ascii_case(wanted))
        };
        let page = list(
            store,
            TransactionListQuery {
                office: Some(office.into()),
                status_group: Some(StatusGroup::Active),
                sort: TransactionSort::NameAsc,
                ..Default::default()
            },
        )
        .await;
        let mut expected: Vec<(String, String)> = deals
            .iter()
            .filter(|d| group(d) == StatusGroup::Active)
            .filter(|d| agents_of(d).into_iter().any(in_office))
            .map(|d| (d.fields.name.to_lowercase(), d.id.to_string()))
            .collect();
        expected.sort();
        let expected: Vec<String> = expected.into_iter().map(|(_, id)| id).collect();
        assert_eq!(ids(&page), expected, "office {office:?}");
    }
}
