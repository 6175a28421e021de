//! Transactions in a real SQLCipher cache, offline: the list's filters (agent and office
//! from the synced roster), an edit checked by core, queued and still there after the
//! cache is reopened, and the Dotloop import: its preview is core's, it queues creates
//! under `TransactionId::for_loop_view`, and importing the file twice queues nothing new;
//! an import or a hand entry past the plan's quota (as last synced) is refused here.

use brokerdesk_client::cache::{CacheLocation, TenantCache};
use brokerdesk_client::secrets::MemorySecretStore;
use brokerdesk_client::sync::LocalStore;
use brokerdesk_client::transactions::import::{apply_dotloop_import, preview_dotloop_import};
use brokerdesk_client::transactions::query::{
    TransactionListQuery, TransactionRowPage, TransactionSort,
};
use brokerdesk_client::transactions::screens::{transaction_detail, transaction_rows};
use brokerdesk_core::identity::TenantSummary;
use brokerdesk_core::ids::{RosterAgentId, TenantId, TransactionId};
use brokerdesk_core::leads::view::EditState;
use brokerdesk_core::plan::PlanTier;
use brokerdesk_core::roster::{NewRosterAgent, RosterAgent};
use brokerdesk_core::sync::pull::{Change, PullPage};
use brokerdesk_core::sync::push::{MutationOp, MutationOutcome, MutationResult};
use brokerdesk_core::sync::{SyncEntity, TenantSnapshot};
use brokerdesk_core::tenant::TenantStatus;
use brokerdesk_core::transactions::csv_import::parse_export;
use brokerdesk_core::transactions::health::HealthCode;
use brokerdesk_core::transactions::preview::{RowAction, plan_import};
use brokerdesk_core::transactions::status::StatusGroup;
use brokerdesk_core::transactions::{
    NewTransaction, Transaction, TransactionChanges, TransactionFields,
};
use brokerdesk_core::usage::{PlanUsage, Usage};
use chrono::{NaiveDate, Utc};
use serde_json::json;
use serde_json::value::to_raw_value;

const GOLDEN: &[u8] = include_bytes!("../../core/tests/data/dotloop/export.csv");

/// The day the fixture is judged on: after its closings, so stale and archived deals
/// are what the golden test says they are.
fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 11, 1).unwrap()
}

