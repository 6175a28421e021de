//! Requests cut off mid-flight leave no pooled connection inside a transaction. sqlx
//! 0.8.6's `begin()` is not cancel-safe: a future dropped while `BEGIN` is in flight
//! left the session in a transaction that the next request's statements then ran in.

use brokerdesk_server::seed::{DEMO_PASSWORD, seed_demo};
use brokerdesk_server::testing::api::signed_in;
use brokerdesk_server::testing::{TestApp, TestDatabase, create_tenant, scope};
use reqwest::StatusCode;
use serde_json::json;
use sqlx::PgPool;
use std::time::Duration;

/// The API role's sessions in this database that sit inside a transaction block.
async fn sessions_in_a_transaction(admin: &PgPool) -> i64 {
    sqlx::query_scalar(
        "select count(*) from pg_stat_activity
          where datname = current_database() and usename = 'brokerdesk_app'
            and state like 'idle in transaction%'",
    )
    .fetch_one(admin)
    .await
    .unwrap()
}

/// Sessions still inside a transaction after every connection in flight has had two
/// seconds to go back to the pool (which rolls back what a dropped transaction left).
/// A leftover of the bug stays until a later request reuses its connection.
async fn sessions_left_in_a_transaction(admin: &PgPool) -> i64 {
    let deadline = std::time::Instant::now() + Duration::from_secs(2);
    loop {
        let inside = sessions_in_a_transaction(admin).await;
        if inside == 0 || std::time::Instant::now() > deadline {
            return inside;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test]
async fn a_begin_dropped_at_any_moment_leaves_no_connection_in_a_transaction() {
    let db = TestDatabase::create().await;
    let admin = db.admin_pool().await;
    let database = db.database().await;
    let tenant = create_tenant(&database, "cancelled").await;
    let mut cancelled = 0;
    // Deadlines from 0 to 1.5 ms sweep across the acquire, the BEGIN round trip and the
    // tenant settings; each leftover is looked for before the next begin could reuse
    // (and so end) it.
    for attempt in 0..300u64 {
        let deadline = Duration::from_micros(5 * attempt);
        match tokio::time::timeout(deadline, database.begin_tenant(scope(tenant))).await {
            Ok(tx) => drop(tx.expect("begin")),
            Err(_) => cancelled += 1,
        }
        assert_eq!(
            sessions_left_in_a_transaction(&admin).await,
            0,
            "a begin cancelled after {deadline:?} left its session in a transaction"
        );
    }
    // How many deadlines cut a begin off depends on the machine's speed (tokio's timer
    // has a millisecond's resolution, and an idle loopback BEGIN takes less): a loaded
    // run saw 7 of 300. The count is printed so a run can show it exercised the cut.
    println!("{cancelled} of 300 begins were cut off");
}

#[tokio::test]
async fn ingest_calls_hung_up_on_leave_no_connection_in_a_transaction() {
    let app = TestApp::spawn().await;
    seed_demo(&app.db.args).await.unwrap();
    app.set_plan("acme", "enterprise").await;
    let owner = signed_in(app.sign_in("acme", "owner@acme.test", DEMO_PASSWORD).await);
    let key = app
        .post(
            "/v1/api-keys",
            &owner.access_token,
            Some(json!({ "name": "Hang-ups", "scopes": ["leads:ingest"] })),
        )
        .await;
    assert_eq!(key.status, StatusCode::CREATED, "{:?}", key.body);
    let key = key.body["key"].as_str().unwrap().to_owned();
    let admin = app.db.admin_pool().await;

    // 400 calls, 16 at a time, each hung up on after 10 to 50 ms.
    let mut hung_up = 0;
    let mut calls = tokio::task::JoinSet::new();
    for n in 0..400u64 {
        let client = reqwest::Client::builder()
            .timeout(Duration::from_millis(10 + n % 41))
            .build()
            .unwrap();
        let url = format!("{}/v1/integrations/leads", app.address);
        let key = key.clone();
        calls.spawn(async move {
            client
                .post(url)
                .header("x-api-key", key)
                .json(&json!({ "contact": { "name": format!("Hang-up {n}"),
                                            "emails": [format!("hangup{n}@example.test")] } }))
                .send()
                .await
        });
        if calls.len() >= 16 {
            hung_up += usize::from(calls.join_next().await.unwrap().unwrap().is_err());
        }
    }
    while let Some(call) = calls.join_next().await {
        hung_up += usize::from(call.unwrap().is_err());
    }
    assert!(hung_up > 0, "no call was cut off, so nothing was tested");

    // Let every handler that was still running finish or unwind.
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(sessions_left_in_a_transaction(&admin).await, 0);

    // And the pool still serves: what was acknowledged is there, and new calls work.
    let after = reqwest::Client::new()
        .post(format!("{}/v1/integrations/leads", app.address))
        .header("x-api-key", &key)
        .json(&json!({ "contact": { "name": "After", "emails": ["after@example.test"] } }))
        .send()
        .await
        .unwrap();
    assert_eq!(after.status(), StatusCode::CREATED);
    assert_eq!(sessions_left_in_a_transaction(&admin).await, 0);
}
