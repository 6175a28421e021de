//! Consent entries and the do-not-call list changed through sync push (a desktop that was
//! offline), against real PostgreSQL: the same permissions as the REST routes, the
//! ledger stays append-only, a device's ids are kept so its optimistic copy is the real
//! one, a number listed twice converges on one entry, and another tenant's records are
//! out of reach.

use brokerdesk_server::seed::{DEMO_PASSWORD, seed_demo};
use brokerdesk_server::testing::TestApp;
use brokerdesk_server::testing::api::{SignedIn, signed_in};
use reqwest::StatusCode;
use serde_json::{Value, json};
use uuid::Uuid;

async fn as_user(app: &TestApp, tenant: &str, role: &str) -> SignedIn {
    signed_in(
        app.sign_in(tenant, &format!("{role}@{tenant}.test"), DEMO_PASSWORD)
            .await,
    )
}

fn mutation(entity: &str, op: &str, id: Uuid, changes: Value) -> Value {
    json!({
        "mutationId": Uuid::now_v7(), "entity": entity, "op": op,
        "entityId": id, "changes": changes, "baseVersion": null,
    })
}

/// Pushes the mutations from a new device; returns each one's outcome.
async fn push(app: &TestApp, user: &SignedIn, mutations: Vec<Value>) -> Vec<Value> {
    let response = app
        .post(
            "/v1/sync/push",
            &user.access_token,
            Some(json!({ "deviceId": Uuid::new_v4(), "mutations": mutations })),
        )
        .await;
    assert_eq!(response.status, StatusCode::OK, "{:?}", response.body);
    response.body["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["outcome"].clone())
        .collect()
}

fn rejected(outcome: &Value) -> &str {
    assert_eq!(outcome["status"], "rejected", "{outcome}");
    outcome["code"].as_str().unwrap()
}

fn grant(lead: &str, phone: &str) -> Value {
    json!({
        "leadId": lead, "channel": "call", "action": "granted", "written": true,
        "covers": phone, "text": "I agree to be called, including by AI voice.",
        "capturedWhere": "Phone call with the agent",
    })
}

async fn lead_named(app: &TestApp, user: &SignedIn, name: &str) -> Value {
    let page = app
        .get(
            &format!("/v1/leads?q={}", name.replace(' ', "%20")),
            &user.access_token,
        )
        .await;
    page.body["leads"][0].clone()
}

async fn call_check(app: &TestApp, user: &SignedIn, lead: &str, phone: &str) -> Value {
    let phone = phone.replace('+', "%2B");
    app.get(
        &format!("/v1/leads/{lead}/call-check?phone={phone}&kind=ai_voice"),
        &user.access_token,
    )
    .await
    .body
}

async fn ledger_size(app: &TestApp, user: &SignedIn, lead: &str) -> usize {
    let ledger = app
        .get(&format!("/v1/leads/{lead}/consents"), &user.access_token)
        .await;
    ledger.body.as_array().unwrap().len()
}

/// Whether a pull from the start gives `user` a tombstone for the do-not-call entry.
async fn tombstoned(app: &TestApp, user: &SignedIn, entry: Uuid) -> bool {
    let pulled = app.get("/v1/sync/pull", &user.access_token).await.body;
    assert_eq!(pulled["hasMore"], false, "the demo data fits one page");
    pulled["changes"]
        .as_array()
        .unwrap()
        .iter()
        .any(|c| c["entity"] == "dnc_entry" && c["id"] == entry.to_string() && c["data"].is_null())
}

#[tokio::test]
async fn consent_pushed_offline_is_recorded_under_the_devices_id_and_decides_the_call_check() {
    let app = TestApp::spawn().await;
    seed_demo(&app.db.args).await.unwrap();
    let agent = as_user(&app, "acme", "agent").await;
    // Lena is the agent's lead, with no consent on file.
    let lena = lead_named(&app, &agent, "Lena Novak").await;
    let (lead, phone) = (
        lena["id"].as_str().unwrap(),
        lena["phones"][0].as_str().unwrap(),
    );
    assert_eq!(
        call_check(&app, &agent, lead, phone).await["reason"],
        "no_written_consent"
    );

    let id = Uuid::now_v7();
    let outcome = push(
        &app,
        &agent,
        vec![mutation("consent", "create", id, grant(lead, phone))],
    )
    .await;
    assert_eq!(outcome[0]["status"], "applied", "{outcome:?}");
    let ledger = app
        .get(&format!("/v1/leads/{lead}/consents"), &agent.access_token)
        .await
        .body;
    let entry = ledger
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["id"] == id.to_string())
        .expect("the entry keeps the device's id");
    assert_eq!(entry["recordedBy"], format!("user:{}", agent.user_id));
    assert_eq!(entry["capturedWhere"], "Phone call with the agent");
    assert_eq!(entry["version"], outcome[0]["version"]);
    let check = call_check(&app, &agent, lead, phone).await;
    assert_ne!(check["reason"], "no_written_consent", "{check}");

    // The ledger is append-only: an entry is never rewritten or removed through sync,
    // and its id cannot be reused.
    let refused = push(
        &app,
        &agent,
        vec![
            mutation("consent", "update", id, json!({ "text": "Something else" })),
            mutation("consent", "delete", id, json!({})),
            mutation("consent", "create", id, grant(lead, phone)),
        ],
    )
    .await;
    assert_eq!(rejected(&refused[0]), "consent_append_only");
    assert_eq!(rejected(&refused[1]), "consent_append_only");
    assert_eq!(rejected(&refused[2]), "consent_exists");

    // A revocation is an entry of its own, and takes effect at once.
    let revocation = json!({
        "leadId": lead, "channel": "call", "action": "revoked", "covers": phone, "text": "Stop calling."
    });
    let outcome = push(
        &app,
        &agent,
        vec![mutation("consent", "create", Uuid::now_v7(), revocation)],
    )
    .await;
    assert_eq!(outcome[0]["status"], "applied", "{outcome:?}");
    assert_eq!(
        call_check(&app, &agent, lead, phone).await["reason"],
        "consent_revoked"
    );
}

