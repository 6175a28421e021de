//! Registration, sign-in, tokens and sessions, including the ways an attacker would try
//! to get around them.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use brokerdesk_server::auth::tokens::{AUDIENCE, ISSUER};
use brokerdesk_server::seed::DEMO_PASSWORD;
use brokerdesk_server::testing::api::signed_in;
use brokerdesk_server::testing::{TEST_JWT_SECRET, TestApp};
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

fn forge(claims: Value, secret: &str) -> String {
    jsonwebtoken::encode(
        &Header::new(Algorithm::HS256),
        &claims,
        &EncodingKey::from_secret(secret.as_bytes()),
    )
    .unwrap()
}

fn claims_of(token: &str) -> Value {
    let payload = token.split('.').nth(1).unwrap();
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(payload).unwrap()).unwrap()
}

#[tokio::test]
async fn registration_signs_the_owner_in() {
    let app = TestApp::spawn().await;
    let owner = app.register("acme").await;
    let me = app.get("/v1/me", &owner.access_token).await;
    assert_eq!(me.status, StatusCode::OK, "{:?}", me.body);
    assert_eq!(me.body["user"]["role"], "owner");
    assert_eq!(me.body["user"]["email"], "owner@acme.test");
    assert_eq!(me.body["tenant"]["subdomain"], "acme");
    assert_eq!(me.body["tenant"]["plan"], "free");
    assert_eq!(me.body["tenant"]["id"], owner.tenant_id.as_str());
}

#[tokio::test]
async fn registration_explains_each_bad_input() {
    let app = TestApp::spawn().await;
    app.register("taken").await;
    let good = json!({
        "companyName": "Summit Homes", "subdomain": "summit", "ownerEmail": "sam@summit.test",
        "ownerName": "Sam", "ownerPassword": "copper-lantern-orbit-meadow",
    });
    let cases = [
        (
            "subdomain",
            json!("Summit"),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_subdomain",
        ),
        (
            "subdomain",
            json!("www"),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_subdomain",
        ),
        (
            "subdomain",
            json!("taken"),
            StatusCode::CONFLICT,
            "subdomain_taken",
        ),
        (
            "ownerEmail",
            json!("not-an-email"),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_email",
        ),
        (
            "ownerPassword",
            json!("short"),
            StatusCode::UNPROCESSABLE_ENTITY,
            "weak_password",
        ),
        (
            "ownerPassword",
            json!("password1234"),
            StatusCode::UNPROCESSABLE_ENTITY,
            "weak_password",
        ),
        (
            "companyName",
            json!("  "),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_company_name",
        ),
        (
            "companyName",
            json!("Summit\r\nBcc: x@example.org"),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_company_name",
        ),
    ];
    for (field, value, status, code) in cases {
        let mut body = good.clone();
        body[field] = value.clone();
        let response = app
            .call(Method::POST, "/v1/tenants", None, Some(body))
            .await;
        assert_eq!(
            (response.status, response.code()),
            (status, code),
            "{field} = {value}: {:?}",
            response.body
        );
        assert!(!response.body["message"].as_str().unwrap().is_empty());
    }
    let ok = app
        .call(Method::POST, "/v1/tenants", None, Some(good))
        .await;
    assert_eq!(ok.status, StatusCode::CREATED);
}

#[tokio::test]
async fn wrong_credentials_fail_alike_and_are_audited() {
    let app = TestApp::spawn().await;
    let owner = app.register("acme").await;
    for (tenant, email, password) in [
        ("acme", "owner@acme.test", "wrong-password-entirely"),
        ("acme", "nobody@acme.test", "copper-lantern-orbit-meadow"),
        ("nowhere", "owner@acme.test", "copper-lantern-orbit-meadow"),
    ] {
        let response = app.sign_in(tenant, email, password).await;
        assert_eq!(
            (response.status, response.code()),
            (StatusCode::UNAUTHORIZED, "invalid_credentials")
        );
    }
    let ok = app
        .sign_in("acme", "OWNER@acme.test", "copper-lantern-orbit-meadow")
        .await;
    assert_eq!(ok.status, StatusCode::OK, "email is case-insensitive");

    let trail = app.get("/v1/audit", &owner.access_token).await;
    let actions: Vec<&str> = trail
        .body
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(
        actions
            .iter()
            .filter(|a| **a == "auth.sign_in_failed")
            .count(),
        2,
        "{actions:?}"
    );
    assert!(actions.contains(&"auth.signed_in"));
    // The trail can never be erased, so it must not keep what a stranger typed.
    let text = trail.body.to_string();
    assert!(!text.contains("nobody@"), "typed address kept: {text}");
    let unknown = trail
        .body
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["action"] == "auth.sign_in_failed" && e["details"]["knownUser"] == false)
        .expect("the unknown address's attempt is audited");
    assert_eq!(unknown["details"]["emailDomain"], "acme.test");
}

