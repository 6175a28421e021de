//! Invitations end to end against real PostgreSQL: the mailed link, accepting it, the
//! ways a link stops working, who may invite whom, and the plan's seat limit, including
//! two invitations racing for the last seat.

use brokerdesk_server::seed::DEMO_PASSWORD;
use brokerdesk_server::testing::TestApp;
use brokerdesk_server::testing::api::{Response, SignedIn, signed_in};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

const INVITEE_PASSWORD: &str = "violet-harbour-quartz-lantern";

async fn invite(app: &TestApp, token: &str, email: &str, role: &str) -> Response {
    let body = json!({ "email": email, "role": role });
    app.post("/v1/invitations", token, Some(body)).await
}

/// Invites and returns the token from the link, asserting it worked.
async fn invited(app: &TestApp, token: &str, email: &str, role: &str) -> (String, String) {
    let response = invite(app, token, email, role).await;
    assert_eq!(response.status, StatusCode::CREATED, "{:?}", response.body);
    let id = response.body["invitation"]["id"].as_str().unwrap();
    (id.to_owned(), link_token(&response.body["inviteUrl"]))
}

/// Resends or revokes invitation `id`.
async fn on_invitation(app: &TestApp, token: &str, id: &str, action: &str) -> Response {
    let path = format!("/v1/invitations/{id}/{action}");
    app.post(&path, token, None).await
}

/// The member with `email`, as `GET /v1/users` lists them.
async fn member(app: &TestApp, token: &str, email: &str) -> Option<Value> {
    let users = app.get("/v1/users", token).await.body;
    let found = users.as_array()?.iter().find(|u| u["email"] == email);
    found.cloned()
}

fn link_token(url: &Value) -> String {
    let url = url.as_str().expect("an invite URL");
    url.rsplit('/').next().unwrap().to_owned()
}

async fn accept(app: &TestApp, token: &str, name: &str, password: &str) -> Response {
    let body = json!({ "token": token, "name": name, "password": password });
    app.call(Method::POST, "/v1/invitations/accept", None, Some(body))
        .await
}

/// Registers `subdomain` (Free) and moves it to `plan` behind the API's back.
async fn tenant_on(app: &TestApp, subdomain: &str, plan: &str) -> SignedIn {
    let owner = app.register(subdomain).await;
    app.set_plan(subdomain, plan).await;
    owner
}

fn assert_refused(response: &Response, status: StatusCode, code: &str) {
    assert_eq!(
        (response.status, response.code()),
        (status, code),
        "{:?}",
        response.body
    );
}

#[tokio::test]
async fn an_invitee_accepts_the_mailed_link_once_and_can_sign_in() {
    let app = TestApp::spawn().await;
    let owner = tenant_on(&app, "acme", "starter").await;
    let response = invite(&app, &owner.access_token, "Ava@Acme.test", "agent").await;
    assert_eq!(response.status, StatusCode::CREATED, "{:?}", response.body);
    let url = response.body["inviteUrl"].as_str().unwrap().to_owned();
    assert!(
        url.starts_with("http://127.0.0.1:8080/invite/bdi."),
        "{url}"
    );
    assert_eq!(response.body["invitation"]["email"], "ava@acme.test");
    assert_eq!(response.body["invitation"]["status"], "pending");

    // Without SMTP the mail is in the outbox, carrying the link.
    let outbox = app.get("/v1/mail-outbox", &owner.access_token).await;
    assert_eq!(outbox.status, StatusCode::OK, "{:?}", outbox.body);
    let mails = outbox.body.as_array().unwrap();
    assert_eq!(mails.len(), 1);
    assert_eq!(mails[0]["to"], "ava@acme.test");
    assert!(mails[0]["body"].as_str().unwrap().contains(&url));
    let token = link_token(&json!(url));

    // Invited is not yet a member who can sign in, but holds a seat.
    let ava = member(&app, &owner.access_token, "ava@acme.test").await;
    assert_eq!(ava.unwrap()["status"], "invited");
    let early = app.sign_in("acme", "ava@acme.test", INVITEE_PASSWORD).await;
    assert_refused(&early, StatusCode::UNAUTHORIZED, "invalid_credentials");
    let pending = app.get("/v1/invitations", &owner.access_token).await.body;
    assert_eq!(pending.as_array().unwrap().len(), 1);

    let weak = accept(&app, &token, "Ava Agent", "password1234").await;
    assert_refused(&weak, StatusCode::UNPROCESSABLE_ENTITY, "weak_password");

    let accepted = accept(&app, &token, "  Ava Agent ", INVITEE_PASSWORD).await;
    assert_eq!(accepted.status, StatusCode::OK, "{:?}", accepted.body);
    let ava = signed_in(accepted);
    let me = app.get("/v1/me", &ava.access_token).await.body;
    assert_eq!(me["user"]["displayName"], "Ava Agent");
    assert_eq!(me["user"]["role"], "agent");
    assert_eq!(me["user"]["status"], "active");
    assert_eq!(me["tenant"]["id"], owner.tenant_id.as_str());
    let again = app.sign_in("acme", "ava@acme.test", INVITEE_PASSWORD).await;
    assert_eq!(again.status, StatusCode::OK, "{:?}", again.body);

    let reused = accept(&app, &token, "Mallory", "another-long-unusual-phrase").await;
    assert_refused(&reused, StatusCode::CONFLICT, "invitation_used");
    let pending = app.get("/v1/invitations", &owner.access_token).await.body;
    assert_eq!(pending, json!([]));

    // The trail records the invitation's life but never its secret.
    let trail = app.get("/v1/audit", &owner.access_token).await.body;
    let actions: Vec<&str> = trail
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    for action in ["invitation.created", "invitation.accepted"] {
        assert!(
            actions.contains(&action),
            "{action} missing from {actions:?}"
        );
    }
    let secret = token.rsplit('.').next().unwrap();
    assert!(
        !trail.to_string().contains(secret),
        "the token reached the trail"
    );
    // Nor the invitee's email: the trail holds no personal data.
    assert!(
        !trail.to_string().to_lowercase().contains("ava@acme.test"),
        "the invitee's email reached the trail: {trail}"
    );
}

