//! Tenant API keys: shown once and stored as a hash, managed only by owners and admins on
//! a plan with API access, and accepted by integration routes only while they are valid,
//! unrevoked, unexpired and used in their own tenant.

use brokerdesk_server::seed::{DEMO_PASSWORD, seed_demo};
use brokerdesk_server::testing::TestApp;
use brokerdesk_server::testing::api::{Response, SignedIn, signed_in};
use reqwest::StatusCode;
use serde_json::{Value, json};

const WHOAMI: &str = "/v1/integrations/whoami";

async fn seeded() -> TestApp {
    let app = TestApp::spawn().await;
    seed_demo(&app.db.args).await.unwrap();
    app
}

async fn sign_in(app: &TestApp, tenant: &str, who: &str) -> SignedIn {
    signed_in(
        app.sign_in(tenant, &format!("{who}@{tenant}.test"), DEMO_PASSWORD)
            .await,
    )
}

/// Creates a key and returns (full key, its summary).
async fn create_key(app: &TestApp, user: &SignedIn, name: &str) -> (String, Value) {
    let body = json!({ "name": name, "scopes": ["leads:ingest", "kb:read"] });
    let response = app
        .post("/v1/api-keys", &user.access_token, Some(body))
        .await;
    assert_eq!(response.status, StatusCode::CREATED, "{:?}", response.body);
    (
        response.body["key"].as_str().unwrap().to_owned(),
        response.body["apiKey"].clone(),
    )
}

fn assert_invalid_key(response: &Response, what: &str) {
    assert_eq!(
        (response.status, response.code()),
        (StatusCode::UNAUTHORIZED, "invalid_api_key"),
        "{what}: {:?}",
        response.body
    );
}

/// The 43 random characters between `bd_live_` and the tenant part.
fn secret_of(key: &str) -> &str {
    &key["bd_live_".len().."bd_live_".len() + 43]
}

async fn revoke(app: &TestApp, user: &SignedIn, id: &str) -> Response {
    let path = format!("/v1/api-keys/{id}/revoke");
    app.post(&path, &user.access_token, None).await
}

async fn admin_exec(app: &TestApp, sql: &str, id: &str) {
    sqlx::query(sql)
        .bind(id.parse::<uuid::Uuid>().unwrap())
        .execute(&app.db.admin_pool().await)
        .await
        .unwrap();
}

#[tokio::test]
async fn a_created_key_is_shown_once_and_only_its_hash_is_stored() {
    let app = seeded().await;
    let owner = sign_in(&app, "acme", "owner").await;
    let (key, summary) = create_key(&app, &owner, "Website chatbot").await;

    assert!(key.starts_with("bd_live_"), "{key}");
    assert_eq!(summary["prefix"], &key[..12]);
    assert_eq!(summary["name"], "Website chatbot");
    assert_eq!(summary["scopes"], json!(["leads:ingest", "kb:read"]));
    assert_eq!(summary["createdBy"], owner.user_id.as_str());
    assert_eq!(summary["rotationDue"], false);

    let list = app.get("/v1/api-keys", &owner.access_token).await;
    assert_eq!(list.status, StatusCode::OK);
    let text = list.body.to_string();
    assert!(text.contains(summary["id"].as_str().unwrap()));
    assert!(!text.contains(secret_of(&key)), "the list shows the key");

    let admin = app.db.admin_pool().await;
    let rows: Vec<String> = sqlx::query_scalar("select row_to_json(k)::text from api_keys k")
        .fetch_all(&admin)
        .await
        .unwrap();
    assert_eq!(rows.len(), 3, "two demo keys and this one");
    for row in &rows {
        assert!(
            !row.contains(secret_of(&key)),
            "a column holds the key: {row}"
        );
    }
    let stored: String = sqlx::query_scalar(
        "select key_hash from api_keys where id = $1 and key_hash = encode(sha256($2::text::bytea), 'hex')",
    )
    .bind(summary["id"].as_str().unwrap().parse::<uuid::Uuid>().unwrap())
    .bind(&key)
    .fetch_one(&admin)
    .await
    .unwrap();
    assert_eq!(stored.len(), 64);
}