#[tokio::test]
async fn consent_pushes_are_refused_as_the_rest_route_refuses_them() {
    let app = TestApp::spawn().await;
    seed_demo(&app.db.args).await.unwrap();
    let owner = as_user(&app, "acme", "owner").await;
    let agent = as_user(&app, "acme", "agent").await;
    let viewer = as_user(&app, "acme", "viewer").await;
    let maya = lead_named(&app, &owner, "Maya Chen").await;
    let maya_id = maya["id"].as_str().unwrap();
    let before = ledger_size(&app, &owner, maya_id).await;
    let for_maya = || {
        mutation(
            "consent",
            "create",
            Uuid::now_v7(),
            grant(maya_id, "+14155550142"),
        )
    };

    // Maya is not the agent's: to the agent she does not exist.
    assert_eq!(
        rejected(&push(&app, &agent, vec![for_maya()]).await[0]),
        "not_found"
    );
    assert_eq!(
        rejected(&push(&app, &viewer, vec![for_maya()]).await[0]),
        "forbidden"
    );
    // Invalid entries get the validation the REST route gives.
    let no_text = json!({ "leadId": maya_id, "channel": "call", "action": "granted", "covers": "+14155550142" });
    let no_lead =
        json!({ "channel": "call", "action": "granted", "covers": "+14155550142", "text": "Yes" });
    let outcomes = push(
        &app,
        &owner,
        vec![
            mutation("consent", "create", Uuid::now_v7(), no_text),
            mutation("consent", "create", Uuid::now_v7(), no_lead),
        ],
    )
    .await;
    assert_eq!(rejected(&outcomes[0]), "invalid_consent");
    assert_eq!(rejected(&outcomes[1]), "invalid_consent");
    assert_eq!(
        ledger_size(&app, &owner, maya_id).await,
        before,
        "nothing refused was written"
    );

    // Another tenant's owner aims at acme's lead: it does not exist for them.
    let summit = as_user(&app, "summit", "owner").await;
    assert_eq!(
        rejected(&push(&app, &summit, vec![for_maya()]).await[0]),
        "not_found"
    );
    assert_eq!(ledger_size(&app, &owner, maya_id).await, before);
}