#[tokio::test]
async fn expired_revoked_and_replaced_links_are_refused() {
    let app = TestApp::spawn().await;
    let owner = tenant_on(&app, "acme", "professional").await;
    let (expiring, expiring_token) =
        invited(&app, &owner.access_token, "exp@acme.test", "agent").await;
    let (revoked, revoked_token) =
        invited(&app, &owner.access_token, "rev@acme.test", "viewer").await;
    let admin = app.db.admin_pool().await;
    sqlx::query(
        "update invitations set expires_at = now() - interval '1 minute' where id = $1::uuid",
    )
    .bind(&expiring)
    .execute(&admin)
    .await
    .unwrap();

    let late = accept(&app, &expiring_token, "Eve", INVITEE_PASSWORD).await;
    assert_refused(&late, StatusCode::GONE, "invitation_expired");
    let list = app.get("/v1/invitations", &owner.access_token).await.body;
    let status_of = |id: &str| {
        list.as_array()
            .unwrap()
            .iter()
            .find(|i| i["id"] == id)
            .unwrap()["status"]
            .clone()
    };
    assert_eq!(status_of(&expiring), "expired");
    assert_eq!(status_of(&revoked), "pending");

    let done = on_invitation(&app, &owner.access_token, &revoked, "revoke").await;
    assert_eq!(done.status, StatusCode::OK, "{:?}", done.body);
    assert_eq!(done.body["status"], "revoked");
    let refused = accept(&app, &revoked_token, "Rex", INVITEE_PASSWORD).await;
    assert_refused(&refused, StatusCode::GONE, "invitation_revoked");
    let twice = on_invitation(&app, &owner.access_token, &revoked, "revoke").await;
    assert_refused(&twice, StatusCode::CONFLICT, "invitation_revoked");
    // The revoked invitee's pending membership is gone, so the seat and address are free.
    let removed = member(&app, &owner.access_token, "rev@acme.test").await;
    assert_eq!(removed, None);
    let plan = app.get("/v1/plan", &owner.access_token).await.body;
    assert_eq!(plan["usage"]["users"], 2, "{plan}");
    invited(&app, &owner.access_token, "rev@acme.test", "viewer").await;

    // Resending the expired invitation replaces its link: the old one finds nothing.
    let resent = on_invitation(&app, &owner.access_token, &expiring, "resend").await;
    assert_eq!(resent.status, StatusCode::OK, "{:?}", resent.body);
    assert_eq!(resent.body["invitation"]["status"], "pending");
    let fresh_token = link_token(&resent.body["inviteUrl"]);
    assert_ne!(fresh_token, expiring_token);
    let mails = app.get("/v1/mail-outbox", &owner.access_token).await.body;
    let to_eve = mails
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["to"] == "exp@acme.test");
    assert_eq!(to_eve.count(), 2, "the resend wrote a second mail");
    let stale = accept(&app, &expiring_token, "Eve", INVITEE_PASSWORD).await;
    assert_refused(&stale, StatusCode::NOT_FOUND, "not_found");
    let ok = accept(&app, &fresh_token, "Eve", INVITEE_PASSWORD).await;
    assert_eq!(ok.status, StatusCode::OK, "{:?}", ok.body);

    // Deactivating someone who has not accepted yet withdraws their invitation.
    let (_, dropped_token) = invited(&app, &owner.access_token, "gone@acme.test", "agent").await;
    let gone = member(&app, &owner.access_token, "gone@acme.test").await;
    let gone_id = gone.unwrap()["id"].as_str().unwrap().to_owned();
    let path = format!("/v1/users/{gone_id}/deactivate");
    let deactivated = app.post(&path, &owner.access_token, None).await;
    assert_eq!(deactivated.status, StatusCode::OK, "{:?}", deactivated.body);
    let refused = accept(&app, &dropped_token, "Gone", INVITEE_PASSWORD).await;
    assert_refused(&refused, StatusCode::GONE, "invitation_revoked");

    for garbage in ["", "bdi.x.y", "bdr.0190c0de00007000800000000000000a.AAAA"] {
        let response = accept(&app, garbage, "Eve", INVITEE_PASSWORD).await;
        assert_refused(&response, StatusCode::NOT_FOUND, "not_found");
    }
    let trail = app
        .get("/v1/audit", &owner.access_token)
        .await
        .body
        .to_string();
    for action in ["invitation.resent", "invitation.revoked"] {
        assert!(trail.contains(action), "{action} missing");
    }
    for invitee in ["exp@acme.test", "rev@acme.test"] {
        assert!(!trail.contains(invitee), "{invitee} reached the trail");
    }
}