#[tokio::test]
async fn whoami_answers_for_a_live_key_in_its_own_tenant_only() {
    let app = seeded().await;
    let acme_owner = sign_in(&app, "acme", "owner").await;
    let summit_owner = sign_in(&app, "summit", "owner").await;
    let (acme_key, acme_summary) = create_key(&app, &acme_owner, "Chatbot").await;
    let (summit_key, _) = create_key(&app, &summit_owner, "Chatbot").await;

    let me = app.get(WHOAMI, &acme_key).await;
    assert_eq!(me.status, StatusCode::OK, "{:?}", me.body);
    assert_eq!(me.body["tenantId"], acme_owner.tenant_id.as_str());
    assert_eq!(me.body["tenantName"], "Acme Realty");
    assert_eq!(me.body["keyId"], acme_summary["id"]);
    assert_eq!(me.body["scopes"], json!(["leads:ingest", "kb:read"]));

    // The X-Api-Key header works as well as a bearer token.
    let by_header = reqwest::Client::new()
        .get(format!("{}{WHOAMI}", app.address))
        .header("X-Api-Key", &summit_key)
        .send()
        .await
        .unwrap();
    assert_eq!(by_header.status(), StatusCode::OK);
    let body: Value = by_header.json().await.unwrap();
    assert_eq!(body["tenantId"], summit_owner.tenant_id.as_str());

    let list = app.get("/v1/api-keys", &acme_owner.access_token).await.body;
    let listed = list
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["id"] == acme_summary["id"])
        .unwrap();
    assert!(listed["lastUsedAt"].is_string(), "{listed}");
}

