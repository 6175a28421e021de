//! Dotloop's webhooks: a bad signature or a stale timestamp is refused, a duplicate
//! `eventId` is acknowledged and dropped, a good delivery is answered at once and its
//! loop fetched afterwards, and `LOOP_MERGED` re-points the deal to the surviving loop.

use brokerdesk_core::ids::TenantId;
use brokerdesk_core::transactions::TransactionFields;
use brokerdesk_server::dotloop::store::{ImportedLoop, LoopStore};
use brokerdesk_server::testing::api::Response;
use brokerdesk_server::testing::fake_dotloop::{
    DotloopTestApp, FAKE_WEBHOOK_KEY, LOOP_COUNT, MERGED_AWAY, MERGED_INTO, sign_webhook,
};
use brokerdesk_server::testing::scope;
use chrono::{Duration as Minutes, Utc};
use reqwest::StatusCode;
use serde_json::{Value, json};
use std::time::Duration;

fn event(tenant: &str, id: &str, kind: &str, at: chrono::DateTime<Utc>, body: Value) -> Vec<u8> {
    serde_json::to_vec(&json!({
        "eventId": id, "eventType": kind, "timestamp": at.timestamp_millis(),
        "subscriptionExternalId": tenant, "event": body
    }))
    .unwrap()
}

async fn deliver(
    t: &DotloopTestApp,
    body: &[u8],
    signature: &str,
    at: chrono::DateTime<Utc>,
) -> Response {
    let response = reqwest::Client::new()
        .post(format!("{}/v1/dotloop/webhook", t.app.address))
        .header("X-DOTLOOP-SIGNATURE", signature)
        .header("X-DOTLOOP-TIMESTAMP", at.timestamp_millis().to_string())
        .header("content-type", "application/json")
        .body(body.to_vec())
        .send()
        .await
        .unwrap();
    let status = response.status();
    Response {
        status,
        body: response.json().await.unwrap_or(Value::Null),
    }
}

/// Calls the fake answered for exactly `path`.
fn calls_at(t: &DotloopTestApp, path: &str) -> usize {
    t.fake
        .state()
        .calls
        .iter()
        .filter(|c| c.path == path)
        .count()
}

