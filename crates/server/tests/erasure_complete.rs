//! Erasure proven complete: a lead with every kind of record the platform keeps about a
//! person (consent entries, a conversation and a call from the integrations, an
//! idempotent ingest, pushed edits with a field conflict, an import preview and an
//! export) is erased, and then every table of the catalogue, as the RLS harness finds
//! them, is searched for her name, email and phone, and finds them nowhere: not the
//! audit trail, not the mail, not the sync memory of pushed edits, not the conflicts,
//! not the idempotency records.

use brokerdesk_server::seed::seed_demo;
use brokerdesk_server::testing::TestApp;
use brokerdesk_server::testing::api::push_outcome;
use brokerdesk_server::testing::traces::traces_in_tenant;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use uuid::Uuid;

/// How she may appear in any row, as text: name, email, phone in three spellings.
const TRACES: [&str; 6] = [
    "%quinn%",
    "%vasquez%",
    "%quinn.v@%",
    "%5550133%",
    "%555-0133%",
    "%555.0133%",
];

/// Idempotency keys are the integrator's opaque ids (UUIDs here): the record keeps the
/// key, a hash of the body and the answer, which names the lead by id only.
async fn ingest(app: &TestApp, key: &str, route: &str, body: Value, idempotency: &str) -> Value {
    let response = reqwest::Client::new()
        .post(format!("{}/v1/integrations/{route}", app.address))
        .header("x-api-key", key)
        .header("idempotency-key", idempotency)
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = response.status();
    let body: Value = response.json().await.unwrap();
    assert!(status.is_success(), "{route}: {status} {body}");
    body
}

fn edit(lead: &str, changes: Value, base: i64) -> Value {
    json!({
        "mutationId": Uuid::now_v7(), "entity": "lead", "op": "update",
        "entityId": lead, "changes": changes, "baseVersion": base
    })
}

/// Rows of acme's that still hold a trace of her, by table.
async fn traces_left(app: &TestApp, acme: &str) -> Vec<(String, i64)> {
    let patterns: Vec<String> = TRACES.iter().map(|t| t.to_string()).collect();
    traces_in_tenant(&app.db.admin_pool().await, acme.parse().unwrap(), &patterns).await
}

#[tokio::test]
async fn an_erased_lead_is_nowhere_in_any_table() {
    let app = TestApp::spawn().await;
    seed_demo(&app.db.args).await.unwrap();
    let owner = app.demo_token("acme", "owner@acme.test").await;
    let admin = app.demo_token("acme", "admin@acme.test").await;
    let acme: String = sqlx::query_scalar("select id::text from tenants where subdomain = 'acme'")
        .fetch_one(&app.db.admin_pool().await)
        .await
        .unwrap();
    let key = app
        .post(
            "/v1/api-keys",
            &owner,
            Some(json!({
                "name": "Erasure", "scopes": ["leads:ingest", "conversations:ingest", "calls:ingest"]
            })),
        )
        .await
        .body["key"]
        .as_str()
        .unwrap()
        .to_owned();

    // From the chatbot, with her written consent, retried once with the same key.
    let lead_post = json!({
        "contact": {
            "name": "Quinn Vasquez", "emails": ["Quinn.V@example.test"],
            "phones": ["(415) 555-0133"], "notes": "Quinn wants a loft near the ballpark."
        },
        "consents": [{
            "channel": "call", "action": "granted", "written": true, "covers": "(415) 555-0133",
            "text": "I agree to be called, including by AI voice.",
            "capturedWhere": "https://acme.test/chat",
            "evidence": { "ip": "198.51.100.9", "userAgent": "Widget/1.0" }
        }]
    });
    let retried = Uuid::new_v4().to_string();
    let first = ingest(&app, &key, "leads", lead_post.clone(), &retried).await;
    let again = ingest(&app, &key, "leads", lead_post, &retried).await;
    assert_eq!(
        first, again,
        "the retry is answered from the idempotency record"
    );
    let lead = first["leadId"].as_str().unwrap().to_owned();
    ingest(
        &app,
        &key,
        "conversations",
        json!({
            "contact": { "phones": ["415.555.0133"] },
            "conversation": {
                "startedAt": "2026-11-20T16:00:00Z",
                "messages": [
                    { "role": "assistant", "text": "Hi Quinn! How can I help?", "at": "2026-11-20T16:00:00Z" },
                    { "role": "lead", "text": "I'm Quinn Vasquez, call me on 415-555-0133.", "at": "2026-11-20T16:00:30Z" }
                ]
            }
        }),
        &Uuid::new_v4().to_string(),
    )
    .await;
    ingest(
        &app,
        &key,
        "calls",
        json!({
            "contact": { "phones": ["+14155550133"] },
            "call": {
                "direction": "outbound", "phone": "+14155550133",
                "startedAt": "2026-11-21T17:00:00Z", "durationSecs": 95, "outcome": "answered",
                "recordingRef": "rec_quinn", "transcriptSummary": "Quinn Vasquez booked a viewing."
            }
        }),
        &Uuid::new_v4().to_string(),
    )
    .await;

    // Two devices edit the same field from the same base: the later push wins and the
    // value it overwrote is kept as a conflict, quoting her.
    let base = app.get(&format!("/v1/leads/{lead}"), &owner).await.body["version"]
        .as_i64()
        .unwrap();
    let laptop = app
        .push(
            &owner,
            Uuid::new_v4(),
            vec![edit(
                &lead,
                json!({ "notes": "Quinn Vasquez: mornings only" }),
                base,
            )],
        )
        .await;
    assert_eq!(push_outcome(&laptop[0]).0, "applied", "{laptop:?}");
    let phone = app
        .push(
            &admin,
            Uuid::new_v4(),
            vec![edit(
                &lead,
                json!({ "notes": "Quinn: evenings, 415-555-0133" }),
                base,
            )],
        )
        .await;
    assert_eq!(push_outcome(&phone[0]).0, "applied", "{phone:?}");
    assert_eq!(
        phone[0]["outcome"]["conflicts"].as_array().map(Vec::len),
        Some(1),
        "{phone:?}"
    );

    // A spreadsheet naming her is previewed, and the leads are exported.
    let preview = app
        .post(
            "/v1/leads/import/preview",
            &owner,
            Some(json!({ "csv": "name,emails,phones\nQuinn Vasquez,quinn.v@example.test,4155550133\n" })),
        )
        .await;
    assert_eq!(preview.status, StatusCode::OK, "{:?}", preview.body);
    let export = app.get("/v1/leads/export", &owner).await;
    assert_eq!(export.status, StatusCode::OK);

    // Before: she is in the tables this test is about, so the search below can find her.
    let before: Vec<String> = traces_left(&app, &acme)
        .await
        .into_iter()
        .map(|(t, _)| t)
        .collect();
    for table in [
        "leads",
        "consent_entries",
        "conversations",
        "call_records",
        "sync_conflicts",
        "sync_mutations",
    ] {
        assert!(
            before.iter().any(|t| t == table),
            "{table} held nothing of her: {before:?}"
        );
    }

    let erased = app
        .call(
            Method::DELETE,
            &format!("/v1/leads/{lead}"),
            Some(&admin),
            None,
        )
        .await;
    assert_eq!(erased.status, StatusCode::NO_CONTENT, "{:?}", erased.body);
    assert_eq!(
        traces_left(&app, &acme).await,
        [],
        "her personal data outlived the erasure"
    );
}
