//! The sync endpoints against a real PostgreSQL: what each role pulls, pages and
//! cursors, pushes applied once with field-level merge and recorded conflicts, the same
//! refusals as the REST API, live wake-ups across two API instances, and 426.

use brokerdesk_core::protocol::{MIN_PROTOCOL_HEADER, PROTOCOL_HEADER};
use brokerdesk_server::seed::{DEMO_PASSWORD, seed_demo};
use brokerdesk_server::testing::TestApp;
use brokerdesk_server::testing::api::signed_in;
use brokerdesk_server::testing::leads::seed_leads;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use std::collections::BTreeSet;
use std::time::{Duration, Instant};
use uuid::Uuid;

async fn token(app: &TestApp, email: &str) -> (String, String) {
    let response = app.sign_in("acme", email, DEMO_PASSWORD).await;
    assert_eq!(response.status, StatusCode::OK, "{:?}", response.body);
    let session = signed_in(response);
    (session.access_token, session.user_id)
}

fn mutation(op: &str, lead: Uuid, changes: Value, base: Option<i64>) -> Value {
    json!({
        "mutationId": Uuid::now_v7(), "entity": "lead", "op": op,
        "entityId": lead, "changes": changes, "baseVersion": base,
    })
}

async fn push(app: &TestApp, token: &str, device: Uuid, mutations: Vec<Value>) -> Vec<Value> {
    app.push(token, device, mutations).await
}

/// Pushes one update of `lead` made on `base`, and returns its result.
async fn edit(
    app: &TestApp,
    token: &str,
    device: Uuid,
    lead: Uuid,
    changes: Value,
    base: i64,
) -> Value {
    let update = mutation("update", lead, changes, Some(base));
    push(app, token, device, vec![update]).await.remove(0)
}

fn applied_version(result: &Value) -> i64 {
    assert_eq!(result["outcome"]["status"], "applied", "{result}");
    result["outcome"]["version"].as_i64().unwrap()
}

/// Every change the caller can pull, following the cursor page by page.
async fn pull_all(app: &TestApp, token: &str, limit: u32) -> (Vec<Value>, usize) {
    app.pull_all(token, limit).await
}

fn of_entity<'a>(changes: &'a [Value], entity: &str) -> Vec<&'a Value> {
    changes.iter().filter(|c| c["entity"] == entity).collect()
}

#[tokio::test]
async fn each_role_pulls_only_what_the_api_would_show_it() {
    let app = TestApp::spawn().await;
    seed_demo(&app.db.args).await.unwrap();
    let (owner, _) = token(&app, "owner@acme.test").await;
    let (agent, agent_id) = token(&app, "agent@acme.test").await;
    let (viewer, _) = token(&app, "viewer@acme.test").await;
    let (mine, theirs) = (Uuid::now_v7(), Uuid::now_v7());
    let results = push(
        &app,
        &owner,
        Uuid::new_v4(),
        vec![
            mutation(
                "create",
                mine,
                json!({ "name": "Agnes Assigned", "assignedAgent": agent_id }),
                None,
            ),
            mutation(
                "create",
                theirs,
                json!({ "name": "Oscar Unassigned", "phones": ["415 555 2671"] }),
                None,
            ),
        ],
    )
    .await;
    applied_version(&results[0]);
    applied_version(&results[1]);

    let (agent_view, _) = pull_all(&app, &agent, 1000).await;
    // The demo seed's leads are there too; these two are the test's.
    let leads: Vec<_> = of_entity(&agent_view, "lead")
        .into_iter()
        .filter(|l| l["id"] == mine.to_string() || l["id"] == theirs.to_string())
        .collect();
    assert_eq!(leads.len(), 2);
    for lead in leads {
        if lead["id"] == mine.to_string() {
            assert_eq!(lead["data"]["name"], "Agnes Assigned");
        } else {
            assert!(
                lead["data"].is_null(),
                "another agent's lead came with data: {lead}"
            );
        }
    }
    let text = serde_json::to_string(&agent_view).unwrap();
    assert!(!text.contains("Oscar"), "the agent saw someone else's lead");
    for hidden in ["api_key", "invitation", "audit_entry"] {
        assert!(
            of_entity(&agent_view, hidden).is_empty(),
            "agent got {hidden}"
        );
    }
    // The seed's unassigned lead has consent, a conversation and a call: the agent's
    // devices hear of them only as records to drop.
    for sub in ["consent", "conversation", "call"] {
        let subs = of_entity(&agent_view, sub);
        assert!(!subs.is_empty(), "no {sub} changes at all");
        assert!(
            subs.iter().all(|c| c["data"].is_null()),
            "the agent got another agent's {sub}"
        );
    }
    assert!(
        !text.contains("Noe Valley"),
        "a transcript reached the agent"
    );

    let (viewer_view, _) = pull_all(&app, &viewer, 1000).await;
    let oscar = of_entity(&viewer_view, "lead")
        .into_iter()
        .find(|l| l["id"] == theirs.to_string())
        .unwrap();
    assert_eq!(oscar["data"]["phones"], json!(["+14155552671"]));
    for secret in ["api_key", "invitation", "audit_entry"] {
        assert!(
            of_entity(&viewer_view, secret).is_empty(),
            "viewer got {secret}"
        );
    }

    let (owner_view, _) = pull_all(&app, &owner, 1000).await;
    let keys = of_entity(&owner_view, "api_key");
    assert!(!keys.is_empty(), "owners sync API key records");
    let text = serde_json::to_string(&owner_view).unwrap();
    assert!(!text.contains("key_hash") && !text.contains("keyHash"));
    assert!(!of_entity(&owner_view, "audit_entry").is_empty());
    assert!(!of_entity(&owner_view, "user").is_empty());
}

