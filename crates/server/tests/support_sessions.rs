//! Platform staff: MFA-only sign-in, the tenant list, and support sessions that are
//! reasoned, time-boxed, restricted, and visible to the tenant's owner.

use brokerdesk_core::audit::{ActorKind, AuditEntry};
use brokerdesk_server::sealed::MasterKey;
use brokerdesk_server::seed::{DEMO_PASSWORD, seed_demo, seed_demo_staff};
use brokerdesk_server::staff::DEMO_STAFF_EMAIL;
use brokerdesk_server::testing::api::{SignedIn, signed_in};
use brokerdesk_server::testing::{TEST_MASTER_KEY, TestApp, demo_staff_code};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

/// The demo tenants and staff member; returns acme's owner and a staff token.
async fn demo(app: &TestApp) -> (SignedIn, String) {
    let (owner, staff, _) = demo_with_code(app).await;
    (owner, staff)
}

/// As `demo`, also returning the authenticator code the staff sign-in used.
async fn demo_with_code(app: &TestApp) -> (SignedIn, String, String) {
    seed_demo(&app.db.args).await.unwrap();
    seed_demo_staff(
        &app.db.args,
        &MasterKey::from_base64(TEST_MASTER_KEY).unwrap(),
    )
    .await
    .unwrap();
    let owner = signed_in(app.sign_in("acme", "owner@acme.test", DEMO_PASSWORD).await);
    let code = demo_staff_code(0);
    let body = json!({ "email": DEMO_STAFF_EMAIL, "password": DEMO_PASSWORD, "mfaCode": code });
    let staff = app
        .call(Method::POST, "/v1/staff/sign-in", None, Some(body))
        .await;
    assert_eq!(staff.status, StatusCode::OK, "{:?}", staff.body);
    (
        owner,
        staff.body["accessToken"].as_str().unwrap().to_owned(),
        code,
    )
}

async fn open(
    app: &TestApp,
    staff: &str,
    tenant: &str,
    reason: &str,
) -> brokerdesk_server::testing::api::Response {
    let body = json!({ "tenantId": tenant, "reason": reason, "ticket": "SUP-1234" });
    app.post("/v1/staff/support-sessions", staff, Some(body))
        .await
}

#[tokio::test]
async fn staff_sign_in_needs_password_and_a_fresh_code() {
    let app = TestApp::spawn().await;
    let (_, _, used) = demo_with_code(&app).await;
    for (password, code, why) in [
        (DEMO_PASSWORD, "000000".to_owned(), "wrong code"),
        (
            "not-the-password-at-all",
            demo_staff_code(1),
            "wrong password",
        ),
        (DEMO_PASSWORD, used, "the code already used"),
    ] {
        let body = json!({ "email": DEMO_STAFF_EMAIL, "password": password, "mfaCode": code });
        let response = app
            .call(Method::POST, "/v1/staff/sign-in", None, Some(body))
            .await;
        assert_eq!(response.status, StatusCode::UNAUTHORIZED, "{why}");
    }
}