fn day(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

struct Cache {
    _dir: tempfile::TempDir,
    secrets: MemorySecretStore,
    location: CacheLocation,
    cache: TenantCache,
    store: LocalStore,
    tenant: TenantId,
}

impl Cache {
    async fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let secrets = MemorySecretStore::default();
        let tenant = TenantId::new();
        let location = CacheLocation::new(dir.path(), "http://deals.test", tenant);
        let cache = TenantCache::open(location.clone(), &secrets).await.unwrap();
        let store = LocalStore::new(cache.pool().clone());
        Self {
            _dir: dir,
            secrets,
            location,
            cache,
            store,
            tenant,
        }
    }

    /// Closes the cache file and opens it again, as the next start of the app does.
    async fn reopen(self) -> Self {
        let Cache {
            _dir,
            secrets,
            location,
            cache,
            tenant,
            ..
        } = self;
        cache.close().await;
        let cache = TenantCache::open(location.clone(), &secrets).await.unwrap();
        let store = LocalStore::new(cache.pool().clone());
        Self {
            _dir,
            secrets,
            location,
            cache,
            store,
            tenant,
        }
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

/// Alice (Downtown) and Bob (Uptown) on the roster, as a pull brings them.
async fn synced_roster(store: &LocalStore) -> (RosterAgent, RosterAgent) {
    let alice = agent("Alice Agent", "alice@acme.test", "Downtown");
    let bob = agent("Bob Broker", "bob@acme.test", "Uptown");
    let changes = [&alice, &bob]
        .iter()
        .map(|a| Change {
            entity: SyncEntity::RosterAgent,
            id: a.id.to_string(),
            version: 1,
            data: Some(to_raw_value(a).unwrap()),
        })
        .collect();
    pulled(store, changes, None).await;
    (alice, bob)
}

/// Applies `changes` as one pulled page, with `tenant` as its tenant snapshot.
async fn pulled(store: &LocalStore, changes: Vec<Change>, tenant: Option<TenantSnapshot>) {
    let page = PullPage {
        next: changes.last().unwrap().cursor(),
        clock: changes.iter().map(|c| c.version).max().unwrap(),
        changes,
        has_more: false,
        remaining: None,
        tenant: tenant.map(|t| to_raw_value(&t).unwrap()),
    };
    store.apply_page(&page).await.unwrap();
}

/// The cache with the roster and the golden export imported.
async fn imported() -> (Cache, RosterAgent, RosterAgent) {
    let cache = Cache::new().await;
    let (alice, bob) = synced_roster(&cache.store).await;
    apply_dotloop_import(&cache.store, cache.tenant, GOLDEN.to_vec(), |_| {})
        .await
        .unwrap();
    (cache, alice, bob)
}

/// The server took every queued edit, as a push's answers say.
async fn all_sent(store: &LocalStore) {
    let answers: Vec<MutationResult> = store
        .pending(1_000)
        .await
        .unwrap()
        .into_iter()
        .map(|m| MutationResult {
            mutation_id: m.mutation_id,
            outcome: MutationOutcome::Applied {
                version: 2,
                conflicts: vec![],
            },
            replayed: false,
        })
        .collect();
    store.acknowledge(&answers).await.unwrap();
}

async fn list(store: &LocalStore, query: TransactionListQuery) -> TransactionRowPage {
    transaction_rows(store, &query, today()).await.unwrap()
}

async fn names(store: &LocalStore, query: TransactionListQuery) -> Vec<String> {
    let query = TransactionListQuery {
        sort: TransactionSort::NameAsc,
        ..query
    };
    list(store, query)
        .await
        .rows
        .into_iter()
        .map(|r| r.name)
        .collect()
}

#[tokio::test]
async fn the_preview_of_the_golden_export_is_cores_and_the_import_queues_creates_by_loop_view() {
    let cache = Cache::new().await;
    let store = &cache.store;
    let preview = preview_dotloop_import(store, GOLDEN.to_vec())
        .await
        .unwrap();
    let core = plan_import(&parse_export(GOLDEN).unwrap(), |_| None).preview;
    assert_eq!(preview, core);
    assert_eq!((preview.created, preview.invalid), (6, 1));
    assert!(
        store.pending(100).await.unwrap().is_empty(),
        "a preview writes nothing"
    );

    let mut reports = Vec::new();
    let result = apply_dotloop_import(store, cache.tenant, GOLDEN.to_vec(), |p| reports.push(p))
        .await
        .unwrap();
    assert_eq!((result.created, result.updated), (6, 0));
    assert_eq!(reports.last().map(|p| (p.done, p.total)), Some((6, 6)));
    let queued = store.pending(100).await.unwrap();
    assert_eq!(queued.len(), 6);
    for (mutation, row) in queued.iter().zip(
        preview
            .rows
            .iter()
            .filter(|r| r.action == RowAction::Create),
    ) {
        let loop_view = row.loop_view_id.as_deref().unwrap();
        assert_eq!(mutation.entity, SyncEntity::Transaction);
        assert_eq!(mutation.op, MutationOp::Create);
        assert_eq!(
            mutation.entity_id,
            TransactionId::for_loop_view(cache.tenant, loop_view).to_string()
        );
        assert_eq!(mutation.changes["loopViewId"], json!(loop_view));
    }
    let harbor = &queued[0].changes;
    assert_eq!(harbor["salePrice"], json!("667900.00"), "money stays text");
    assert_eq!(
        harbor["address"]["postalCode"],
        json!("04101"),
        "ZIP keeps its zero"
    );

    let again = preview_dotloop_import(store, GOLDEN.to_vec())
        .await
        .unwrap();
    assert_eq!((again.created, again.updated, again.unchanged), (0, 0, 6));
    let second = apply_dotloop_import(store, cache.tenant, GOLDEN.to_vec(), |_| {})
        .await
        .unwrap();
    assert_eq!((second.created, second.updated), (0, 0));
    assert_eq!(
        store.pending(100).await.unwrap().len(),
        6,
        "nothing new queued"
    );
    assert_eq!(store.count(SyncEntity::Transaction).await.unwrap(), 6);
}

#[tokio::test]
async fn a_changed_export_queues_only_the_changed_fields() {
    let (cache, ..) = imported().await;
    let store = &cache.store;
    let changed = String::from_utf8(GOLDEN.to_vec())
        .unwrap()
        .replace("77 Ocean Ave,Under Contract", "77 Ocean Ave,Sold");
    let preview = preview_dotloop_import(store, changed.clone().into_bytes())
        .await
        .unwrap();
    assert_eq!((preview.updated, preview.unchanged), (1, 5));
    let before = store.pending(100).await.unwrap().len();
    let result = apply_dotloop_import(store, cache.tenant, changed.into_bytes(), |_| {})
        .await
        .unwrap();
    assert_eq!((result.created, result.updated), (0, 1));
    let queued = store.pending(100).await.unwrap();
    assert_eq!(queued.len(), before + 1);
    let update = queued.last().unwrap();
    assert_eq!(update.op, MutationOp::Update);
    assert_eq!(
        serde_json::Value::Object(update.changes.clone()),
        json!({"status": "SOLD"})
    );
}

/// New loops come in batches of statements: 250 of them before a changed loop are all
/// listed, and queued before its update, in the file's order.
#[tokio::test]
async fn new_loops_before_a_changed_one_are_listed_and_queued_in_the_files_order() {
    let (cache, ..) = imported().await;
    let store = &cache.store;
    all_sent(store).await;
    let golden = String::from_utf8(GOLDEN.to_vec()).unwrap();
    let header_end = golden.find('\n').unwrap() + 1;
    let second_loop = golden[header_end..].find("\n34523402,").unwrap() + header_end + 1;
    let first_loop = &golden[header_end..second_loop];
    let new_loops: String = (0..250)
        .map(|n| {
            first_loop
                .replacen("34523401", &(50_000_000 + n).to_string(), 1)
                .replace("12 Harbor Rd", &format!("{n} Batch Rd"))
        })
        .collect();
    let changed = golden[header_end..].replace("77 Ocean Ave,Under Contract", "77 Ocean Ave,Sold");
    let file = format!("{}{new_loops}{changed}", &golden[..header_end]);
    let result = apply_dotloop_import(store, cache.tenant, file.into_bytes(), |_| {})
        .await
        .unwrap();
    assert_eq!((result.created, result.updated), (250, 1));
    let queued: Vec<(MutationOp, String)> = store
        .pending(1_000)
        .await
        .unwrap()
        .into_iter()
        .map(|m| (m.op, m.entity_id))
        .collect();
    let mut in_file_order: Vec<(MutationOp, String)> = result
        .transaction_ids
        .iter()
        .map(|id| (MutationOp::Create, id.to_string()))
        .collect();
    in_file_order.last_mut().unwrap().0 = MutationOp::Update;
    assert_eq!(queued, in_file_order);
    let search = TransactionListQuery {
        q: Some("batch rd".into()),
        ..Default::default()
    };
    assert_eq!(
        list(store, search).await.total,
        250,
        "every new loop is listed"
    );
}

#[tokio::test]
async fn filters_narrow_the_cached_deals() {
    let (cache, alice, bob) = imported().await;
    let store = &cache.store;
    let all = list(store, TransactionListQuery::default()).await;
    assert_eq!(all.total, 6);
    assert!(
        all.rows.iter().all(|r| r.edit == EditState::Pending),
        "not sent yet"
    );

    let group = |g| TransactionListQuery {
        status_group: Some(g),
        ..Default::default()
    };
    assert_eq!(
        names(store, group(StatusGroup::Closed)).await,
        ["12 Harbor Rd, Portland", "5 Old Mill Rd"],
        "archived with a past closing date counts as closed"
    );
    assert_eq!(
        names(store, group(StatusGroup::Pending)).await,
        ["77 Ocean Ave"]
    );
    assert_eq!(
        names(store, group(StatusGroup::Cancelled)).await,
        ["Withdrawn lot"]
    );
    assert_eq!(
        names(store, group(StatusGroup::Active)).await,
        ["31 Bay St", "9 Elm St"]
    );

    let by_agent = |a: &RosterAgent| TransactionListQuery {
        agent: Some(a.id),
        ..Default::default()
    };
    assert_eq!(
        names(store, by_agent(&alice)).await,
        ["12 Harbor Rd, Portland", "31 Bay St", "5 Old Mill Rd"]
    );
    assert_eq!(
        names(store, by_agent(&bob)).await,
        ["31 Bay St", "9 Elm St"],
        "\"Broker, Bob\" is Bob Broker"
    );
    let office = TransactionListQuery {
        office: Some("uptown".into()),
        ..Default::default()
    };
    assert_eq!(names(store, office).await, ["31 Bay St", "9 Elm St"]);

    let closing = TransactionListQuery {
        closing_from: day(2025, 9, 15),
        closing_to: day(2025, 10, 29),
        ..Default::default()
    };
    assert_eq!(
        names(store, closing).await,
        ["12 Harbor Rd, Portland", "77 Ocean Ave"],
        "both ends of the range count"
    );
    let search = |q: &str| TransactionListQuery {
        q: Some(q.into()),
        ..Default::default()
    };
    assert_eq!(
        names(store, search("me-0404")).await,
        ["5 Old Mill Rd"],
        "MLS"
    );
    assert_eq!(
        names(store, search("PORTLAND")).await,
        ["12 Harbor Rd, Portland", "31 Bay St"],
        "the address's city, in any case"
    );
    assert!(names(store, search("nowhere")).await.is_empty());

    let window = list(
        store,
        TransactionListQuery {
            sort: TransactionSort::NameAsc,
            offset: 2,
            limit: Some(3),
            ..Default::default()
        },
    )
    .await;
    let names_of =
        |page: &TransactionRowPage| page.rows.iter().map(|r| r.name.clone()).collect::<Vec<_>>();
    assert_eq!(
        names_of(&window),
        ["5 Old Mill Rd", "77 Ocean Ave", "9 Elm St"]
    );
    assert_eq!((window.total, window.next_offset), (6, Some(5)));

    let newest_closing_first = list(store, TransactionListQuery::default()).await;
    assert_eq!(newest_closing_first.rows[0].closing_date, day(2025, 10, 29));
    assert_eq!(newest_closing_first.rows[0].agents, ["Alice Agent"]);
}

#[tokio::test]
async fn the_detail_matches_participants_to_the_roster_and_lists_findings() {
    let (cache, alice, bob) = imported().await;
    let store = &cache.store;
    let bay = TransactionId::for_loop_view(cache.tenant, "34523406");
    let detail = transaction_detail(store, bay, today()).await.unwrap();
    let matched: Vec<_> = detail
        .participants
        .iter()
        .map(|p| p.agent.as_ref().map(|a| (a.agent_id, a.office.clone())))
        .collect();
    assert_eq!(
        matched,
        [
            Some((alice.id, Some("Downtown".to_owned()))),
            Some((bob.id, Some("Uptown".to_owned())))
        ]
    );
    let codes: Vec<HealthCode> = detail.findings.iter().map(|f| f.code).collect();
    assert!(codes.contains(&HealthCode::DuplicateMlsNumber), "{codes:?}");
    assert!(detail.quality_score < 100);

    let ocean = TransactionId::for_loop_view(cache.tenant, "34523403");
    let detail = transaction_detail(store, ocean, today()).await.unwrap();
    assert!(
        detail.participants[0].unmatched_agent,
        "Olga is not on the roster"
    );
    let no_agent = detail
        .findings
        .iter()
        .find(|f| f.code == HealthCode::NoAgentMatched)
        .expect("no agent matched");
    assert_eq!(no_agent.loop_url, detail.transaction.fields.loop_url);

    let unknown = transaction_detail(store, TransactionId::new(), today()).await;
    assert_eq!(unknown.unwrap_err().code(), "not_found");
}

#[tokio::test]
async fn an_edit_is_checked_queued_and_survives_reopening_the_cache() {
    let (cache, ..) = imported().await;
    all_sent(&cache.store).await;
    let ocean = TransactionId::for_loop_view(cache.tenant, "34523403");
    let synced = transaction_detail(&cache.store, ocean, today())
        .await
        .unwrap();
    assert_eq!(synced.edit, EditState::Synced);
    let before = cache.store.pending(100).await.unwrap().len();
    assert_eq!(before, 0);

    let bad: TransactionChanges =
        serde_json::from_value(json!({"commissionRate": "300000"})).unwrap();
    let refused = cache.store.edit_transaction(ocean, bad).await.unwrap_err();
    assert_eq!(refused.code(), "invalid_transaction", "{refused}");
    assert_eq!(cache.store.pending(100).await.unwrap().len(), before);

    let change: TransactionChanges = serde_json::from_value(
        json!({"status": "Sold", "transactionType": "purchase offer", "closingDate": "2025-10-20"}),
    )
    .unwrap();
    let edited = cache.store.edit_transaction(ocean, change).await.unwrap();
    assert_eq!(edited.fields.status.as_deref(), Some("SOLD"));
    let queued = cache.store.pending(100).await.unwrap();
    let update = queued.last().unwrap();
    assert_eq!(
        (update.op, update.entity_id.clone()),
        (MutationOp::Update, ocean.to_string())
    );
    assert_eq!(
        serde_json::Value::Object(update.changes.clone()),
        json!({"status": "SOLD", "transactionType": "PURCHASE_OFFER", "closingDate": "2025-10-20"}),
        "the change as core normalised it"
    );

    let cache = cache.reopen().await;
    assert_eq!(cache.store.pending(100).await.unwrap().len(), before + 1);
    let detail = transaction_detail(&cache.store, ocean, today())
        .await
        .unwrap();
    assert_eq!(detail.transaction.fields.status.as_deref(), Some("SOLD"));
    assert_eq!(detail.status_group, StatusGroup::Closed);
    assert_eq!(detail.edit, EditState::Pending);
    assert_eq!(
        detail.pending_fields,
        ["closingDate", "status", "transactionType"]
    );
    let by_type = TransactionListQuery {
        transaction_type: Some("PURCHASE_OFFER".into()),
        ..Default::default()
    };
    assert_eq!(names(&cache.store, by_type).await, ["77 Ocean Ave"]);
}

/// A cache whose last sync brought `deals` deals and said the tenant is on the Free
/// plan (1,000 deals).
async fn free_plan_cache_with(deals: usize) -> Cache {
    let cache = Cache::new().await;
    let now = Utc::now();
    let changes: Vec<Change> = (0..deals)
        .map(|n| {
            let deal = Transaction {
                id: TransactionId::new(),
                fields: TransactionFields {
                    name: format!("{n} Synced St"),
                    ..Default::default()
                },
                created_at: now,
                updated_at: now,
                version: 1,
            };
            Change {
                entity: SyncEntity::Transaction,
                id: deal.id.to_string(),
                version: 1,
                data: Some(to_raw_value(&deal).unwrap()),
            }
        })
        .collect();
    let usage = PlanUsage {
        plan: PlanTier::Free.plan(),
        status: TenantStatus::Active,
        trial_ends_at: None,
        usage: Usage {
            users: 1,
            invited_users: 0,
            leads: 0,
            ai_calls_this_month: 0,
            storage_bytes: 0,
        },
    };
    let snapshot = TenantSnapshot {
        tenant: TenantSummary {
            id: cache.tenant,
            name: "Quota Realty".into(),
            subdomain: "quota".into(),
            plan: PlanTier::Free,
            status: TenantStatus::Active,
        },
        plan_usage: Some(usage),
    };
    pulled(&cache.store, changes, Some(snapshot)).await;
    cache
}

#[tokio::test]
async fn an_import_past_the_plans_quota_is_refused_whole_saying_how_many_are_over() {
    // The golden export has 6 new loops; 997 deals leave room for 3.
    let cache = free_plan_cache_with(997).await;
    let store = &cache.store;
    let refused = apply_dotloop_import(store, cache.tenant, GOLDEN.to_vec(), |_| {})
        .await
        .unwrap_err();
    assert_eq!(refused.code(), "quota_exceeded");
    assert_eq!(
        refused.to_string(),
        "Your Free plan allows 1,000 transactions and you have 997, so adding 6 would go over. \
         Upgrade, or add fewer. 3 of the 6 new deals of the file are over the limit; nothing was queued."
    );
    assert!(
        store.pending(10).await.unwrap().is_empty(),
        "nothing queued"
    );
    assert_eq!(store.count(SyncEntity::Transaction).await.unwrap(), 997);

    // With room for all six it goes through, and a deal entered by hand then finds the
    // plan full: the six queued here count, though the server has not seen them yet.
    let cache = free_plan_cache_with(994).await;
    let store = &cache.store;
    let imported = apply_dotloop_import(store, cache.tenant, GOLDEN.to_vec(), |_| {})
        .await
        .unwrap();
    assert_eq!(imported.created, 6);
    let hand_entered: NewTransaction =
        serde_json::from_value(json!({"name": "4 Pier Rd"})).unwrap();
    let full = store.create_transaction(hand_entered).await.unwrap_err();
    assert_eq!(full.code(), "quota_exceeded");
    assert_eq!(
        full.to_string(),
        "Your Free plan allows 1,000 transactions and you have 1,000. Upgrade to add more."
    );
    assert_eq!(store.pending(100).await.unwrap().len(), 6);
}

/// A pulled page of these deals (None: a deal that left this user's view).
async fn pulled_deals(store: &LocalStore, deals: &[(TransactionId, Option<Transaction>)]) {
    let changes = deals
        .iter()
        .map(|(id, deal)| Change {
            entity: SyncEntity::Transaction,
            id: id.to_string(),
            version: 3,
            data: deal.as_ref().map(|d| to_raw_value(d).unwrap()),
        })
        .collect();
    pulled(store, changes, None).await;
}

#[tokio::test]
async fn the_list_follows_pulled_deals_and_deals_that_leave_the_cache() {
    let (cache, ..) = imported().await;
    all_sent(&cache.store).await;
    let store = &cache.store;
    let elm = TransactionId::for_loop_view(cache.tenant, "34523402");
    let bay = TransactionId::for_loop_view(cache.tenant, "34523406");
    let mut sold = transaction_detail(store, elm, today())
        .await
        .unwrap()
        .transaction;
    sold.fields.status = Some("SOLD".into());
    sold.fields.closing_date = day(2025, 10, 31);
    pulled_deals(store, &[(elm, Some(sold)), (bay, None)]).await;
    let closed = TransactionListQuery {
        status_group: Some(StatusGroup::Closed),
        ..Default::default()
    };
    assert_eq!(
        names(store, closed).await,
        ["12 Harbor Rd, Portland", "5 Old Mill Rd", "9 Elm St"]
    );
    let all = list(store, TransactionListQuery::default()).await;
    assert_eq!(all.total, 5, "the deal that left is gone from the list");
    assert_eq!(
        all.rows[0].name, "9 Elm St",
        "its new closing date is the latest"
    );
    assert!(
        names(
            store,
            TransactionListQuery {
                q: Some("bay st".into()),
                ..Default::default()
            }
        )
        .await
        .is_empty()
    );

    // Every sort pages through the same deals, two at a time, as one window lists them.
    for sort in [
        TransactionSort::ClosingDesc,
        TransactionSort::ClosingAsc,
        TransactionSort::NameAsc,
        TransactionSort::PriceDesc,
        TransactionSort::QualityAsc,
        TransactionSort::UpdatedDesc,
    ] {
        let whole = list(
            store,
            TransactionListQuery {
                sort,
                ..Default::default()
            },
        )
        .await;
        let mut paged = Vec::new();
        let mut offset = Some(0);
        while let Some(at) = offset {
            let page = list(
                store,
                TransactionListQuery {
                    sort,
                    offset: at,
                    limit: Some(2),
                    ..Default::default()
                },
            )
            .await;
            assert_eq!(page.total, 5, "{sort:?}");
            paged.extend(page.rows.into_iter().map(|r| r.id));
            offset = page.next_offset;
        }
        let ids: Vec<TransactionId> = whole.rows.iter().map(|r| r.id).collect();
        assert_eq!(paged, ids, "{sort:?}");
        if sort == TransactionSort::QualityAsc {
            let scores: Vec<u8> = whole.rows.iter().map(|r| r.quality_score).collect();
            assert!(scores.is_sorted(), "worst first: {scores:?}");
        }
        if sort == TransactionSort::PriceDesc {
            let prices: Vec<_> = whole.rows.iter().map(|r| r.price).collect();
            let priced = prices.iter().take_while(|p| p.is_some()).count();
            assert!(prices[..priced].is_sorted_by(|a, b| a >= b), "{prices:?}");
            assert!(
                prices[priced..].iter().all(Option::is_none),
                "unpriced last"
            );
        }
    }
}