#[tokio::test]
async fn inviters_grant_only_roles_they_may_assign() {
    let app = TestApp::spawn().await;
    brokerdesk_server::seed::seed_demo(&app.db.args)
        .await
        .unwrap();
    let as_role = |role: &'static str| {
        let app = &app;
        async move {
            let email = format!("{role}@acme.test");
            signed_in(app.sign_in("acme", &email, DEMO_PASSWORD).await)
        }
    };
    let (owner, admin, agent, viewer) = tokio::join!(
        as_role("owner"),
        as_role("admin"),
        as_role("agent"),
        as_role("viewer")
    );

    let admin_makes_owner = invite(&app, &admin.access_token, "boss@acme.test", "owner").await;
    assert_refused(
        &admin_makes_owner,
        StatusCode::FORBIDDEN,
        "role_not_grantable",
    );
    for token in [&agent.access_token, &viewer.access_token] {
        let refused = invite(&app, token, "x@acme.test", "viewer").await;
        assert_refused(&refused, StatusCode::FORBIDDEN, "forbidden");
        let outbox = app.get("/v1/mail-outbox", token).await;
        assert_refused(&outbox, StatusCode::FORBIDDEN, "forbidden");
    }
    let agent_plan = app.get("/v1/plan", &agent.access_token).await;
    assert_refused(&agent_plan, StatusCode::FORBIDDEN, "forbidden");
    assert_eq!(
        app.get("/v1/plan", &viewer.access_token).await.status,
        StatusCode::OK
    );

    let (co_owner, _) = invited(&app, &owner.access_token, "co-owner@acme.test", "owner").await;
    invited(&app, &admin.access_token, "new-agent@acme.test", "agent").await;
    // An admin cannot resend or withdraw an owner's invitation either.
    for action in ["resend", "revoke"] {
        let refused = on_invitation(&app, &admin.access_token, &co_owner, action).await;
        assert_refused(&refused, StatusCode::FORBIDDEN, "role_not_grantable");
    }
    for taken in ["agent@acme.test", "AGENT@acme.test", "new-agent@acme.test"] {
        let duplicate = invite(&app, &owner.access_token, taken, "viewer").await;
        assert_refused(&duplicate, StatusCode::CONFLICT, "email_taken");
    }
    let bad = invite(&app, &owner.access_token, "not-an-email", "viewer").await;
    assert_refused(&bad, StatusCode::UNPROCESSABLE_ENTITY, "invalid_email");
}

