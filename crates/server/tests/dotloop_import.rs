//! The Dotloop import against the fake: every loop once over pages, through a forced
//! 429 and a spent rate-limit budget, with the API's mixed value formats read; a second
//! run is incremental and changes nothing; one run per tenant at a time.

use brokerdesk_core::ids::{TenantId, TransactionId};
use brokerdesk_server::dotloop::importer;
use brokerdesk_server::dotloop::runs::Trigger;
use brokerdesk_server::testing::fake_dotloop::{DotloopTestApp, LOOP_COUNT, TEAM_SHARED_LOOPS};
use chrono::NaiveDate;
use reqwest::StatusCode;
use rust_decimal::Decimal;
use std::collections::HashSet;
use std::time::Duration;
use uuid::Uuid;

#[tokio::test]
async fn the_first_run_imports_every_loop_once_and_a_second_changes_nothing() {
    let t = DotloopTestApp::spawn().await;
    {
        let mut fake = t.fake.state();
        fake.force_429_at = Some(7);
        fake.spend_budget_at = Some(20);
    }
    let owner = t.owner("acme").await;
    let tenant: TenantId = owner.tenant_id.parse().unwrap();
    let started = std::time::Instant::now();
    let run = t.connect(&owner.access_token).await;
    let took = started.elapsed();
    assert_eq!(run["status"], "succeeded", "{run}");
    assert_eq!(run["loopsSeen"], LOOP_COUNT);
    assert_eq!(run["created"], LOOP_COUNT);
    assert_eq!(run["updated"], 0);
    assert_eq!(
        run["loopsTotal"],
        LOOP_COUNT + TEAM_SHARED_LOOPS,
        "each profile's own total"
    );
    let deals = t.store.deals(tenant);
    assert_eq!(
        deals.len(),
        LOOP_COUNT,
        "every loop once, the team's shared ones included"
    );

    // The forced 429 was waited out and the same call made again.
    let calls = t.fake.state().calls.clone();
    let throttled = calls
        .iter()
        .position(|c| c.status == 429)
        .expect("the fake sent its 429");
    assert_eq!(throttled, 6, "call 7");
    let retry = &calls[throttled + 1];
    assert_eq!(
        (retry.path.as_str(), retry.status),
        (calls[throttled].path.as_str(), 200)
    );
    assert!(
        retry.at - calls[throttled].at >= Duration::from_millis(250),
        "it waited for the reset"
    );
    // The spent budget (call 20) was waited out before call 21.
    assert_eq!(t.fake.state().calls_during_spent_budget, 0);
    assert!(calls[20].at - calls[19].at >= Duration::from_millis(900));

    // Pages of 100 with details, until the short page.
    let pages = t.fake.calls_to("/loop");
    assert_eq!(
        pages.len(),
        LOOP_COUNT.div_ceil(100) + 1,
        "13 pages of the brokerage, 1 of the team"
    );
    for page in &pages {
        assert_eq!(page.query["batch_size"], "100");
        assert_eq!(page.query["include_details"], "true");
        assert!(
            !page.query.contains_key("filter"),
            "the first run takes everything"
        );
    }
    let participants = t.fake.calls_to("/participant");
    assert_eq!(
        participants.iter().filter(|c| c.status == 200).count(),
        LOOP_COUNT
    );

    // The API's own values in mixed formats, read.
    let deal = &deals["50009"];
    assert_eq!(deal.closing_date, NaiveDate::from_ymd_opt(2017, 11, 1));
    assert_eq!(deal.expiration_date, NaiveDate::from_ymd_opt(2017, 3, 5));
    assert_eq!(deal.contract_date, NaiveDate::from_ymd_opt(2017, 10, 2));
    assert_eq!(
        deal.sale_price,
        Some("667900.00".parse::<Decimal>().unwrap())
    );
    assert_eq!(deal.original_price, Some(Decimal::new(115000, 0)));
    assert_eq!(deal.address.postal_code.as_deref(), Some("04101"));
    assert_eq!(deal.participants.len(), 2);
    assert_eq!(
        deal.participants[0].email.as_deref(),
        Some("alice@acme.test")
    );
    assert!(
        deal.custom_fields
            .iter()
            .any(|c| c.section == "Lead Source" && c.value == "Zillow")
    );
    assert_eq!(deals["50010"].sale_price, Some(Decimal::new(110000, 0)));
    println!(
        "first run: {LOOP_COUNT} loops, {} API calls, {took:?}",
        calls.len()
    );

    // Nothing changed in Dotloop: the second run asks only for what changed since.
    let before = t.fake.state().calls.len();
    let sync = t
        .app
        .post("/v1/dotloop/sync", &owner.access_token, None)
        .await;
    assert_eq!(sync.status, StatusCode::ACCEPTED, "{:?}", sync.body);
    let second = t.wait_for_run(&owner.access_token).await;
    assert_eq!(second["status"], "succeeded", "{second}");
    assert_eq!(
        (
            second["loopsSeen"].clone(),
            second["created"].clone(),
            second["updated"].clone()
        ),
        (0.into(), 0.into(), 0.into())
    );
    let later: Vec<_> = t.fake.state().calls[before..].to_vec();
    assert!(
        later
            .iter()
            .filter(|c| c.path.ends_with("/loop"))
            .all(|c| c.query["filter"].starts_with("updated_min="))
    );
    assert_eq!(t.store.deals(tenant), deals);

    // Three loops edited in Dotloop: only they come, as updates.
    t.fake.touch_loops(3);
    t.app
        .post("/v1/dotloop/sync", &owner.access_token, None)
        .await;
    let third = t.wait_for_run(&owner.access_token).await;
    assert_eq!(
        (
            third["loopsSeen"].clone(),
            third["created"].clone(),
            third["updated"].clone()
        ),
        (3.into(), 0.into(), 3.into())
    );
    assert_eq!(t.store.deals(tenant).len(), LOOP_COUNT);
}