#[tokio::test]
async fn staff_and_tenant_tokens_never_stand_in_for_each_other() {
    let app = TestApp::spawn().await;
    let (owner, staff) = demo(&app).await;
    assert_eq!(
        app.get("/v1/staff/tenants", &owner.access_token)
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        app.get("/v1/users", &staff).await.status,
        StatusCode::UNAUTHORIZED
    );

    let tenants = app.get("/v1/staff/tenants", &staff).await;
    assert_eq!(tenants.status, StatusCode::OK);
    let listed: Vec<(&str, i64)> = tenants
        .body
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (
                t["tenant"]["subdomain"].as_str().unwrap(),
                t["users"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(listed, [("acme", 4), ("summit", 2)]);
    assert!(
        !tenants.body.to_string().contains("@acme.test"),
        "staff see no tenant data"
    );
    let searched = app.get("/v1/staff/tenants?q=summ", &staff).await.body;
    assert_eq!(searched.as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn a_support_session_is_reasoned_restricted_audited_and_ends() {
    let app = TestApp::spawn().await;
    let (owner, staff) = demo(&app).await;

    let short = open(&app, &staff, &owner.tenant_id, "quick look").await;
    assert_eq!(
        (short.status, short.code()),
        (StatusCode::UNPROCESSABLE_ENTITY, "reason_too_short")
    );
    let opened = open(
        &app,
        &staff,
        &owner.tenant_id,
        "Customer cannot see their agents list (ticket 1234)",
    )
    .await;
    assert_eq!(opened.status, StatusCode::CREATED, "{:?}", opened.body);
    let support = opened.body["accessToken"].as_str().unwrap().to_owned();
    let session_id = opened.body["session"]["id"].as_str().unwrap().to_owned();
    let expires =
        chrono::DateTime::parse_from_rfc3339(opened.body["session"]["expiresAt"].as_str().unwrap())
            .unwrap();
    assert!(
        expires <= chrono::Utc::now() + chrono::Duration::minutes(61),
        "time-boxed to an hour"
    );

    // Inside the tenant: reads work, and restricted actions are refused.
    let users = app.get("/v1/users", &support).await;
    assert_eq!(users.status, StatusCode::OK);
    let agent = users
        .body
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["email"] == "agent@acme.test")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let owner_id = owner.user_id.clone();
    for (method, path, body) in [
        (Method::GET, "/v1/provider-keys".to_owned(), None),
        (Method::POST, "/v1/exports".to_owned(), None),
        (Method::GET, "/v1/exports".to_owned(), None),
        (
            Method::POST,
            "/v1/api-keys".to_owned(),
            Some(json!({ "name": "x", "scopes": ["kb:read"] })),
        ),
        (
            Method::POST,
            "/v1/me/password".to_owned(),
            Some(json!({ "currentPassword": "x", "newPassword": "y" })),
        ),
        (Method::POST, "/v1/me/mfa/enrol".to_owned(), None),
        (
            Method::PATCH,
            format!("/v1/users/{owner_id}/role"),
            Some(json!({ "role": "admin" })),
        ),
        (
            Method::POST,
            format!("/v1/users/{owner_id}/deactivate"),
            None,
        ),
        // Shortening retention deletes records for good: the owner's decision alone.
        (
            Method::PUT,
            "/v1/retention/policies/conversations".to_owned(),
            Some(json!({ "months": 1 })),
        ),
    ] {
        let refused = app.call(method.clone(), &path, Some(&support), body).await;
        assert_eq!(
            refused.status,
            StatusCode::FORBIDDEN,
            "{method} {path}: {:?}",
            refused.body
        );
    }
    let changed = app
        .call(
            Method::PATCH,
            &format!("/v1/users/{agent}/role"),
            Some(&support),
            Some(json!({ "role": "viewer" })),
        )
        .await;
    assert_eq!(changed.status, StatusCode::OK, "{:?}", changed.body);

    // The owner reads the access, and what was done in it, in their own trail.
    let trail: Vec<AuditEntry> =
        serde_json::from_value(app.get("/v1/audit", &owner.access_token).await.body).unwrap();
    let opened_entry = trail
        .iter()
        .find(|e| {
            e.action == "support.session_opened" && e.support_ticket.as_deref() == Some("SUP-1234")
        })
        .expect("the access is audited");
    assert_eq!(opened_entry.actor.kind, ActorKind::Staff);
    assert_eq!(
        opened_entry.reason.as_deref(),
        Some("Customer cannot see their agents list (ticket 1234)")
    );
    assert_eq!(opened_entry.support_ticket.as_deref(), Some("SUP-1234"));
    let change = trail
        .iter()
        .find(|e| e.action == "user.role_changed")
        .unwrap();
    assert!(
        change.actor.is_support() && change.reason.is_some(),
        "{change:?}"
    );
    let sessions = app
        .get("/v1/support-sessions", &owner.access_token)
        .await
        .body;
    assert_eq!(sessions[0]["staffDisplay"], "Pat Support");

    let end = format!(
        "/v1/staff/tenants/{}/support-sessions/{session_id}/end",
        owner.tenant_id
    );
    assert_eq!(
        app.post(&end, &staff, None).await.status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        app.get("/v1/users", &support).await.status,
        StatusCode::UNAUTHORIZED,
        "ended at once"
    );
    assert_eq!(
        app.post(&end, &staff, None).await.status,
        StatusCode::NOT_FOUND
    );
    let trail = app.get("/v1/audit", &owner.access_token).await.body;
    assert!(
        trail
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["action"] == "support.session_ended")
    );
}

#[tokio::test]
async fn an_expired_support_session_stops_working_and_stays_in_its_tenant() {
    let app = TestApp::spawn().await;
    let (owner, staff) = demo(&app).await;
    let opened = open(
        &app,
        &staff,
        &owner.tenant_id,
        "Checking a reported sync problem",
    )
    .await
    .body;
    let support = opened["accessToken"].as_str().unwrap().to_owned();
    assert_eq!(app.get("/v1/users", &support).await.status, StatusCode::OK);

    // The same token, re-signed to name another tenant, finds no session there.
    let mut claims: Value = {
        use base64::Engine;
        let payload = support.split('.').nth(1).unwrap();
        serde_json::from_slice(
            &base64::engine::general_purpose::URL_SAFE_NO_PAD
                .decode(payload)
                .unwrap(),
        )
        .unwrap()
    };
    let summit: String =
        sqlx::query_scalar("select id::text from tenants where subdomain = 'summit'")
            .fetch_one(&app.db.admin_pool().await)
            .await
            .unwrap();
    claims["tid"] = json!(summit);
    let forged = jsonwebtoken::encode(
        &jsonwebtoken::Header::new(jsonwebtoken::Algorithm::HS256),
        &claims,
        &jsonwebtoken::EncodingKey::from_secret(
            brokerdesk_server::testing::TEST_JWT_SECRET.as_bytes(),
        ),
    )
    .unwrap();
    assert_eq!(
        app.get("/v1/users", &forged).await.status,
        StatusCode::UNAUTHORIZED
    );

    sqlx::query("update support_sessions set started_at = now() - interval '2 hours', expires_at = now() - interval '1 hour'")
        .execute(&app.db.admin_pool().await)
        .await
        .unwrap();
    assert_eq!(
        app.get("/v1/users", &support).await.status,
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn the_demo_seed_leaves_a_past_support_session_in_acmes_trail() {
    let app = TestApp::spawn().await;
    let (owner, _) = demo(&app).await;
    let sessions = app
        .get("/v1/support-sessions", &owner.access_token)
        .await
        .body;
    assert_eq!(sessions[0]["ticket"], "SUP-1001");
    assert!(
        sessions[0]["endedAt"].is_string(),
        "the demo session is over: {sessions}"
    );
    let trail: Vec<AuditEntry> =
        serde_json::from_value(app.get("/v1/audit", &owner.access_token).await.body).unwrap();
    assert!(
        trail
            .iter()
            .any(|e| e.action == "support.session_opened" && e.actor.is_support())
    );
}

#[tokio::test]
async fn staff_change_a_tenants_plan_and_status_and_the_owner_sees_why() {
    let app = TestApp::spawn().await;
    let (owner, staff) = demo(&app).await;
    let path = format!("/v1/staff/tenants/{}", owner.tenant_id);
    let patch = |body: Value| app.call(Method::PATCH, &path, Some(&staff), Some(body));

    let short = patch(json!({ "plan": "enterprise", "reason": "upgrade" })).await;
    assert_eq!(short.code(), "reason_too_short");
    let upgraded =
        patch(json!({ "plan": "enterprise", "reason": "Upgrade agreed on sales call 42" })).await;
    assert_eq!(upgraded.status, StatusCode::OK, "{:?}", upgraded.body);
    assert_eq!(upgraded.body["tenant"]["plan"], "enterprise");
    assert_eq!(
        app.get("/v1/me", &owner.access_token).await.body["tenant"]["plan"],
        "enterprise"
    );

    let suspended =
        patch(json!({ "status": "suspended", "reason": "Payment failed three times in a row" }))
            .await;
    assert_eq!(suspended.body["tenant"]["status"], "suspended");
    let write = app
        .post("/v1/me/mfa/enrol", &owner.access_token, None)
        .await;
    assert_eq!(write.code(), "tenant_suspended");

    let trail: Vec<AuditEntry> =
        serde_json::from_value(app.get("/v1/audit", &owner.access_token).await.body).unwrap();
    let changes: Vec<_> = trail
        .iter()
        .filter(|e| e.action == "tenant.updated_by_staff")
        .collect();
    assert_eq!(changes.len(), 2);
    assert_eq!(
        changes[0].reason.as_deref(),
        Some("Upgrade agreed on sales call 42")
    );
    let missing = app
        .call(
            Method::PATCH,
            "/v1/staff/tenants/00000000-0000-7000-8000-000000000000",
            Some(&staff),
            Some(json!({ "reason": "Looking for a tenant that is not there" })),
        )
        .await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
}