#[tokio::test]
async fn refresh_tokens_rotate_and_reuse_revokes_the_whole_family() {
    let app = TestApp::spawn().await;
    let first = app.register("acme").await;

    let second = signed_in(app.refresh(&first.refresh_token).await);
    assert_ne!(second.refresh_token, first.refresh_token);
    assert_eq!(
        app.get("/v1/me", &second.access_token).await.status,
        StatusCode::OK
    );

    // The first token is replayed, as a thief holding a copy would.
    let replay = app.refresh(&first.refresh_token).await;
    assert_eq!(
        (replay.status, replay.code()),
        (StatusCode::UNAUTHORIZED, "refresh_token_reused")
    );
    // Every descendant of that sign-in is now dead, including the legitimate newest pair.
    let after = app.refresh(&second.refresh_token).await;
    assert_eq!(after.status, StatusCode::UNAUTHORIZED);
    let me = app.get("/v1/me", &second.access_token).await;
    assert_eq!(
        (me.status, me.code()),
        (StatusCode::UNAUTHORIZED, "session_ended")
    );

    for garbage in ["", "bdr.x.y", "bdr.0190c0de00007000800000000000000a.AAAA"] {
        assert_eq!(
            app.refresh(garbage).await.status,
            StatusCode::UNAUTHORIZED,
            "{garbage}"
        );
    }
}

