//! The ingest API end to end, with real tenant API keys made through the API: dedupe and
//! merge by normalised email or phone, idempotent retries, scopes and dead keys refused,
//! and the plan's lead and monthly call limits enforced with nothing half-written.

use brokerdesk_server::leads::ingest::KEY_KEPT_DAYS;
use brokerdesk_server::retention::scheduler::run_pass;
use brokerdesk_server::seed::{DEMO_PASSWORD, seed_demo};
use brokerdesk_server::testing::TestApp;
use brokerdesk_server::testing::api::{SignedIn, signed_in};
use brokerdesk_server::testing::leads::seed_leads;
use chrono::Utc;
use reqwest::StatusCode;
use serde_json::{Value, json};
use sha2::Digest;
use uuid::Uuid;

struct Answer {
    status: StatusCode,
    body: Value,
    replayed: bool,
}

async fn post(
    app: &TestApp,
    key: &str,
    route: &str,
    body: &Value,
    idempotency: Option<&str>,
) -> Answer {
    let mut request = reqwest::Client::new()
        .post(format!("{}/v1/integrations/{route}", app.address))
        .header("x-api-key", key)
        .json(body);
    if let Some(idempotency) = idempotency {
        request = request.header("idempotency-key", idempotency);
    }
    let response = request.send().await.unwrap();
    let status = response.status();
    let replayed = response.headers().contains_key("idempotent-replayed");
    let body = response.json().await.unwrap_or(Value::Null);
    Answer {
        status,
        body,
        replayed,
    }
}

async fn owner(app: &TestApp, tenant: &str) -> SignedIn {
    signed_in(
        app.sign_in(tenant, &format!("owner@{tenant}.test"), DEMO_PASSWORD)
            .await,
    )
}

/// Makes a key through the API and returns it with its id.
async fn make_key(app: &TestApp, owner: &SignedIn, scopes: &[&str]) -> (String, String) {
    let response = app
        .post(
            "/v1/api-keys",
            &owner.access_token,
            Some(json!({ "name": format!("Ingest {}", scopes.join(" ")), "scopes": scopes })),
        )
        .await;
    assert_eq!(response.status, StatusCode::CREATED, "{:?}", response.body);
    (
        response.body["key"].as_str().unwrap().to_owned(),
        response.body["apiKey"]["id"].as_str().unwrap().to_owned(),
    )
}

const ALL_INGEST: &[&str] = &["leads:ingest", "conversations:ingest", "calls:ingest"];

fn lead_post(email: &str, phone: &str) -> Value {
    json!({
        "contact": {
            "name": "Rosa Diaz",
            "emails": [email],
            "phones": [phone],
            "tags": ["chatbot"],
            "notes": "Wants a condo downtown."
        },
        "consents": [{
            "channel": "call", "action": "granted", "written": true,
            "covers": phone,
            "text": "I agree to be called, including by AI voice.",
            "capturedWhere": "https://acme.test/chat",
            "evidence": { "ip": "198.51.100.4", "userAgent": "Widget/1.0" }
        }]
    })
}

fn call_post(phone: &str) -> Value {
    json!({
        "contact": { "phones": [phone] },
        "call": {
            "direction": "outbound", "phone": phone, "startedAt": "2026-11-20T17:00:00Z",
            "durationSecs": 120, "outcome": "answered", "recordingRef": "rec_1",
            "transcriptSummary": "Booked a viewing."
        }
    })
}

async fn count(app: &TestApp, sql: &str) -> i64 {
    sqlx::query_scalar(sql)
        .fetch_one(&app.db.admin_pool().await)
        .await
        .unwrap()
}