/// Waits until the fake has answered `count` calls for exactly `path`.
async fn fetched(t: &DotloopTestApp, path: &str, count: usize) {
    for _ in 0..100 {
        if calls_at(t, path) >= count {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the webhook's loop {path} was not fetched");
}

#[tokio::test]
async fn a_webhook_is_verified_deduplicated_and_its_loop_fetched_afterwards() {
    let (t, owner) = DotloopTestApp::spawn_connected().await;
    let tenant = owner.tenant_id;
    let now = Utc::now();
    let body = event(
        &tenant,
        "evt-1",
        "LOOP_UPDATED",
        now,
        json!({"id": 50010, "profileId": 4711}),
    );
    let good = sign_webhook(&body, FAKE_WEBHOOK_KEY);

    let forged = deliver(&t, &body, &sign_webhook(&body, "not the key"), now).await;
    assert_eq!(
        (forged.status, forged.code()),
        (StatusCode::UNAUTHORIZED, "bad_signature")
    );
    let mut altered = body.clone();
    let at = altered.iter().position(|b| *b == b'5').unwrap();
    altered[at] = b'6';
    let tampered = deliver(&t, &altered, &good, now).await;
    assert_eq!(tampered.code(), "bad_signature");
    let old = now - Minutes::minutes(10);
    let stale_body = event(
        &tenant,
        "evt-0",
        "LOOP_UPDATED",
        old,
        json!({"id": 50010, "profileId": 4711}),
    );
    let stale = deliver(
        &t,
        &stale_body,
        &sign_webhook(&stale_body, FAKE_WEBHOOK_KEY),
        old,
    )
    .await;
    assert_eq!(
        (stale.status, stale.code()),
        (StatusCode::UNAUTHORIZED, "stale_webhook")
    );
    let path = "/profile/4711/loop/50010";
    // The first import fetched the loop's participants once, from its list page.
    let participants = format!("{path}/participant");
    assert_eq!(calls_at(&t, &participants), 1);
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(calls_at(&t, path), 0, "nothing refused was acted on");

    let accepted = deliver(&t, &body, &good, now).await;
    assert_eq!(accepted.status, StatusCode::ACCEPTED, "{:?}", accepted.body);
    assert_eq!(accepted.body["receipt"], "accepted");
    fetched(&t, &participants, 2).await;
    assert_eq!(calls_at(&t, path), 1);
    assert_eq!(calls_at(&t, &format!("{path}/detail")), 1);

    let again = deliver(&t, &body, &good, now).await;
    assert_eq!(
        (again.status, again.body["receipt"].clone()),
        (StatusCode::ACCEPTED, "duplicate".into())
    );
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(calls_at(&t, path), 1, "a duplicate fetches nothing");
    let events: i64 = sqlx::query_scalar("select count(*) from dotloop_webhook_events")
        .fetch_one(&t.app.db.admin_pool().await)
        .await
        .unwrap();
    assert_eq!(events, 1);

    // A tenant with no connection, or an event about no loop: acknowledged, ignored.
    let summit = t.owner("summit").await;
    for (tenant, kind) in [
        (summit.tenant_id.as_str(), "LOOP_UPDATED"),
        (tenant.as_str(), "CONTACT_CREATED"),
    ] {
        let body = event(
            tenant,
            &format!("evt-{kind}-{tenant}"),
            kind,
            now,
            json!({"id": 50011, "profileId": 4711}),
        );
        let ignored = deliver(&t, &body, &sign_webhook(&body, FAKE_WEBHOOK_KEY), now).await;
        assert_eq!(ignored.body["receipt"], "ignored", "{kind}");
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(calls_at(&t, "/profile/4711/loop/50011"), 0);
}

#[tokio::test]
async fn a_merged_loop_moves_its_deal_to_the_surviving_loop() {
    let (t, owner) = DotloopTestApp::spawn_connected().await;
    let tenant = owner.tenant_id;
    let tenant_id: TenantId = tenant.parse().unwrap();
    // A deal on the loop that is about to be merged away.
    let db = t.app.db.database().await;
    let mut tx = db.begin_tenant(scope(tenant_id)).await.unwrap();
    let old = TransactionFields {
        loop_view_id: Some(MERGED_AWAY.into()),
        name: "Old loop".into(),
        ..Default::default()
    };
    t.store
        .store_loops(
            &mut tx,
            vec![ImportedLoop {
                fields: old,
                findings: vec![],
            }],
        )
        .await
        .unwrap();
    tx.commit().await.unwrap();
    assert_eq!(t.store.deals(tenant_id).len(), LOOP_COUNT + 1);

    let now = Utc::now();
    let body = event(
        &tenant,
        "evt-merge",
        "LOOP_MERGED",
        now,
        json!({"profileId": 4711, "fromId": MERGED_AWAY, "toId": MERGED_INTO}),
    );
    let accepted = deliver(&t, &body, &sign_webhook(&body, FAKE_WEBHOOK_KEY), now).await;
    assert_eq!(accepted.body["receipt"], "accepted", "{:?}", accepted.body);
    fetched(&t, &format!("/profile/4711/loop/{MERGED_INTO}"), 1).await;
    fetched(
        &t,
        &format!("/profile/4711/loop/{MERGED_INTO}/participant"),
        2,
    )
    .await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    let deals = t.store.deals(tenant_id);
    assert!(
        !deals.contains_key(MERGED_AWAY),
        "the merged-away loop has no deal of its own"
    );
    assert_eq!(deals.len(), LOOP_COUNT, "one deal, not two");
    let survivor = &deals[MERGED_INTO];
    assert_eq!(survivor.loop_view_id.as_deref(), Some(MERGED_INTO));
    assert_eq!(
        survivor.name, "8 Harbor Rd",
        "the surviving loop's own deal stays"
    );
}