#[tokio::test]
async fn tampered_expired_and_foreign_tokens_are_refused() {
    let app = TestApp::spawn().await;
    let acme = app.register("acme").await;
    let summit = app.register("summit").await;
    let claims = claims_of(&acme.access_token);
    let now = chrono::Utc::now().timestamp();

    let mut other_tenant = claims.clone();
    other_tenant["tid"] = json!(summit.tenant_id);
    let mut expired = claims.clone();
    expired["exp"] = json!(now - 3600);
    let mut wrong_audience = claims.clone();
    wrong_audience["aud"] = json!("someone-else");
    let header_none = URL_SAFE_NO_PAD.encode(br#"{"alg":"none","typ":"JWT"}"#);
    let body = URL_SAFE_NO_PAD.encode(serde_json::to_vec(&other_tenant).unwrap());
    let parts: Vec<&str> = acme.access_token.split('.').collect();

    let tokens = [
        (
            "payload edited to another tenant, old signature",
            format!("{}.{}.{}", parts[0], body, parts[2]),
        ),
        ("alg none", format!("{header_none}.{body}.")),
        (
            "signed with the wrong key",
            forge(claims.clone(), "not-the-server-secret-but-32-bytes!!"),
        ),
        ("expired", forge(expired, TEST_JWT_SECRET)),
        ("wrong audience", forge(wrong_audience, TEST_JWT_SECRET)),
        // Even a validly signed token naming another tenant finds no session there.
        (
            "right key, other tenant",
            forge(other_tenant, TEST_JWT_SECRET),
        ),
        ("not a JWT", "abc".to_owned()),
    ];
    for (what, token) in tokens {
        let response = app.get("/v1/users", &token).await;
        assert_eq!(
            response.status,
            StatusCode::UNAUTHORIZED,
            "{what}: {:?}",
            response.body
        );
        assert!(
            !response.body.to_string().contains("summit.test"),
            "{what} leaked summit's data"
        );
    }
    let missing = app.call(Method::GET, "/v1/users", None, None).await;
    assert_eq!(
        (missing.status, missing.code()),
        (StatusCode::UNAUTHORIZED, "not_signed_in")
    );
    assert_eq!(claims["iss"], ISSUER);
    assert_eq!(claims["aud"], AUDIENCE);
    assert!(
        claims["exp"].as_i64().unwrap() - now <= 15 * 60,
        "access tokens live 15 minutes at most"
    );
}

#[tokio::test]
async fn signing_out_and_revoking_a_session_end_it_at_once() {
    let app = TestApp::spawn().await;
    let laptop = app.register("acme").await;
    let phone = signed_in(
        app.sign_in("acme", "owner@acme.test", "copper-lantern-orbit-meadow")
            .await,
    );

    let sessions = app.get("/v1/me/sessions", &laptop.access_token).await;
    let list = sessions.body.as_array().unwrap();
    assert_eq!(list.len(), 2);
    let phone_session = claims_of(&phone.access_token)["sid"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(
        list.iter()
            .any(|s| s["id"] == phone_session.as_str() && s["current"] == false)
    );

    let revoked = app
        .call(
            Method::DELETE,
            &format!("/v1/me/sessions/{phone_session}"),
            Some(&laptop.access_token),
            None,
        )
        .await;
    assert_eq!(revoked.status, StatusCode::NO_CONTENT);
    assert_eq!(
        app.get("/v1/me", &phone.access_token).await.status,
        StatusCode::UNAUTHORIZED
    );

    let out = app
        .post("/v1/auth/sign-out", &laptop.access_token, None)
        .await;
    assert_eq!(out.status, StatusCode::NO_CONTENT);
    assert_eq!(
        app.get("/v1/me", &laptop.access_token).await.status,
        StatusCode::UNAUTHORIZED
    );
    let refresh = app.refresh(&laptop.refresh_token).await;
    assert_eq!(refresh.status, StatusCode::UNAUTHORIZED);
}

/// Signs in as each seeded demo role of acme.
async fn demo(app: &TestApp) -> [(String, brokerdesk_server::testing::api::SignedIn); 4] {
    brokerdesk_server::seed::seed_demo(&app.db.args)
        .await
        .unwrap();
    let mut out = Vec::new();
    for role in ["owner", "admin", "agent", "viewer"] {
        let response = app
            .sign_in("acme", &format!("{role}@acme.test"), DEMO_PASSWORD)
            .await;
        assert_eq!(
            response.status,
            StatusCode::OK,
            "{role}: {:?}",
            response.body
        );
        out.push((role.to_owned(), signed_in(response)));
    }
    out.try_into().ok().unwrap()
}

async fn user_id(app: &TestApp, token: &str, email: &str) -> String {
    let users = app.get("/v1/users", token).await;
    users
        .body
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["email"] == email)
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

#[tokio::test]
async fn role_changes_follow_the_permission_matrix_and_are_audited() {
    let app = TestApp::spawn().await;
    let [(_, owner), (_, admin), (_, agent), (_, viewer)] = demo(&app).await;
    let agent_id = user_id(&app, &owner.access_token, "agent@acme.test").await;
    let owner_id = user_id(&app, &owner.access_token, "owner@acme.test").await;
    let change = |token: String, id: String, role: &'static str| {
        let app = &app;
        async move {
            app.call(
                Method::PATCH,
                &format!("/v1/users/{id}/role"),
                Some(&token),
                Some(json!({ "role": role })),
            )
            .await
        }
    };

    let admin_grants_owner = change(admin.access_token.clone(), agent_id.clone(), "owner").await;
    assert_eq!(
        (admin_grants_owner.status, admin_grants_owner.code()),
        (StatusCode::FORBIDDEN, "role_not_grantable")
    );
    for token in [agent.access_token.clone(), viewer.access_token.clone()] {
        let refused = change(token, agent_id.clone(), "viewer").await;
        assert_eq!(
            (refused.status, refused.code()),
            (StatusCode::FORBIDDEN, "forbidden")
        );
    }
    let promoted = change(owner.access_token.clone(), agent_id.clone(), "admin").await;
    assert_eq!(promoted.status, StatusCode::OK, "{:?}", promoted.body);
    assert_eq!(promoted.body["role"], "admin");

    let last_owner = change(owner.access_token.clone(), owner_id, "admin").await;
    assert_eq!(
        (last_owner.status, last_owner.code()),
        (StatusCode::CONFLICT, "last_owner")
    );

    // The agent is now an admin on the very next request, although their token says agent.
    assert_eq!(
        app.get("/v1/audit", &agent.access_token).await.status,
        StatusCode::OK
    );

    let trail = app.get("/v1/audit", &owner.access_token).await.body;
    let entries: Vec<brokerdesk_core::audit::AuditEntry> = serde_json::from_value(trail).unwrap();
    let changes: Vec<_> = entries
        .iter()
        .filter(|e| e.action == "user.role_changed")
        .collect();
    assert_eq!(changes.len(), 1, "refused changes leave no entry");
    assert_eq!(
        changes[0].details,
        json!({ "from": "agent", "to": "admin" })
    );
    assert_eq!(changes[0].target.as_deref(), Some(agent_id.as_str()));
    let tenant = entries[0].tenant_id;
    let verdict = brokerdesk_core::audit::verify_chain(
        tenant,
        &entries,
        &brokerdesk_core::audit::ChainLink::genesis(),
    );
    assert!(
        matches!(verdict, brokerdesk_core::audit::ChainVerdict::Intact { .. }),
        "{verdict:?}"
    );
}

#[tokio::test]
async fn deactivating_a_user_ends_their_sessions_at_once() {
    let app = TestApp::spawn().await;
    let [(_, owner), _, (_, agent), _] = demo(&app).await;
    let agent_id = user_id(&app, &owner.access_token, "agent@acme.test").await;
    assert_eq!(
        app.get("/v1/me", &agent.access_token).await.status,
        StatusCode::OK
    );

    let done = app
        .post(
            &format!("/v1/users/{agent_id}/deactivate"),
            &owner.access_token,
            None,
        )
        .await;
    assert_eq!(done.status, StatusCode::OK, "{:?}", done.body);
    assert_eq!(done.body["status"], "deactivated");
    assert_eq!(
        app.get("/v1/me", &agent.access_token).await.status,
        StatusCode::UNAUTHORIZED
    );
    let refresh = app.refresh(&agent.refresh_token).await;
    assert_eq!(refresh.status, StatusCode::UNAUTHORIZED);
    let again = app.sign_in("acme", "agent@acme.test", DEMO_PASSWORD).await;
    assert_eq!(
        again.status,
        StatusCode::UNAUTHORIZED,
        "a deactivated user cannot sign in"
    );
}

#[tokio::test]
async fn a_suspended_tenant_reads_but_cannot_write() {
    let app = TestApp::spawn().await;
    let [(_, owner), _, _, _] = demo(&app).await;
    let agent_id = user_id(&app, &owner.access_token, "agent@acme.test").await;
    sqlx::query("update tenants set status = 'suspended' where subdomain = 'acme'")
        .execute(&app.db.admin_pool().await)
        .await
        .unwrap();
    assert_eq!(
        app.get("/v1/users", &owner.access_token).await.status,
        StatusCode::OK
    );
    let write = app
        .call(
            Method::PATCH,
            &format!("/v1/users/{agent_id}/role"),
            Some(&owner.access_token),
            Some(json!({ "role": "viewer" })),
        )
        .await;
    assert_eq!(
        (write.status, write.code()),
        (StatusCode::FORBIDDEN, "tenant_suspended")
    );

    // Deleted: every door answers 410 tenant_deleted, so a device shreds its copy.
    sqlx::query("update tenants set status = 'deleted' where subdomain = 'acme'")
        .execute(&app.db.admin_pool().await)
        .await
        .unwrap();
    let read = app.get("/v1/users", &owner.access_token).await;
    assert_eq!(
        (read.status, read.code()),
        (StatusCode::GONE, "tenant_deleted")
    );
    let sign_in = app.sign_in("acme", "owner@acme.test", DEMO_PASSWORD).await;
    assert_eq!(
        (sign_in.status, sign_in.code()),
        (StatusCode::GONE, "tenant_deleted")
    );
}