#[tokio::test]
async fn posts_merge_by_normalised_contact_and_attach_conversations_and_calls() {
    let app = TestApp::spawn().await;
    seed_demo(&app.db.args).await.unwrap();
    let acme = owner(&app, "acme").await;
    let (key, _) = make_key(&app, &acme, ALL_INGEST).await;

    let first = post(
        &app,
        &key,
        "leads",
        &lead_post("Rosa.Diaz@Example.test", "(415) 555-0177"),
        None,
    )
    .await;
    assert_eq!(first.status, StatusCode::CREATED, "{:?}", first.body);
    assert_eq!(first.body["created"], true);
    assert_eq!(first.body["consentsRecorded"], 1);
    let lead_id = first.body["leadId"].as_str().unwrap().to_owned();

    // The same person by another spelling of the email, with a second number.
    let mut again = lead_post("rosa.diaz@example.TEST", "+1 312 555 0148");
    again["contact"]["name"] = json!("R. Diaz");
    again["contact"]["notes"] = json!("Also asked about schools.");
    let merged = post(&app, &key, "leads", &again, None).await;
    assert_eq!(merged.status, StatusCode::OK, "{:?}", merged.body);
    assert_eq!(
        (
            merged.body["leadId"].as_str().unwrap(),
            &merged.body["created"]
        ),
        (lead_id.as_str(), &json!(false))
    );

    // A conversation found by the phone number alone, written differently again.
    let conversation = json!({
        "contact": { "phones": ["415.555.0177"] },
        "conversation": {
            "startedAt": "2026-11-20T16:00:00Z",
            "messages": [
                { "role": "assistant", "text": "Hi! How can I help?", "at": "2026-11-20T16:00:00Z" },
                { "role": "lead", "text": "Any 2-bed condos downtown?", "at": "2026-11-20T16:00:30Z" }
            ]
        }
    });
    let chat = post(&app, &key, "conversations", &conversation, None).await;
    assert_eq!(
        (chat.status, chat.body["leadId"].as_str().unwrap()),
        (StatusCode::OK, lead_id.as_str()),
        "{:?}",
        chat.body
    );
    let call = post(&app, &key, "calls", &call_post("+14155550177"), None).await;
    assert_eq!(call.status, StatusCode::OK, "{:?}", call.body);

    let lead = app
        .get(&format!("/v1/leads/{lead_id}"), &acme.access_token)
        .await
        .body;
    assert_eq!(
        lead["name"], "Rosa Diaz",
        "an integration never overwrites the name"
    );
    assert_eq!(lead["emails"], json!(["rosa.diaz@example.test"]));
    assert_eq!(lead["phones"], json!(["+14155550177", "+13125550148"]));
    assert_eq!(
        lead["notes"],
        "Wants a condo downtown.\n\nAlso asked about schools."
    );
    assert_eq!(lead["source"], "chatbot");
    assert!(lead["lastActivityAt"].is_string());
    let activity = app
        .get(&format!("/v1/leads/{lead_id}/activity"), &acme.access_token)
        .await
        .body;
    assert_eq!(
        activity["conversations"][0]["messages"][1]["text"],
        "Any 2-bed condos downtown?"
    );
    assert_eq!(
        activity["calls"][0]["transcriptSummary"],
        "Booked a viewing."
    );
    let consents = app
        .get(&format!("/v1/leads/{lead_id}/consents"), &acme.access_token)
        .await
        .body;
    assert_eq!(consents.as_array().unwrap().len(), 2);
    assert_eq!(
        consents[0]["recordedBy"]
            .as_str()
            .unwrap()
            .split(':')
            .next(),
        Some("api_key")
    );
    assert_eq!(consents[0]["evidence"]["ip"], "198.51.100.4");

    // One call on record this month (the demo seed's and this one).
    let usage = app.get("/v1/plan", &acme.access_token).await.body;
    assert_eq!(usage["usage"]["aiCallsThisMonth"], 2, "{usage}");

    // The trail says an integration did it, and names no personal data.
    let trail = app
        .get("/v1/audit?limit=500", &acme.access_token)
        .await
        .body
        .to_string();
    assert!(trail.contains("call.recorded") && trail.contains("api_key"));
    assert!(
        !trail.contains("rosa") && !trail.contains("5550177"),
        "personal data in the trail"
    );

    // Nobody needs contact details to be found again? Then the post is refused.
    let anonymous = post(
        &app,
        &key,
        "leads",
        &json!({ "contact": { "name": "Nobody" } }),
        None,
    )
    .await;
    assert_eq!(
        (anonymous.status, anonymous.body["code"].as_str()),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("ingest_needs_contact")
        )
    );
}