#[tokio::test]
async fn wrong_revoked_expired_and_foreign_keys_are_refused() {
    let app = seeded().await;
    let acme_owner = sign_in(&app, "acme", "owner").await;
    let summit_owner = sign_in(&app, "summit", "owner").await;
    let (key, summary) = create_key(&app, &acme_owner, "Chatbot").await;
    let id = summary["id"].as_str().unwrap().to_owned();
    assert_eq!(app.get(WHOAMI, &key).await.status, StatusCode::OK);

    // One character of the secret changed.
    let mut tampered = key.clone().into_bytes();
    tampered[12] = if tampered[12] == b'A' { b'B' } else { b'A' };
    let tampered = String::from_utf8(tampered).unwrap();
    assert_invalid_key(&app.get(WHOAMI, &tampered).await, "tampered");
    // acme's secret presented as summit's key: it is looked up in summit, and not there.
    let summit_simple = summit_owner.tenant_id.replace('-', "");
    let moved = format!("{}{summit_simple}", &key[..key.len() - 32]);
    assert_invalid_key(&app.get(WHOAMI, &moved).await, "another tenant's id");
    // Other kinds of credential, and other formats.
    assert_invalid_key(&app.get(WHOAMI, &summit_owner.access_token).await, "JWT");
    assert_invalid_key(
        &app.get(WHOAMI, &summit_owner.refresh_token).await,
        "refresh",
    );
    let test_key = key.replacen("bd_live_", "bd_test_", 1);
    assert_invalid_key(&app.get(WHOAMI, &test_key).await, "bd_test_");
    assert_invalid_key(
        &app.call(reqwest::Method::GET, WHOAMI, None, None).await,
        "none",
    );

    admin_exec(
        &app,
        "update api_keys set expires_at = now() - interval '1 minute' where id = $1",
        &id,
    )
    .await;
    assert_invalid_key(&app.get(WHOAMI, &key).await, "expired");
    admin_exec(
        &app,
        "update api_keys set expires_at = null where id = $1",
        &id,
    )
    .await;
    assert_eq!(app.get(WHOAMI, &key).await.status, StatusCode::OK);

    let revoked = revoke(&app, &acme_owner, &id).await;
    assert_eq!(revoked.status, StatusCode::OK, "{:?}", revoked.body);
    assert!(revoked.body["revokedAt"].is_string());
    assert_invalid_key(&app.get(WHOAMI, &key).await, "revoked");
    // Revoking again changes nothing; summit cannot revoke acme's key.
    let again = revoke(&app, &acme_owner, &id).await;
    assert_eq!(again.body["revokedAt"], revoked.body["revokedAt"]);
    let foreign = revoke(&app, &summit_owner, &id).await;
    assert_eq!(foreign.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn only_owners_and_admins_manage_keys() {
    let app = seeded().await;
    for who in ["agent", "viewer"] {
        let user = sign_in(&app, "acme", who).await;
        let body = json!({ "name": "Mine", "scopes": ["kb:read"] });
        let created = app
            .post("/v1/api-keys", &user.access_token, Some(body))
            .await;
        assert_eq!(created.status, StatusCode::FORBIDDEN, "{who}");
        assert_eq!(created.code(), "forbidden");
        let listed = app.get("/v1/api-keys", &user.access_token).await;
        assert_eq!(listed.status, StatusCode::FORBIDDEN, "{who}");
    }
    let admin = sign_in(&app, "acme", "admin").await;
    create_key(&app, &admin, "Admin's key").await;
}

#[tokio::test]
async fn requests_are_checked_before_a_key_is_made() {
    let app = seeded().await;
    let owner = sign_in(&app, "acme", "owner").await;
    for (body, status, code) in [
        (
            json!({ "name": " ", "scopes": ["kb:read"] }),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_name",
        ),
        (
            json!({ "name": "Website\nchatbot", "scopes": ["kb:read"] }),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_name",
        ),
        (
            json!({ "name": "x", "scopes": [] }),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_scopes",
        ),
        (
            json!({ "name": "x", "scopes": ["kb:read"], "expiresAt": "2020-01-01T00:00:00Z" }),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_expiry",
        ),
    ] {
        let response = app
            .post("/v1/api-keys", &owner.access_token, Some(body.clone()))
            .await;
        assert_eq!((response.status, response.code()), (status, code), "{body}");
    }
    let unknown = json!({ "name": "x", "scopes": ["leads:delete"] });
    let response = app
        .post("/v1/api-keys", &owner.access_token, Some(unknown))
        .await;
    assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn keys_work_only_on_a_plan_with_api_access() {
    let app = seeded().await;
    let free_owner = app.register("freebie").await;
    let body = json!({ "name": "Chatbot", "scopes": ["kb:read"] });
    let refused = app
        .post("/v1/api-keys", &free_owner.access_token, Some(body))
        .await;
    assert_eq!(
        (refused.status, refused.code()),
        (StatusCode::FORBIDDEN, "plan_feature_required")
    );
    let message = refused.body["message"].as_str().unwrap();
    assert!(
        message.contains("Free plan") && message.contains("Upgrade"),
        "{message}"
    );

    let summit_owner = sign_in(&app, "summit", "owner").await;
    let (key, _) = create_key(&app, &summit_owner, "Chatbot").await;
    assert_eq!(app.get(WHOAMI, &key).await.status, StatusCode::OK);
    let set_plan = "update tenants set plan = $2 where id = $1";
    for (plan, status) in [("free", StatusCode::FORBIDDEN), ("starter", StatusCode::OK)] {
        sqlx::query(set_plan)
            .bind(summit_owner.tenant_id.parse::<uuid::Uuid>().unwrap())
            .bind(plan)
            .execute(&app.db.admin_pool().await)
            .await
            .unwrap();
        let response = app.get(WHOAMI, &key).await;
        assert_eq!(response.status, status, "on {plan}: {:?}", response.body);
        if plan == "free" {
            assert_eq!(response.code(), "plan_feature_required");
        }
    }

    admin_exec(
        &app,
        "update tenants set status = 'suspended' where id = $1",
        &summit_owner.tenant_id,
    )
    .await;
    let suspended = app.get(WHOAMI, &key).await;
    assert_eq!(
        (suspended.status, suspended.code()),
        (StatusCode::FORBIDDEN, "tenant_suspended")
    );
}

#[tokio::test]
async fn keys_older_than_ninety_days_are_due_for_rotation() {
    let app = seeded().await;
    let owner = sign_in(&app, "acme", "owner").await;
    let (_, old) = create_key(&app, &owner, "Old").await;
    let (_, new) = create_key(&app, &owner, "New").await;
    admin_exec(
        &app,
        "update api_keys set created_at = now() - interval '91 days' where id = $1",
        old["id"].as_str().unwrap(),
    )
    .await;
    let list = app.get("/v1/api-keys", &owner.access_token).await.body;
    let due = |id: &Value| {
        list.as_array()
            .unwrap()
            .iter()
            .find(|k| &k["id"] == id)
            .unwrap()["rotationDue"]
            .clone()
    };
    assert_eq!(due(&old["id"]), true);
    assert_eq!(due(&new["id"]), false);
}

#[tokio::test]
async fn creating_and_revoking_are_audited_without_key_material() {
    let app = seeded().await;
    let owner = sign_in(&app, "acme", "owner").await;
    let (key, summary) = create_key(&app, &owner, "Chatbot").await;
    let id = summary["id"].as_str().unwrap();
    revoke(&app, &owner, id).await;

    let trail = app.get("/v1/audit", &owner.access_token).await.body;
    let entries = trail.as_array().unwrap();
    for action in ["api_key.created", "api_key.revoked"] {
        let entry = entries
            .iter()
            .find(|e| e["action"] == action && e["target"] == id)
            .unwrap_or_else(|| panic!("no {action} entry in {trail}"));
        assert_eq!(entry["actor"]["id"], owner.user_id.as_str());
    }
    let text = trail.to_string();
    assert!(!text.contains(secret_of(&key)), "the trail holds the key");
    assert!(
        !text.contains(&key[..12]),
        "the trail holds the key's prefix"
    );
}

#[tokio::test]
async fn the_demo_seed_shows_each_key_once_and_it_works() {
    let app = TestApp::spawn().await;
    let first = seed_demo(&app.db.args).await.unwrap();
    let subdomains: Vec<&str> = first.api_keys.iter().map(|(s, _)| *s).collect();
    assert_eq!(subdomains, ["acme", "summit"]);
    let printed = first.to_string();
    for (_, key) in &first.api_keys {
        assert!(printed.contains(key.as_str()));
        assert_eq!(app.get(WHOAMI, key).await.status, StatusCode::OK);
    }
    let again = seed_demo(&app.db.args).await.unwrap();
    assert!(again.api_keys.is_empty() && again.created.is_empty());
    let stored: i64 = sqlx::query_scalar("select count(*) from api_keys")
        .fetch_one(&app.db.admin_pool().await)
        .await
        .unwrap();
    assert_eq!(stored, 2);
}

/// An API key, like a bearer token, works at its own brokerage's address and at an
/// address that names none, and is refused at another brokerage's.
#[tokio::test]
async fn a_key_sent_to_another_brokerages_address_is_refused() {
    let app = seeded().await;
    let acme_owner = sign_in(&app, "acme", "owner").await;
    let (acme_key, _) = create_key(&app, &acme_owner, "Chatbot").await;
    let status_via = |host| app.get_via_host(WHOAMI, &acme_key, host);
    assert_eq!(
        status_via("acme.brokerdesk.test").await.status(),
        StatusCode::OK
    );
    assert_eq!(status_via("api.example.com").await.status(), StatusCode::OK);
    let other = status_via("summit.brokerdesk.test").await;
    assert_eq!(other.status(), StatusCode::FORBIDDEN);
    let body: Value = other.json().await.unwrap();
    assert_eq!(body["code"], "tenant_mismatch");
}