#[tokio::test]
async fn the_do_not_call_list_changes_through_push_with_the_rest_routes_rights() {
    let app = TestApp::spawn().await;
    seed_demo(&app.db.args).await.unwrap();
    let admin = as_user(&app, "acme", "admin").await;
    let agent = as_user(&app, "acme", "agent").await;
    let viewer = as_user(&app, "acme", "viewer").await;
    let list = async |app: &TestApp| app.get("/v1/dnc", &admin.access_token).await.body;

    // Anyone who works leads may add a number; the entry keeps the device's id.
    let added = Uuid::now_v7();
    let add = mutation(
        "dnc_entry",
        "create",
        added,
        json!({ "phone": "(415) 555-0177", "reason": "Asked on a call" }),
    );
    assert_eq!(push(&app, &agent, vec![add]).await[0]["status"], "applied");
    let entry = list(&app)
        .await
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["id"] == added.to_string())
        .cloned()
        .expect("the device's id is kept");
    assert_eq!(entry["phone"], "+14155550177");
    assert_eq!(entry["reason"], "Asked on a call");
    let viewer_add = mutation(
        "dnc_entry",
        "create",
        Uuid::now_v7(),
        json!({ "phone": "+14155550178" }),
    );
    assert_eq!(
        rejected(&push(&app, &viewer, vec![viewer_add]).await[0]),
        "forbidden"
    );
    let bad = mutation(
        "dnc_entry",
        "create",
        Uuid::now_v7(),
        json!({ "phone": "12" }),
    );
    assert_ne!(push(&app, &agent, vec![bad]).await[0]["status"], "applied");

    // Taking a number off is for those who manage every lead.
    let remove = || mutation("dnc_entry", "delete", added, json!({}));
    assert_eq!(
        rejected(&push(&app, &agent, vec![remove()]).await[0]),
        "forbidden"
    );
    let edit = mutation("dnc_entry", "update", added, json!({ "reason": "x" }));
    assert_eq!(
        rejected(&push(&app, &admin, vec![edit]).await[0]),
        "dnc_not_editable"
    );
    let removed = push(&app, &admin, vec![remove()]).await;
    assert_eq!(removed[0]["status"], "applied");
    assert!(!list(&app).await.to_string().contains(&added.to_string()));
    // Already gone is what the device asked for.
    assert_eq!(
        push(&app, &admin, vec![remove()]).await[0]["status"],
        "applied"
    );
    // The removal reaches devices as a tombstone.
    assert!(
        tombstoned(&app, &agent, added).await,
        "no tombstone for the removed entry"
    );

    // Another tenant cannot take acme's numbers off: acme's list is untouched.
    let before = list(&app).await;
    let acme_entry: Uuid = before[0]["id"].as_str().unwrap().parse().unwrap();
    let summit = as_user(&app, "summit", "owner").await;
    let reach = mutation("dnc_entry", "delete", acme_entry, json!({}));
    push(&app, &summit, vec![reach]).await;
    assert_eq!(list(&app).await, before);
}

#[tokio::test]
async fn a_number_two_devices_listed_converges_on_the_first_entry() {
    let app = TestApp::spawn().await;
    seed_demo(&app.db.args).await.unwrap();
    let owner = as_user(&app, "acme", "owner").await;
    let agent = as_user(&app, "acme", "agent").await;
    let first = Uuid::now_v7();
    let second = Uuid::now_v7();
    let add = |id| {
        mutation(
            "dnc_entry",
            "create",
            id,
            json!({ "phone": "+14155550166" }),
        )
    };
    assert_eq!(
        push(&app, &owner, vec![add(first)]).await[0]["status"],
        "applied"
    );
    // The agent's device listed the same number offline, under its own id.
    assert_eq!(
        push(&app, &agent, vec![add(second)]).await[0]["status"],
        "applied"
    );
    let list = app.get("/v1/dnc", &owner.access_token).await.body;
    let listed: Vec<&Value> = list
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["phone"] == "+14155550166")
        .collect();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0]["id"], first.to_string());
    // The second device's own copy is tombstoned, so its cache drops the duplicate.
    assert!(
        tombstoned(&app, &agent, second).await,
        "the duplicate's id was not tombstoned"
    );
}