/// The demo tenants and `count` more leads in Acme, with the owner's token.
async fn acme_with_bulk_leads(count: i64) -> (TestApp, String) {
    let app = TestApp::spawn().await;
    seed_demo(&app.db.args).await.unwrap();
    let (owner, _) = token(&app, "owner@acme.test").await;
    let me = app.get("/v1/me", &owner).await;
    let tenant = me.body["tenant"]["id"].as_str().unwrap().parse().unwrap();
    seed_leads(&app.db.admin_pool().await, tenant, count, None)
        .await
        .unwrap();
    (app, owner)
}

#[tokio::test]
async fn pages_are_bounded_and_the_cursor_resumes_without_gaps_or_repeats() {
    let (app, owner) = acme_with_bulk_leads(95).await;

    let (changes, pages) = pull_all(&app, &owner, 7).await;
    assert!(pages >= 95 / 7, "{pages} pages");
    let keys: Vec<(i64, String, String)> = changes
        .iter()
        .map(|c| {
            (
                c["version"].as_i64().unwrap(),
                c["entity"].as_str().unwrap().to_owned(),
                c["id"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted, "changes come in cursor order");
    let distinct: BTreeSet<_> = keys.iter().collect();
    assert_eq!(distinct.len(), keys.len(), "no change comes twice");
    let bulk = of_entity(&changes, "lead")
        .into_iter()
        .filter(|l| l["data"]["name"].as_str().unwrap().starts_with("Bulk Lead"))
        .count();
    assert_eq!(bulk, 95);

    // A byte budget smaller than one row still moves forward, one row per page.
    let page = app
        .get(
            "/v1/sync/pull?limit=50&maxBytes=1&withRemaining=true",
            &owner,
        )
        .await;
    assert_eq!(page.body["changes"].as_array().unwrap().len(), 1);
    assert!(page.body["hasMore"].as_bool().unwrap());
    assert_eq!(
        page.body["remaining"].as_u64().unwrap() as usize,
        changes.len()
    );

    let forged = app
        .get(
            "/v1/sync/pull?afterVersion=1&afterEntity=lead&afterId=not-a-uuid",
            &owner,
        )
        .await;
    assert_eq!(forged.code(), "invalid_cursor");
}

/// A page reads its rows' data in batches and stops once the byte budget is spent: pages
/// cut inside a later batch hold the same changes, in the same order, as one page with
/// room for all.
#[tokio::test]
async fn pages_cut_by_bytes_across_data_batches_lose_and_repeat_nothing() {
    let (app, owner) = acme_with_bulk_leads(1_500).await;

    let (whole, pages) = app.pull_all_within(&owner, 5_000, None).await;
    assert_eq!(pages, 1, "everything fits one page");
    // More than the first batch's 500 leads take, so pages end inside later batches.
    let budget = 400_000;
    let (cut, pages) = app.pull_all_within(&owner, 5_000, Some(budget)).await;
    assert!(pages >= 2, "{pages} pages of at most {budget} bytes");
    let key = |c: &Value| (c["version"].as_i64(), c["id"].as_str().map(str::to_owned));
    assert_eq!(
        cut.iter().map(key).collect::<Vec<_>>(),
        whole.iter().map(key).collect::<Vec<_>>()
    );
    assert_eq!(cut, whole, "each change carries the same data");
}

#[tokio::test]
async fn a_replayed_push_is_applied_once_and_answered_the_same() {
    let app = TestApp::spawn().await;
    seed_demo(&app.db.args).await.unwrap();
    let (owner, _) = token(&app, "owner@acme.test").await;
    let device = Uuid::new_v4();
    let lead = Uuid::now_v7();
    let create = mutation("create", lead, json!({ "name": "Rita Replay" }), None);
    let first = push(&app, &owner, device, vec![create.clone()]).await;
    let second = push(&app, &owner, device, vec![create]).await;
    assert_eq!(first[0]["outcome"], second[0]["outcome"]);
    assert_eq!(first[0]["replayed"], false);
    assert_eq!(second[0]["replayed"], true);

    let admin = app.db.admin_pool().await;
    let (leads, created): (i64, i64) = sqlx::query_as(
        "select (select count(*) from leads where id = $1),
                (select count(*) from audit_entries where action = 'lead.created' and target = $1::text)",
    )
    .bind(lead)
    .fetch_one(&admin)
    .await
    .unwrap();
    assert_eq!((leads, created), (1, 1));
}

#[tokio::test]
async fn concurrent_edits_merge_by_field_and_the_loser_is_recorded_as_a_conflict() {
    let app = TestApp::spawn().await;
    seed_demo(&app.db.args).await.unwrap();
    let (owner, _) = token(&app, "owner@acme.test").await;
    let (admin, _) = token(&app, "admin@acme.test").await;
    let (laptop, phone) = (Uuid::new_v4(), Uuid::new_v4());
    let lead = Uuid::now_v7();
    let base = applied_version(
        &push(
            &app,
            &owner,
            laptop,
            vec![mutation(
                "create",
                lead,
                json!({ "name": "Carl Conflict" }),
                None,
            )],
        )
        .await[0],
    );

    // Different fields from the same base: both land, nothing is lost.
    applied_version(
        &edit(
            &app,
            &owner,
            laptop,
            lead,
            json!({ "stage": "contacted" }),
            base,
        )
        .await,
    );
    let result = &edit(
        &app,
        &admin,
        phone,
        lead,
        json!({ "notes": "Call after 5" }),
        base,
    )
    .await;
    applied_version(result);
    assert_eq!(result["outcome"]["conflicts"], json!([]));

    // The same field: the later push wins and the value it overwrote is kept.
    applied_version(
        &edit(
            &app,
            &owner,
            laptop,
            lead,
            json!({ "name": "Carl From Laptop" }),
            base,
        )
        .await,
    );
    let result = &edit(
        &app,
        &admin,
        phone,
        lead,
        json!({ "name": "Carl From Phone" }),
        base,
    )
    .await;
    applied_version(result);
    let conflicts = result["outcome"]["conflicts"].as_array().unwrap();
    assert_eq!(conflicts.len(), 1);
    assert_eq!(conflicts[0]["field"], "name");
    assert_eq!(conflicts[0]["overwrittenValue"], "Carl From Laptop");
    assert_eq!(conflicts[0]["winningValue"], "Carl From Phone");

    // A device does not conflict with its own earlier edit.
    let result = &edit(
        &app,
        &admin,
        phone,
        lead,
        json!({ "name": "Carl Again" }),
        base,
    )
    .await;
    assert_eq!(result["outcome"]["conflicts"], json!([]));

    for token in [&owner, &admin] {
        let (changes, _) = pull_all(&app, token, 1000).await;
        let lead_now = of_entity(&changes, "lead")
            .into_iter()
            .find(|l| l["id"] == lead.to_string())
            .unwrap();
        assert_eq!(lead_now["data"]["name"], "Carl Again");
        assert_eq!(lead_now["data"]["stage"], "contacted");
        assert_eq!(lead_now["data"]["notes"], "Call after 5");
        let recorded = of_entity(&changes, "conflict");
        assert_eq!(recorded.len(), 1, "both sides see the conflict");
        assert_eq!(recorded[0]["data"]["overwrittenValue"], "Carl From Laptop");
    }
}

#[tokio::test]
async fn pushes_are_refused_for_the_same_reasons_as_the_rest_api() {
    let app = TestApp::spawn().await;
    seed_demo(&app.db.args).await.unwrap();
    let (owner, _) = token(&app, "owner@acme.test").await;
    let (viewer, _) = token(&app, "viewer@acme.test").await;
    let (agent, _) = token(&app, "agent@acme.test").await;
    let device = Uuid::new_v4();
    let lead = Uuid::now_v7();
    applied_version(
        &push(
            &app,
            &owner,
            device,
            vec![mutation(
                "create",
                lead,
                json!({ "name": "Vera Valid" }),
                None,
            )],
        )
        .await[0],
    );

    let cases = [
        (
            &viewer,
            mutation("update", lead, json!({ "stage": "lost" }), Some(1)),
            "forbidden",
        ),
        (
            &agent,
            mutation("update", lead, json!({ "stage": "lost" }), Some(1)),
            "not_found",
        ),
        (
            &agent,
            mutation("delete", lead, json!({}), Some(1)),
            "not_found",
        ),
        (
            &owner,
            mutation("update", lead, json!({ "phones": ["12"] }), Some(1)),
            "invalid_lead_phone",
        ),
        (
            &owner,
            mutation(
                "update",
                lead,
                json!({ "budgetMin": "9", "budgetMax": "1" }),
                Some(1),
            ),
            "invalid_lead_budget",
        ),
        (
            &owner,
            mutation("update", lead, json!({ "nmae": "typo" }), Some(1)),
            "invalid_lead_change",
        ),
        (
            &owner,
            mutation(
                "create",
                Uuid::now_v7(),
                json!({ "emails": ["x@y.test"] }),
                None,
            ),
            "invalid_lead_name",
        ),
        (
            &owner,
            mutation(
                "update",
                Uuid::now_v7(),
                json!({ "name": "Ghost" }),
                Some(1),
            ),
            "not_found",
        ),
    ];
    for (token, mutation, code) in cases {
        let result = &push(&app, token, device, vec![mutation.clone()]).await[0];
        assert_eq!(result["outcome"]["status"], "rejected", "{mutation}");
        assert_eq!(result["outcome"]["code"], code, "{mutation}");
    }
    // A refused mutation does not stop the ones after it.
    let results = push(
        &app,
        &owner,
        device,
        vec![
            mutation("update", lead, json!({ "phones": ["12"] }), Some(1)),
            mutation("update", lead, json!({ "stage": "qualified" }), Some(1)),
        ],
    )
    .await;
    assert_eq!(results[0]["outcome"]["status"], "rejected");
    applied_version(&results[1]);
}

#[tokio::test]
async fn the_plan_lead_limit_holds_for_sync_creates() {
    let app = TestApp::spawn().await;
    let owner = app.register("quota").await;
    seed_leads(
        &app.db.admin_pool().await,
        owner.tenant_id.parse().unwrap(),
        100,
        None,
    )
    .await
    .unwrap();
    let result = &push(
        &app,
        &owner.access_token,
        Uuid::new_v4(),
        vec![mutation(
            "create",
            Uuid::now_v7(),
            json!({ "name": "One Too Many" }),
            None,
        )],
    )
    .await[0];
    assert_eq!(result["outcome"]["code"], "quota_exceeded", "{result}");
    let plan = app.get("/v1/plan", &owner.access_token).await;
    assert_eq!(plan.body["usage"]["leads"], 100);
}

#[tokio::test]
async fn a_write_through_one_instance_wakes_a_waiter_on_another() {
    let app = TestApp::spawn().await;
    seed_demo(&app.db.args).await.unwrap();
    let (owner, _) = token(&app, "owner@acme.test").await;
    let other = app.another_instance(|_| {}).await;
    let clock = app.get("/v1/sync/pull?limit=1", &owner).await.body["clock"]
        .as_i64()
        .unwrap();

    let waiter = {
        let url = format!(
            "{}/v1/sync/wait?afterVersion={clock}&timeoutSecs=20",
            other.address
        );
        let owner = owner.clone();
        tokio::spawn(async move {
            let started = Instant::now();
            let body: Value = reqwest::Client::new()
                .get(url)
                .bearer_auth(owner)
                .send()
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
            (body, started.elapsed())
        })
    };
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert!(
        !waiter.is_finished(),
        "the waiter answered before anything changed"
    );
    push(
        &app,
        &owner,
        Uuid::new_v4(),
        vec![mutation(
            "create",
            Uuid::now_v7(),
            json!({ "name": "Wanda Wakeup" }),
            None,
        )],
    )
    .await;
    let (body, waited) = waiter.await.unwrap();
    assert_eq!(body["changed"], true, "{body}");
    assert!(body["clock"].as_i64().unwrap() > clock);
    assert!(waited < Duration::from_secs(10), "woke after {waited:?}");

    // With nothing new, the wait times out and says so.
    let clock = body["clock"].as_i64().unwrap();
    let quiet = app
        .get(
            &format!("/v1/sync/wait?afterVersion={clock}&timeoutSecs=1"),
            &owner,
        )
        .await;
    assert_eq!(quiet.body["changed"], false);
    other.stop().await;
}

#[tokio::test]
async fn a_client_below_the_minimum_protocol_gets_426() {
    let app = TestApp::spawn().await;
    let response = reqwest::Client::new()
        .get(format!("{}/v1/sync/pull", app.address))
        .header(PROTOCOL_HEADER, "0")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::UPGRADE_REQUIRED);
    assert_eq!(response.headers()[MIN_PROTOCOL_HEADER], "1");
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["code"], "client_too_old");

    let current = app.call(Method::GET, "/healthz", None, None).await;
    assert_eq!(current.status, StatusCode::OK, "no header, no refusal");
}