#[tokio::test]
async fn one_import_runs_per_tenant_at_a_time() {
    let t = DotloopTestApp::spawn().await;
    let owner = t.owner("acme").await;
    t.connect(&owner.access_token).await;
    let tenant: TenantId = owner.tenant_id.parse().unwrap();
    let dotloop = t.dotloop().await;

    let holding = importer::start(&dotloop, tenant, Trigger::Schedule)
        .await
        .unwrap();
    let refused = t
        .app
        .post("/v1/dotloop/sync", &owner.access_token, None)
        .await;
    assert_eq!(
        (refused.status, refused.code()),
        (StatusCode::CONFLICT, "dotloop_import_running")
    );
    let direct = importer::run(&dotloop, tenant, Trigger::Schedule)
        .await
        .unwrap_err();
    assert_eq!(direct.code(), "dotloop_import_running");
    // Another tenant is not held up.
    let summit = t.owner("summit").await;
    let other = t
        .app
        .post("/v1/dotloop/sync", &summit.access_token, None)
        .await;
    assert_eq!(other.code(), "dotloop_not_connected");

    importer::finish(&dotloop, holding).await.unwrap();
    let sync = t
        .app
        .post("/v1/dotloop/sync", &owner.access_token, None)
        .await;
    assert_eq!(
        sync.status,
        StatusCode::ACCEPTED,
        "the lock went with the run"
    );
    assert_eq!(
        t.wait_for_run(&owner.access_token).await["status"],
        "succeeded"
    );
}

#[tokio::test]
async fn the_schedule_runs_every_connected_tenant() {
    let t = DotloopTestApp::spawn().await;
    let owner = t.owner("acme").await;
    t.connect(&owner.access_token).await;
    let dotloop = t.dotloop().await;
    // acme is connected; summit is not, and is skipped.
    assert_eq!(
        brokerdesk_server::dotloop::schedule::run_all(&dotloop)
            .await
            .unwrap(),
        1
    );
    let status = t.app.get("/v1/dotloop", &owner.access_token).await.body;
    assert_eq!(status["latestRun"]["trigger"], "schedule");
    assert_eq!(status["latestRun"]["status"], "succeeded");
}

/// The same import into the database, as the server runs it: exactly one deal per loop,
/// on the id its loop view names; a run that finds nothing new writes nothing, and one
/// after three loops changed rewrites those three only.
#[tokio::test]
async fn the_database_holds_one_deal_per_loop_and_only_changes_are_rewritten() {
    let t = DotloopTestApp::spawn_storing_deals().await;
    let owner = t.owner("acme").await;
    let tenant: TenantId = owner.tenant_id.parse().unwrap();
    let admin = t.app.db.admin_pool().await;
    // (id, loop view id, version) of every deal of the tenant with a loop.
    let deals = || async {
        let rows: Vec<(Uuid, String, i64)> = sqlx::query_as(
            "select id, loop_view_id, version from transactions
              where tenant_id = $1 and loop_view_id is not null",
        )
        .bind(tenant.as_uuid())
        .fetch_all(&admin)
        .await
        .unwrap();
        rows
    };
    let demo = deals().await;
    let before = demo.iter().map(|(_, _, v)| *v).max().unwrap_or(0);

    let run = t.connect(&owner.access_token).await;
    assert_eq!(run["status"], "succeeded", "{run}");
    assert_eq!(run["created"], LOOP_COUNT);
    let imported: Vec<(Uuid, String, i64)> = deals()
        .await
        .into_iter()
        .filter(|(_, _, version)| *version > before)
        .collect();
    let views: HashSet<&str> = imported.iter().map(|(_, view, _)| view.as_str()).collect();
    assert_eq!((imported.len(), views.len()), (LOOP_COUNT, LOOP_COUNT));
    assert!(
        imported
            .iter()
            .all(|(id, view, _)| *id == TransactionId::for_loop_view(tenant, view).as_uuid()),
        "each deal is on its loop view's id"
    );
    let first_version = imported.iter().map(|(_, _, v)| *v).max().unwrap();

    let again = || async {
        let sync = t
            .app
            .post("/v1/dotloop/sync", &owner.access_token, None)
            .await;
        assert_eq!(sync.status, StatusCode::ACCEPTED, "{:?}", sync.body);
        t.wait_for_run(&owner.access_token).await
    };
    let second = again().await;
    assert_eq!(
        (second["created"].clone(), second["updated"].clone()),
        (0.into(), 0.into())
    );
    let newest = |rows: &[(Uuid, String, i64)]| rows.iter().map(|(_, _, v)| *v).max().unwrap();
    assert_eq!(
        newest(&deals().await),
        first_version,
        "nothing was rewritten"
    );

    t.fake.touch_loops(3);
    let third = again().await;
    assert_eq!(third["updated"], 3, "{third}");
    let now = deals().await;
    assert_eq!(now.len(), demo.len() + LOOP_COUNT);
    assert_eq!(now.iter().filter(|(_, _, v)| *v > first_version).count(), 3);
}
