//! Remembered push answers are purged after the retention window, tenant by tenant, and
//! a late replay of a purged mutation is refused as forgotten, never applied twice.

use brokerdesk_server::seed::{DEMO_PASSWORD, seed_demo};
use brokerdesk_server::sync::mutation_memory::{FORGOTTEN, REMEMBER_FOR};
use brokerdesk_server::testing::TestApp;
use brokerdesk_server::testing::api::signed_in;
use reqwest::StatusCode;
use serde_json::{Value, json};
use sqlx::PgPool;
use uuid::Uuid;

async fn owner_token(app: &TestApp, tenant: &str) -> String {
    let response = app
        .sign_in(tenant, &format!("owner@{tenant}.test"), DEMO_PASSWORD)
        .await;
    assert_eq!(response.status, StatusCode::OK, "{:?}", response.body);
    signed_in(response).access_token
}

fn update(lead: Uuid, name: &str) -> Value {
    json!({
        "mutationId": Uuid::now_v7(), "entity": "lead", "op": "update",
        "entityId": lead, "changes": { "name": name }, "baseVersion": null,
    })
}

async fn push(app: &TestApp, token: &str, device: Uuid, mutations: &[Value]) -> Vec<Value> {
    let response = app
        .post(
            "/v1/sync/push",
            token,
            Some(json!({ "deviceId": device, "mutations": mutations })),
        )
        .await;
    assert_eq!(response.status, StatusCode::OK, "{:?}", response.body);
    response.body["results"].as_array().unwrap().clone()
}

/// A lead of the tenant's demo seed.
async fn a_lead(admin: &PgPool, tenant: &str) -> Uuid {
    sqlx::query_scalar(
        "select l.id from leads l join tenants t on t.id = l.tenant_id
          where t.subdomain = $1 order by l.id limit 1",
    )
    .bind(tenant)
    .fetch_one(admin)
    .await
    .unwrap()
}

async fn lead_state(admin: &PgPool, lead: Uuid) -> (String, i64) {
    sqlx::query_as("select name, version from leads where id = $1")
        .bind(lead)
        .fetch_one(admin)
        .await
        .unwrap()
}

async fn remembered(admin: &PgPool, mutation: &Value) -> bool {
    sqlx::query_scalar("select exists (select 1 from sync_mutations where mutation_id = $1)")
        .bind(
            mutation["mutationId"]
                .as_str()
                .unwrap()
                .parse::<Uuid>()
                .unwrap(),
        )
        .fetch_one(admin)
        .await
        .unwrap()
}

/// Moves a remembered answer back in time, past the window.
async fn age(admin: &PgPool, mutation: &Value) {
    sqlx::query("update sync_mutations set created_at = $2 where mutation_id = $1")
        .bind(
            mutation["mutationId"]
                .as_str()
                .unwrap()
                .parse::<Uuid>()
                .unwrap(),
        )
        .bind(chrono::Utc::now() - REMEMBER_FOR - chrono::Duration::hours(1))
        .execute(admin)
        .await
        .unwrap();
}

#[tokio::test]
async fn answers_past_the_window_are_purged_and_a_late_replay_is_refused_not_reapplied() {
    let app = TestApp::spawn().await;
    seed_demo(&app.db.args).await.unwrap();
    let admin = app.db.admin_pool().await;
    let (acme, summit) = (
        owner_token(&app, "acme").await,
        owner_token(&app, "summit").await,
    );
    let (lead, summit_lead) = (a_lead(&admin, "acme").await, a_lead(&admin, "summit").await);
    let (device, other_device) = (Uuid::new_v4(), Uuid::new_v4());

    let old = update(lead, "Old Edit");
    let recent = update(lead, "Recent Edit");
    push(&app, &acme, device, std::slice::from_ref(&old)).await;
    push(&app, &acme, device, std::slice::from_ref(&recent)).await;
    let summit_old = update(summit_lead, "Summit Old Edit");
    push(&app, &summit, device, std::slice::from_ref(&summit_old)).await;
    age(&admin, &old).await;
    age(&admin, &summit_old).await;

    // Any push of the tenant purges, here one from another device with nothing in it.
    push(&app, &acme, other_device, &[]).await;
    assert!(!remembered(&admin, &old).await, "past the window: purged");
    assert!(remembered(&admin, &recent).await, "inside the window: kept");
    assert!(
        remembered(&admin, &summit_old).await,
        "another tenant's answers wait for that tenant's own pushes"
    );

    // The device comes back and replays both (it never saw the acknowledgements).
    let before = lead_state(&admin, lead).await;
    let replayed = push(&app, &acme, device, &[old.clone(), recent.clone()]).await;
    assert_eq!(replayed[0]["outcome"]["status"], "rejected", "{replayed:?}");
    assert_eq!(replayed[0]["outcome"]["code"], FORGOTTEN);
    assert_eq!(replayed[1]["outcome"]["status"], "applied");
    assert_eq!(replayed[1]["replayed"], true);
    assert_eq!(
        lead_state(&admin, lead).await,
        before,
        "neither replay changed the lead: the old edit is not applied a second time"
    );

    // The mark covers only what the device sent before it: the device's new edits
    // apply, and so does the same mutation id coming from another device.
    let newer = update(lead, "Newer Edit");
    let answer = push(&app, &acme, device, std::slice::from_ref(&newer)).await;
    assert_eq!(answer[0]["outcome"]["status"], "applied", "{answer:?}");
    let answer = push(&app, &acme, other_device, std::slice::from_ref(&old)).await;
    assert_eq!(answer[0]["outcome"]["status"], "applied", "{answer:?}");
    assert_eq!(lead_state(&admin, lead).await.0, "Old Edit");

    // Summit's own push purges Summit's answer.
    push(&app, &summit, other_device, &[]).await;
    assert!(!remembered(&admin, &summit_old).await);
}