/// An answer is kept for retries for `KEY_KEPT_DAYS`; then the retention pass forgets it,
/// and the key is free again.
#[tokio::test]
async fn a_stored_answer_is_forgotten_after_its_retry_window() {
    let app = TestApp::spawn().await;
    seed_demo(&app.db.args).await.unwrap();
    let acme = owner(&app, "acme").await;
    let (key, _) = make_key(&app, &acme, ALL_INGEST).await;
    let old_body = lead_post("old@example.test", "+14155550170");
    let recent_body = lead_post("recent@example.test", "+14155550171");
    let old = post(&app, &key, "leads", &old_body, Some("old-post")).await;
    let recent = post(&app, &key, "leads", &recent_body, Some("recent-post")).await;
    assert_eq!(
        (old.status, recent.status),
        (StatusCode::CREATED, StatusCode::CREATED)
    );
    let a_day_past_the_window = format!("{} days", KEY_KEPT_DAYS + 1);
    sqlx::query("update ingest_requests set created_at = now() - $1::interval where key_hash = $2")
        .bind(a_day_past_the_window)
        .bind(hex::encode(sha2::Sha256::digest(b"old-post")))
        .execute(&app.db.admin_pool().await)
        .await
        .unwrap();

    run_pass(&app.db.database().await, Utc::now())
        .await
        .unwrap()
        .expect("no other pass runs");
    assert_eq!(count(&app, "select count(*) from ingest_requests").await, 1);
    let retry = post(&app, &key, "leads", &recent_body, Some("recent-post")).await;
    assert!(retry.replayed, "a recent answer is still given again");
    let other_body = lead_post("other@example.test", "+14155550172");
    let reused = post(&app, &key, "leads", &other_body, Some("old-post")).await;
    assert_eq!(reused.status, StatusCode::CREATED, "{:?}", reused.body);
    assert!(!reused.replayed, "the forgotten key makes a new request");
}

#[tokio::test]
async fn an_idempotency_key_answers_once_and_refuses_another_body() {
    let app = TestApp::spawn().await;
    seed_demo(&app.db.args).await.unwrap();
    let acme = owner(&app, "acme").await;
    let (key, _) = make_key(&app, &acme, ALL_INGEST).await;
    let body = lead_post("ivy@example.test", "+14155550190");
    let idem = Uuid::new_v4().to_string();

    let first = post(&app, &key, "leads", &body, Some(&idem)).await;
    assert_eq!(first.status, StatusCode::CREATED);
    assert!(!first.replayed);
    // Only the key's hash is kept (callers may make keys of personal data).
    let stored =
        |kept: String| format!("select count(*) from ingest_requests where key_hash = '{kept}'");
    assert_eq!(count(&app, &stored(idem.clone())).await, 0);
    let hashed = hex::encode(sha2::Sha256::digest(idem.as_bytes()));
    assert_eq!(count(&app, &stored(hashed)).await, 1);
    // Key order and whitespace do not make another request.
    let reordered: Value =
        serde_json::from_str(&serde_json::to_string_pretty(&body).unwrap()).unwrap();
    let retry = post(&app, &key, "leads", &reordered, Some(&idem)).await;
    assert_eq!(
        (retry.status, &retry.body),
        (StatusCode::CREATED, &first.body)
    );
    assert!(retry.replayed);
    assert_eq!(
        count(
            &app,
            "select count(*) from leads where 'ivy@example.test' = any(emails)"
        )
        .await,
        1
    );
    assert_eq!(
        count(
            &app,
            "select count(*) from consent_entries where covers = '+14155550190'"
        )
        .await,
        1,
        "the retry wrote nothing"
    );

    let other = post(
        &app,
        &key,
        "leads",
        &lead_post("ivy@example.test", "+14155550191"),
        Some(&idem),
    )
    .await;
    assert_eq!(
        (other.status, other.body["code"].as_str()),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("idempotency_key_reused")
        )
    );
    // The same key on another route is another request too.
    let elsewhere = post(&app, &key, "calls", &call_post("+14155550190"), Some(&idem)).await;
    assert_eq!(elsewhere.body["code"], "idempotency_key_reused");
    assert_eq!(
        count(
            &app,
            "select count(*) from call_records where phone = '+14155550190'"
        )
        .await,
        0
    );

    // Keys are per tenant: summit may use the same key text for its own post.
    let summit = owner(&app, "summit").await;
    let (summit_key, _) = make_key(&app, &summit, ALL_INGEST).await;
    let theirs = post(
        &app,
        &summit_key,
        "leads",
        &lead_post("ivy@example.test", "+14155550190"),
        Some(&idem),
    )
    .await;
    assert_eq!(theirs.status, StatusCode::CREATED, "{:?}", theirs.body);
    assert_ne!(theirs.body["leadId"], first.body["leadId"]);
}