#[tokio::test]
async fn the_plan_counts_seats_and_a_full_plan_refuses_invitations() {
    let app = TestApp::spawn().await;
    let free = app.register("solo").await;
    let refused = invite(&app, &free.access_token, "second@solo.test", "agent").await;
    assert_refused(&refused, StatusCode::FORBIDDEN, "quota_exceeded");
    assert_eq!(
        refused.body["message"],
        "Your Free plan allows 1 user and you have 1. Upgrade to add more."
    );
    let outbox = app.get("/v1/mail-outbox", &free.access_token).await.body;
    assert_eq!(outbox, json!([]), "a refused invitation leaves no mail");

    let owner = tenant_on(&app, "acme", "starter").await;
    sqlx::query(
        "update tenants set trial_ends_at = '2026-12-31T00:00:00Z' where subdomain = 'acme'",
    )
    .execute(&app.db.admin_pool().await)
    .await
    .unwrap();
    let plan = app.get("/v1/plan", &owner.access_token).await;
    assert_eq!(plan.status, StatusCode::OK, "{:?}", plan.body);
    assert_eq!(plan.body["plan"]["tier"], "starter");
    assert_eq!(
        plan.body["plan"]["limits"]["users"],
        json!({"kind": "at_most", "value": 3})
    );
    assert_eq!(plan.body["plan"]["requestsPer15Min"], 500);
    assert_eq!(plan.body["plan"]["features"]["apiAccess"], true);
    assert_eq!(plan.body["status"], "active");
    assert_eq!(plan.body["trialEndsAt"], "2026-12-31T00:00:00Z");
    assert_eq!(
        plan.body["usage"],
        json!({"users": 1, "invitedUsers": 0, "leads": 0, "aiCallsThisMonth": 0, "storageBytes": 0})
    );

    invited(&app, &owner.access_token, "one@acme.test", "agent").await;
    let (_, token) = invited(&app, &owner.access_token, "two@acme.test", "viewer").await;
    let full = invite(&app, &owner.access_token, "three@acme.test", "agent").await;
    assert_refused(&full, StatusCode::FORBIDDEN, "quota_exceeded");
    assert_eq!(
        full.body["message"],
        "Your Starter plan allows 3 users and you have 3. Upgrade to add more."
    );
    let ok = accept(&app, &token, "Two", INVITEE_PASSWORD).await;
    assert_eq!(ok.status, StatusCode::OK, "{:?}", ok.body);
    let usage = app.get("/v1/plan", &owner.access_token).await.body["usage"].clone();
    assert_eq!(
        (usage["users"].clone(), usage["invitedUsers"].clone()),
        (json!(3), json!(1))
    );
}

/// Two invitations for the last seat of a Starter tenant, sent at the same moment: the
/// tenant clock's row lock makes the second wait for the first to commit, so it counts
/// the first one's seat and is refused. Repeated with fresh tenants, since one lucky
/// ordering would prove nothing.
#[tokio::test]
async fn two_invitations_racing_for_the_last_seat_cannot_both_win() {
    let app = TestApp::spawn().await;
    let admin = app.db.admin_pool().await;
    for round in 0..6 {
        let subdomain = format!("race{round}");
        let owner = tenant_on(&app, &subdomain, "starter").await;
        invited(
            &app,
            &owner.access_token,
            &format!("second@{subdomain}.test"),
            "agent",
        )
        .await;

        let (a, b) = (format!("a@{subdomain}.test"), format!("b@{subdomain}.test"));
        let (first, second) = tokio::join!(
            invite(&app, &owner.access_token, &a, "agent"),
            invite(&app, &owner.access_token, &b, "agent"),
        );
        let mut outcomes = [
            (first.status, first.code().to_owned()),
            (second.status, second.code().to_owned()),
        ];
        outcomes.sort();
        assert_eq!(
            outcomes,
            [
                (StatusCode::CREATED, String::new()),
                (StatusCode::FORBIDDEN, "quota_exceeded".to_owned()),
            ],
            "round {round}: {:?} / {:?}",
            first.body,
            second.body
        );
        let seats: i64 = sqlx::query_scalar(
            "select count(*) from users u join tenants t on t.id = u.tenant_id
              where t.subdomain = $1 and u.status in ('active', 'invited')",
        )
        .bind(&subdomain)
        .fetch_one(&admin)
        .await
        .unwrap();
        assert_eq!(seats, 3, "round {round}");
    }
}

/// With SMTP configured, nothing goes to the outbox; a mail server that cannot be
/// reached loses the mail (logged), not the invitation, whose link is in the response.
#[tokio::test]
async fn with_smtp_configured_an_unreachable_server_does_not_undo_the_invitation() {
    let app = TestApp::spawn_with(|config| {
        config.smtp_url = Some("smtp://127.0.0.1:9".into());
        config.public_url = "https://app.brokerdesk.example/".into();
    })
    .await;
    let owner = tenant_on(&app, "acme", "starter").await;
    let response = invite(&app, &owner.access_token, "ava@acme.test", "agent").await;
    assert_eq!(response.status, StatusCode::CREATED, "{:?}", response.body);
    let url = response.body["inviteUrl"].as_str().unwrap();
    assert!(
        url.starts_with("https://app.brokerdesk.example/invite/bdi."),
        "{url}"
    );
    let outbox = app.get("/v1/mail-outbox", &owner.access_token).await.body;
    assert_eq!(outbox, json!([]));
    let accepted = accept(&app, &link_token(&json!(url)), "Ava", INVITEE_PASSWORD).await;
    assert_eq!(accepted.status, StatusCode::OK, "{:?}", accepted.body);
}
