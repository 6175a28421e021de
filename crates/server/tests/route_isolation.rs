//! Every route in the OpenAPI document, called with tenant B's credentials against
//! tenant A's ids: the answer is 403 or 404, never A's data, never a 500, and A's data
//! is unchanged afterwards. A route added later is covered without being listed here;
//! if it needs a request body this test does not know, the test says so and fails.

use brokerdesk_server::seed::DEMO_PASSWORD;
use brokerdesk_server::testing::TestApp;
use brokerdesk_server::testing::api::signed_in;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

/// Routes that act before anyone is signed in: they take no tenant ids, so there is
/// nothing of A's to aim at. Their own tests cover them.
const PUBLIC: &[&str] = &[
    "/healthz",
    "/v1/openapi.json",
    "/v1/tenants",
    "/v1/auth/sign-in",
    "/v1/auth/refresh",
    "/v1/invitations/accept",
];

/// A body that would be valid if the ids were B's own, so a refusal is about the ids.
fn body_for(method: &str, path: &str) -> Option<Value> {
    match (method, path) {
        ("patch", "/v1/users/{id}/role") => Some(json!({ "role": "viewer" })),
        ("post", "/v1/invitations") => {
            Some(json!({ "email": "new.member@summit.test", "role": "agent" }))
        }
        _ => None,
    }
}

type UserRow = (
    String,
    String,
    String,
    Option<chrono::DateTime<chrono::Utc>>,
);
type InvitationRow = (
    String,
    String,
    Option<uuid::Uuid>,
    Option<chrono::DateTime<chrono::Utc>>,
    Option<chrono::DateTime<chrono::Utc>>,
);

/// A's users with their sessions, and A's invitations, as stored.
async fn a_snapshot(app: &TestApp) -> (Vec<UserRow>, Vec<InvitationRow>) {
    let admin = app.db.admin_pool().await;
    let users = sqlx::query_as(
        "select u.email, u.role, u.status, s.revoked_at from users u
           join tenants t on t.id = u.tenant_id
           left join sessions s on s.tenant_id = u.tenant_id and s.user_id = u.id
          where t.subdomain = 'acme' order by u.email, s.created_at",
    )
    .fetch_all(&admin)
    .await
    .unwrap();
    let invitations = sqlx::query_as(
        "select i.email, i.token_hash, i.user_id, i.accepted_at, i.revoked_at from invitations i
           join tenants t on t.id = i.tenant_id
          where t.subdomain = 'acme' order by i.email",
    )
    .fetch_all(&admin)
    .await
    .unwrap();
    (users, invitations)
}

#[tokio::test]
async fn tenant_b_gets_nothing_of_tenant_a_from_any_route() {
    let app = TestApp::spawn().await;
    brokerdesk_server::seed::seed_demo(&app.db.args)
        .await
        .unwrap();
    let a_owner = signed_in(app.sign_in("acme", "owner@acme.test", DEMO_PASSWORD).await);
    let a_users = app.get("/v1/users", &a_owner.access_token).await.body;
    let a_user_ids: Vec<String> = a_users
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["id"].as_str().unwrap().to_owned())
        .collect();
    let a_session = app.get("/v1/me/sessions", &a_owner.access_token).await.body[0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let invited = app
        .post(
            "/v1/invitations",
            &a_owner.access_token,
            Some(json!({ "email": "invitee@acme.test", "role": "agent" })),
        )
        .await;
    assert_eq!(invited.status, StatusCode::CREATED, "{:?}", invited.body);
    let a_invitation = invited.body["invitation"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let before = a_snapshot(&app).await;

    let doc = app
        .call(Method::GET, "/v1/openapi.json", None, None)
        .await
        .body;
    let mut covered = 0;
    for (path, item) in doc["paths"].as_object().unwrap() {
        if PUBLIC.contains(&path.as_str()) {
            continue;
        }
        for (method, _) in item.as_object().unwrap() {
            // Aim every id parameter at something of A's: a session or an invitation where
            // the route is about those, otherwise a user (each of A's users in turn).
            let targets: Vec<String> = if !path.contains('{') {
                vec![path.clone()]
            } else if path.contains("sessions") {
                vec![path.replace("{id}", &a_session)]
            } else if path.contains("invitations") {
                vec![path.replace("{id}", &a_invitation)]
            } else {
                a_user_ids
                    .iter()
                    .map(|id| path.replace("{id}", id))
                    .collect()
            };
            for target in targets {
                // A fresh session each time: some routes (sign-out) end the caller's own.
                let b_owner = signed_in(
                    app.sign_in("summit", "owner@summit.test", DEMO_PASSWORD)
                        .await,
                );
                let response = app
                    .call(
                        method.to_uppercase().parse().unwrap(),
                        &target,
                        Some(&b_owner.access_token),
                        body_for(method, path),
                    )
                    .await;
                let text = response.body.to_string();
                assert_ne!(
                    response.status,
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "{method} {path}: give it a valid body in body_for() so the test probes isolation, not validation"
                );
                assert!(
                    !response.status.is_server_error(),
                    "{method} {target}: {} {text}",
                    response.status
                );
                assert!(
                    !text.contains("acme"),
                    "{method} {target} leaked tenant A's data: {text}"
                );
                assert!(
                    a_user_ids.iter().all(|id| !text.contains(id.as_str()))
                        && !text.contains(&a_session)
                        && !text.contains(&a_invitation),
                    "{method} {target} echoed tenant A's ids: {text}"
                );
                if path.contains('{') {
                    assert!(
                        matches!(
                            response.status,
                            StatusCode::NOT_FOUND | StatusCode::FORBIDDEN
                        ),
                        "{method} {target} answered {} to tenant B: {text}",
                        response.status
                    );
                }
                covered += 1;
            }
        }
    }
    assert!(
        covered >= 10,
        "only {covered} calls were made; did the OpenAPI document lose routes?"
    );
    assert_eq!(
        a_snapshot(&app).await,
        before,
        "tenant A's users, sessions or invitations changed"
    );
    // B's own session survived its probes too (sign-out aside, which is B's own business).
}