#[tokio::test]
async fn wrong_scope_dead_and_bearer_credentials_are_refused() {
    let app = TestApp::spawn().await;
    seed_demo(&app.db.args).await.unwrap();
    let acme = owner(&app, "acme").await;
    let (kb_only, _) = make_key(&app, &acme, &["kb:read"]).await;
    let (leads_only, _) = make_key(&app, &acme, &["leads:ingest"]).await;
    let (revoked, revoked_id) = make_key(&app, &acme, ALL_INGEST).await;
    let (expired, expired_id) = make_key(&app, &acme, ALL_INGEST).await;
    app.post(
        &format!("/v1/api-keys/{revoked_id}/revoke"),
        &acme.access_token,
        None,
    )
    .await;
    sqlx::query("update api_keys set expires_at = now() - interval '1 minute' where id = $1")
        .bind(expired_id.parse::<Uuid>().unwrap())
        .execute(&app.db.admin_pool().await)
        .await
        .unwrap();
    let leads_before = count(&app, "select count(*) from leads").await;

    let body = lead_post("scope@example.test", "+14155550150");
    let refused = post(&app, &kb_only, "leads", &body, None).await;
    assert_eq!(
        (refused.status, refused.body["code"].as_str()),
        (StatusCode::FORBIDDEN, Some("missing_scope"))
    );
    let refused = post(&app, &leads_only, "calls", &call_post("+14155550150"), None).await;
    assert_eq!(refused.body["code"], "missing_scope");
    let refused = post(&app, &leads_only, "conversations", &json!({}), None).await;
    assert_eq!(
        refused.body["code"], "missing_scope",
        "the scope is checked before the body"
    );
    for dead in [
        &revoked,
        &expired,
        &acme.access_token,
        &"bd_live_nonsense".to_owned(),
    ] {
        let refused = post(&app, dead, "leads", &body, None).await;
        assert_eq!(
            (refused.status, refused.body["code"].as_str()),
            (StatusCode::UNAUTHORIZED, Some("invalid_api_key"))
        );
    }
    assert_eq!(
        count(&app, "select count(*) from leads").await,
        leads_before
    );
}

#[tokio::test]
async fn plan_limits_refuse_the_post_and_leave_nothing_behind() {
    let app = TestApp::spawn().await;
    seed_demo(&app.db.args).await.unwrap();
    let summit = owner(&app, "summit").await;
    let (key, _) = make_key(&app, &summit, ALL_INGEST).await;
    let tenant: Uuid = summit.tenant_id.parse().unwrap();
    let admin = app.db.admin_pool().await;

    // Starter: 500 AI calls a month. The seed made one; fill up to 499.
    sqlx::query(
        "insert into call_records (tenant_id, id, lead_id, direction, phone, started_at, duration_secs, outcome, version)
         select $1, gen_random_uuid(), (select id from leads where tenant_id = $1 limit 1), 'outbound',
                '+14155550100', now(), 30, 'answered', 1
           from generate_series(1, 498)",
    )
    .bind(tenant)
    .execute(&admin)
    .await
    .unwrap();
    let last = post(&app, &key, "calls", &call_post("+14155550160"), None).await;
    assert_eq!(
        last.status,
        StatusCode::CREATED,
        "the 500th call fits: {:?}",
        last.body
    );
    let over = post(
        &app,
        &key,
        "calls",
        &call_post("+14155550161"),
        Some("over-the-limit"),
    )
    .await;
    assert_eq!(
        (over.status, over.body["code"].as_str()),
        (StatusCode::FORBIDDEN, Some("quota_exceeded"))
    );
    assert!(
        over.body["message"].as_str().unwrap().contains("AI call"),
        "{:?}",
        over.body
    );
    // Not the lead the post would have made, nor its answer.
    assert_eq!(
        count(
            &app,
            "select count(*) from leads where '+14155550161' = any(phones)"
        )
        .await,
        0
    );
    assert_eq!(count(&app, "select count(*) from ingest_requests").await, 0);

    // Starter: 1,000 leads. Fill up to the limit.
    let have = count(
        &app,
        &format!("select count(*) from leads where tenant_id = '{tenant}'"),
    )
    .await;
    seed_leads(
        &admin,
        summit.tenant_id.parse().unwrap(),
        1_000 - have,
        None,
    )
    .await
    .unwrap();
    let new_person = post(
        &app,
        &key,
        "leads",
        &lead_post("late@example.test", "+13125550170"),
        None,
    )
    .await;
    assert_eq!(
        (new_person.status, new_person.body["code"].as_str()),
        (StatusCode::FORBIDDEN, Some("quota_exceeded"))
    );
    assert_eq!(
        count(
            &app,
            "select count(*) from consent_entries where covers = '+13125550170'"
        )
        .await,
        0
    );
    // A post about someone already known still merges: it adds no lead.
    let known = post(
        &app,
        &key,
        "leads",
        &json!({ "contact": { "phones": ["+14155550160"], "tags": ["hot"] } }),
        None,
    )
    .await;
    assert_eq!(known.status, StatusCode::OK, "{:?}", known.body);
}
